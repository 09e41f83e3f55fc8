"""Speed measurements, never timed tests: ``python -m benchmarks NAME`` (or ``all``).

Each benchmark module defines ``run(quick: bool) -> Report``; the runner prints the report as a
table and writes ``benchmarks/results/NAME.json``. Every benchmark compares against a baseline
measured in the same run, so ratios hold across machines.
"""
