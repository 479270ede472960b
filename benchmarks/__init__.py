"""Benchmarks: measured, reported as figures and ratios; never asserted in unit tests."""
