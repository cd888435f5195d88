"""Realistic Vietnamese provincial reports with their ground truth (seeded)."""
