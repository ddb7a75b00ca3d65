"""Tests of the reports package, one file per module."""
