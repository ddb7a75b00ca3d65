"""Tests of strategies.mutations, one file per mutation module."""
