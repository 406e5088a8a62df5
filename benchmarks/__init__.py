"""
Benchmarks behind ``make bench``: each issue's speed target measured against a baseline run in
the same process, printed as ratios. Run with ``python -m benchmarks [name ...]``.
"""
