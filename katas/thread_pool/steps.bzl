"""The thread_pool kata's steps, in order (used by its BUILD and the workshop test)."""

STEPS = [
    "00_single_threaded",
    "01_use_a_pool",
    "02_declare_the_class",
    "03_constructor",
    "04_execute_std_function",
    "05_wish_for_a_job",
    "06_hide_the_type",
    "07_call_without_const",
    "08_workers",
    "09_give_workers_the_queue",
    "10_share_the_queue",
    "11_an_empty_job",
    "12_unique_lock",
    "13_worker_ids",
    "14_join_workers",
    "15_test_the_pool",
    "16_refuse_zero_workers",
]
