"""Benchmarks. `python -m bench` runs the city-scale figures of issue 11 (bench/__main__.py);
bench/projections.py, bench/reports.py and bench/history.py also run as scripts."""
