"""Benchmarks, side by side with their anchors: ``python -m bench.NAME [--quick]`` (see harness)."""
