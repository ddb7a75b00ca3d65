"""Tests of the conformance package, one file per module."""
