"""Tests of conformance.targets, one file per module."""
