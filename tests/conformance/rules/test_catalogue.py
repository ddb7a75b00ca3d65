"""The catalogue (conformance/rules/_catalogue.py): docs/rules.md is generated from the Rule objects;
`python -m conformance.rules` (its __main__) shows each rule's codes with the evidence behind them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conformance.rules import CATALOGUE_SIZE, RULES
from conformance.rules.__main__ import encoded_line, main
from conformance.rules._catalogue import MARKDOWN_COMMAND, markdown
from tests.support import REPO

DOCS = REPO / "docs" / "rules.md"


def test_docs_rules_md_is_current() -> None:
    wanted = "\n".join(markdown(RULES.values(), encoded_line())) + "\n"
    assert DOCS.read_text(encoding="utf-8") == wanted, f"docs/rules.md is stale: run `{MARKDOWN_COMMAND}`"


def test_markdown_names_every_rule_with_its_evidence_dates() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert all(f"### {rule_id}\n" in text for rule_id in RULES)
    bdm = text.split("### R-BDM-1\n", 1)[1].split("### ", 1)[0]
    assert "MissingParameter: observed (2020, https://github.com/getmoto/moto/pull/2949)" in bdm
    assert "OBS-BDM-NOSIZE, 2016-03-23" in bdm


def test_table_shows_codes_with_evidence_and_counts_last(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--family", "user_data"]) == 0
    out = capsys.readouterr().out.splitlines()
    decidable = sum(r.decidable for r in RULES.values())
    assert out[-1].startswith(f"rules encoded: {decidable} of {len(RULES)} catalogued ({CATALOGUE_SIZE} from ")
    assert any(line.strip().startswith("InvalidUserData.Malformed: elsewhere, minor (OBS-USERDATA-SIZE")
               for line in out)


def test_unknown_family_is_one_line_and_nonzero() -> None:
    done = subprocess.run([sys.executable, "-m", "conformance.rules", "--family", "nope"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
