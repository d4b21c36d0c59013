"""Sections of scripts/bench.py, one module each."""
