"""Tests of the strategies package, one file per module."""
