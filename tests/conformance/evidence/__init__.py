"""Tests of the evidence package (the recorded real EC2 answers and the Evidence built from them)."""
