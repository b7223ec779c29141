"""The thread_pool kata's steps, in order (used by its BUILD and the workshop test)."""

STEPS = [
    "00_single_threaded",
    "01_use_a_pool",
    "02_declare_the_class",
    "03_constructor",
    "04_execute_std_function",
    "05_move_only_function",
    "06_workers",
    "07_give_workers_the_queue",
    "08_share_the_queue",
    "09_unique_lock",
    "10_join_workers",
    "11_test_the_pool",
]
