"""Tests of the rules package: one file per family module (its predicates and post-conditions), one per helper."""
