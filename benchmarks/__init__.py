"""Benchmarks for the Calf Massage Workbook: each figure measured side by side with its floor.

Run ``make bench`` (or ``python -m benchmarks``). Ratios, not absolute times, are what we compare:
our command and its floor are interleaved in the same run because these machines are noisy.
"""
