"""Modal screens: help, skipped files, entity detail."""
