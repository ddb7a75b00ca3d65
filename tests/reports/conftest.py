"""The sample run the report tests render (tests.support.reports.build), and its two pages, made once per module."""

from __future__ import annotations

import pytest

from reports.html import render_html
from reports.markdown import render_markdown
from reports.results import Results
from tests.support import reports as support


@pytest.fixture(scope="module")
def results() -> Results:
    return support.build()


@pytest.fixture(scope="module")
def html(results: Results) -> str:
    return render_html(results)


@pytest.fixture(scope="module")
def markdown(results: Results) -> str:
    return render_markdown(results)
