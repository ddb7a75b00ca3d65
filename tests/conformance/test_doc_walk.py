"""conformance.doc_walk: the constraint sentences of the locked botocore model's RunInstances documentation, and the
committed map (conformance/rules/doc_constraints.json) that gives each one its rule or the reason it has none."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from botocore.model import ServiceModel, Shape

from conformance import doc_walk
from conformance.doc_walk import (
    MAP_NAME,
    Reason,
    Sentence,
    constraint_sentences,
    entry_problems,
    is_constraint,
    load_map,
    map_file,
    problems,
    refreshed,
    sentences,
    summary,
)
from conformance.rules import RULES
from tests.support import REPO

FOUND = constraint_sentences()
MAP = load_map()
FIX = "run `python -m conformance.doc_walk --write` and map each new entry (docs/doc-constraints.md)"


def test_every_constraint_sentence_of_the_locked_model_has_an_entry() -> None:
    missing = [f"{key}: {s.text}" for key, s in FOUND.items() if key not in MAP]
    assert not missing, f"sentences without an entry ({FIX}):\n" + "\n".join(missing)


def test_no_entry_is_stale() -> None:
    stale = [key for key in MAP if key not in FOUND]
    assert not stale, "entries whose sentence the model no longer has (reword or drop them): " + ", ".join(stale)


def test_every_rule_of_the_map_exists() -> None:
    unknown = sorted({e["rule"] for e in MAP.values() if "rule" in e} - set(RULES))
    assert not unknown, f"the map names rules conformance.rules does not have: {unknown}"


def test_every_same_as_names_another_key() -> None:
    wrong = [key for key, e in MAP.items() if "same_as" in e and (e["same_as"] == key or e["same_as"] not in MAP)]
    assert not wrong, f"same_as naming no other key: {wrong}"
    assert all(("same_as" in e) == (e.get("reason") == Reason.DUPLICATE) for e in MAP.values())


def test_no_entry_is_unmapped() -> None:
    unmapped = [f"{key}: {e['sentence']}" for key, e in MAP.items() if e.get("reason") == Reason.UNMAPPED]
    assert not unmapped, "entries --write added and nobody mapped yet:\n" + "\n".join(unmapped)


def test_the_map_is_well_formed_and_check_passes() -> None:
    assert problems(FOUND, MAP) == []
    assert all(e["path"] == FOUND[key].path and e["sentence"] == FOUND[key].text for key, e in MAP.items())


def test_the_committed_map_is_what_write_writes() -> None:
    """Entries in the model's order, two-space JSON: a --write that changes nothing leaves no diff."""
    assert list(refreshed(FOUND, MAP)) == list(MAP)
    text = map_file().read_text(encoding="utf-8")
    assert text == json.dumps(MAP, indent=2, ensure_ascii=False) + "\n"


def test_the_map_is_package_data_read_through_importlib_resources() -> None:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert any(Path(f"conformance/rules/{MAP_NAME}").match(f"conformance/{p}") for p in data["conformance"])
    assert map_file() == REPO / "conformance" / "rules" / MAP_NAME
    assert load_map(map_file()) == MAP


