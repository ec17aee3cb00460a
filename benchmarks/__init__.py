"""Benchmark workloads W1-W7, one per module; `python -m benchmarks.run` prints the table."""
