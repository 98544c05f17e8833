"""Entrypoints: the command line (and later the scheduler daemon)."""
