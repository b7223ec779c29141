"""bench/http's harness: the modules behind the one benchmark command.

main runs it; cli reads the command line; peers says how each server is
configured and started; workloads is the table of what wrk does to them;
quiet measures the CPU nobody under test used; wrk, stats, report and chart
turn outputs into RESULTS.md and results.png.
"""
