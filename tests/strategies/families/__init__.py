"""Tests of strategies.families, one file per family module."""