def test_docs_state_the_counts_and_every_uncovered_sentence() -> None:
    page = (REPO / "docs" / "doc-constraints.md").read_text(encoding="utf-8")
    assert f"\n{summary(MAP)}\n" in page, "docs/doc-constraints.md: refresh its counts from `--check`'s last line"
    uncovered = [e for e in MAP.values() if e.get("reason") == Reason.UNCOVERED]
    assert all(f'`{e["path"]}`: "{e["sentence"]}"' in page for e in uncovered), "list each uncovered sentence"
    assert "(doc-constraints.md)" in (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert f"documentation's {len(MAP)} constraint sentences" in readme, "README: refresh the count of sentences"


def test_the_walk_covers_nested_members_and_list_items() -> None:
    paths = {s.path for s in FOUND.values()}
    assert {"BlockDeviceMappings[].Ebs.Iops", "TagSpecifications[]", "TagSpecifications[].Tags[].Key",
            "NetworkInterfaces[].ConnectionTrackingSpecification.UdpTimeout", "ImageId"} <= paths
    iops = [s.text for s in FOUND.values() if s.path == "BlockDeviceMappings[].Ebs.Iops"]
    assert "io1: 100 - 64,000 IOPS" in iops  # a list item of the documentation is a sentence of its own


def test_sentences_strip_html_and_split_paragraphs_items_and_sentences() -> None:
    html = ("<p>The tags. You <b>cannot</b> use <code>aws:</code> as a prefix, e.g. <code>aws:x</code>.</p> "
            "<ul> <li> <p><code>gp3</code>: 1 -\n 16 GiB</p> </li> <li><p>io1: 4 - 16 GiB</p></li> </ul>"
            "<note><p>Default: <code>false</code> </p></note><p>See <a href=\"https://x\">the guide</a>.</p>")
    assert sentences(html) == [
        "The tags.", "You cannot use aws: as a prefix, e.g. aws:x.", "gp3: 1 - 16 GiB", "io1: 4 - 16 GiB",
        "Default: false", "See the guide."]
    assert sentences("") == [] and sentences("<p> </p>") == []
    assert sentences("<p>A &amp; B. C.</p>") == ["A & B.", "C."]


@pytest.mark.parametrize(("text", "kept"), [
    ("You can\u2019t specify both.", True), ("May not begin with aws:.", True), ("Min: 60 seconds.", True),
    ("gp2: 1 - 16,384 GiB", True), ("Default: stop", True), ("This parameter isn't supported for X.", True),
    ("Valid values: a | b", True), ("The ID of the AMI.", False), ("P6e-GB200 instances.", False),
])
def test_constraint_sentences_are_told_by_their_words(text: str, kept: bool) -> None:
    assert is_constraint(text) is kept


def test_a_key_is_the_path_and_a_hash_of_the_sentence() -> None:
    key = Sentence("ImageId", "Reserved.").key
    assert key.startswith("ImageId#") and len(key.split("#")[1]) == 12
    assert Sentence("KernelId", "Reserved.").key != key and Sentence("ImageId", "Reserved!").key != key


def _fake_input(documentation: str) -> Shape:
    """A RunInstances input of two members, one a list of structures, documented as given."""
    model: dict[str, Any] = {
        "metadata": {"protocol": "ec2", "apiVersion": "2016-11-15", "serviceId": "EC2", "endpointPrefix": "ec2",
                     "signatureVersion": "v4"},
        "operations": {"RunInstances": {"name": "RunInstances", "http": {"method": "POST", "requestUri": "/"},
                                        "input": {"shape": "Request"}}},
        "shapes": {
            "Request": {"type": "structure", "members": {
                "Count": {"shape": "Integer", "documentation": "<p>The count. Valid range: 1 - 5.</p>"},
                "Items": {"shape": "ItemList", "documentation": "<p>The items.</p>"}}},
            "ItemList": {"type": "list", "member": {"shape": "Item"}},
            "Item": {"type": "structure", "members": {"Name": {"shape": "String", "documentation": documentation}}},
            "Integer": {"type": "integer"},
            "String": {"type": "string"},
        },
    }
    shape = ServiceModel(model, "ec2").operation_model("RunInstances").input_shape
    assert shape is not None
    return shape


def test_a_new_sentence_is_reported_by_check_until_it_is_mapped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / MAP_NAME
    monkeypatch.setattr(doc_walk, "input_shape", lambda: _fake_input("<p>The name. It must not be empty.</p>"))
    assert [(s.path, s.text) for s in constraint_sentences().values()] == [
        ("Count", "Valid range: 1 - 5."), ("Items[].Name", "It must not be empty.")]
    first = refreshed(constraint_sentences(), {})
    path.write_text(json.dumps({k: {**e, "reason": "informative"} for k, e in first.items()}), encoding="utf-8")
    assert doc_walk.main(["--check", "--map", str(path)]) == 0

    monkeypatch.setattr(doc_walk, "input_shape", lambda: _fake_input(
        "<p>The name. It must not be empty. It cannot exceed 8 characters.</p>"))
    assert doc_walk.main(["--map", str(path)]) == 1  # --check is the default
    new = Sentence("Items[].Name", "It cannot exceed 8 characters.").key
    assert f"missing {new}: Items[].Name: It cannot exceed 8 characters." in capsys.readouterr().out

    assert doc_walk.main(["--write", "--map", str(path)]) == 1  # added, but unmapped
    assert load_map(path)[new]["reason"] == Reason.UNMAPPED
    assert f"unmapped {new}" in capsys.readouterr().out
    written = load_map(path)
    written[new] = {**written[new], "reason": "uncovered"}
    path.write_text(json.dumps(written), encoding="utf-8")
    assert doc_walk.main(["--check", "--map", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "3 constraint sentences: 0 mapped to 0 rules; informative 2, uncovered 1"


def test_a_reworded_sentence_leaves_its_old_key_stale_and_write_drops_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_walk, "input_shape", lambda: _fake_input("<p>It must not be empty.</p>"))
    old = constraint_sentences()
    monkeypatch.setattr(doc_walk, "input_shape", lambda: _fake_input("<p>It must never be empty.</p>"))
    now = constraint_sentences()
    entries = {k: {"path": s.path, "sentence": s.text, "rule": "R-AMI-1"} for k, s in old.items()}
    stale = next(k for k in old if k not in now)
    assert f"stale {stale}: It must not be empty." in problems(now, entries)
    assert stale not in refreshed(now, entries) and list(refreshed(now, entries)) == list(now)


def test_entry_problems_name_each_mistake() -> None:
    keys = ("a#1", "b#2")
    base = {"path": "A", "sentence": "It must."}
    assert entry_problems("a#1", {**base, "rule": "R-AMI-1"}, keys, RULES) == []
    assert entry_problems("a#1", {**base, "rule": "R-NOPE-1"}, keys, RULES) == ["a#1: rule R-NOPE-1 does not exist"]
    assert "exactly one" in entry_problems("a#1", base, keys, RULES)[0]
    assert "exactly one" in entry_problems("a#1", {**base, "rule": "R-AMI-1", "reason": "default"}, keys, RULES)[0]
    assert "is not one of" in entry_problems("a#1", {**base, "reason": "obvious"}, keys, RULES)[0]
    assert "same_as" in entry_problems("a#1", {**base, "reason": "duplicate"}, keys, RULES)[0]
    assert entry_problems("a#1", {**base, "reason": "duplicate", "same_as": "b#2"}, keys, RULES) == []
    assert "no other key" in entry_problems("a#1", {**base, "reason": "duplicate", "same_as": "a#1"}, keys, RULES)[0]
    assert "no other key" in entry_problems("a#1", {**base, "reason": "duplicate", "same_as": "c#3"}, keys, RULES)[0]
    assert "unknown fields" in entry_problems("a#1", {**base, "reason": "default", "same-as": "b#2"}, keys, RULES)[0]
    assert entry_problems("a#1", {**base, "reason": "unmapped"}, keys, RULES) == ["unmapped a#1: It must."]


def test_the_summary_counts_rules_and_each_reason() -> None:
    line = summary(MAP)
    rules = [e["rule"] for e in MAP.values() if "rule" in e]
    assert line.startswith(f"{len(MAP)} constraint sentences: {len(rules)} mapped to {len(set(rules))} rules; ")
    assert Reason.UNMAPPED.value not in line and summary({}) == "0 constraint sentences: 0 mapped to 0 rules"
