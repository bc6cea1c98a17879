"""Benchmarks: figures printed, never asserted. Run all with `bash dev.sh bench`."""
