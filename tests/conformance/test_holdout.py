"""conformance.holdout: the held-out fifth of the evidence, that no rule cites it, and the README's figures for it."""

from __future__ import annotations

import json
import re
from importlib import resources

from conformance.calibrate import Calibration, run
from conformance.holdout import SEED, SHARE, cited_ids, draw, held_out_ids, main, pool, problems
from conformance.recorded import read
from tests.support import REPO


def _document() -> dict[str, object]:
    return dict(json.loads((resources.files("conformance.evidence") / "held_out.json").read_text(encoding="utf-8")))


def test_the_held_out_answers_are_evidence_no_rule_cites() -> None:
    listed = held_out_ids()
    assert problems(listed, [rec.id for rec in read([])], cited_ids()) == []
    assert main(["--check"]) == 0


def test_the_list_is_a_seeded_fifth_of_its_pool() -> None:
    document = _document()
    assert document["seed"] == SEED and document["share"] == f"1/{SHARE}"
    assert len(held_out_ids()) == round(int(str(document["pool"])) / SHARE) > 20


def test_a_draw_is_a_fifth_and_the_same_for_the_same_seed() -> None:
    candidates = pool([f"obs-{n}" for n in range(53)], ["obs-1", "obs-2", "obs-3"])
    assert len(candidates) == 50 and draw(candidates) == draw(list(reversed(candidates))) == sorted(draw(candidates))
    assert len(draw(candidates)) == 10 and draw(candidates) != draw(candidates, seed=SEED + 1)


def test_a_rule_citing_a_held_out_answer_or_an_unknown_id_is_named() -> None:
    found = problems(["obs-a", "obs-gone"], ["obs-a"], ["obs-a"])
    assert found == ["obs-gone: held out, but not in conformance/evidence",
                     "obs-a: held out, but a rule cites it as evidence"]


def test_calibrate_held_out_judges_exactly_the_fifth_and_the_readme_states_its_figures() -> None:
    lines: list[str] = []
    judged = run([], out=lines.append, held_out=True)
    assert {j.recorded.id for j in judged} == held_out_ids()
    counts = {c: sum(1 for j in judged if j.verdict is c) for c in Calibration}
    row = (f"| the held-out {len(judged)} | {counts[Calibration.AGREE]} | {counts[Calibration.DISAGREE]} | "
           f"{counts[Calibration.UNDETERMINED]} | {counts[Calibration.CANNOT]} |")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert row in readme, f"README's held-out row is stale; calibrate --held-out gives {row}"
    assert re.search(r"the held-out fifth \(\d+ answers", lines[-1]), lines[-1]
