"""Helpers the tests share (fake targets, recorded answers, fault plugins, example rows); no test lives here."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # the checkout: tests read its files (docs, baselines, evidence)
