"""The constraint sentences of RunInstances' member documentation in botocore's EC2 model, each mapped to the rule that
encodes it or to the reason it is none (`conformance/rules/doc_constraints.json`; docs/doc-constraints.md).

    python -m conformance.doc_walk --check    # exit 1 naming every sentence missing from the map, stale or unmapped
    python -m conformance.doc_walk --write    # add new sentences as `unmapped` (to fill in), drop stale entries

A sentence's key is `<member path>#<first 12 hex digits of the sha1 of its text>`: a sentence botocore rewords is
a new key (and its old one stale), so every change of the documentation is read again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from botocore.model import Shape

from conformance.rules import RULES
from strategies.model import input_shape, members

MAP_NAME = "doc_constraints.json"
Entry = dict[str, str]  # path, sentence, rule or reason, same_as (with duplicate), note (free text for the reader)
FIELDS = frozenset({"path", "sentence", "rule", "reason", "same_as", "note"})


class Reason(StrEnum):
    """Why a constraint sentence is no rule of the catalogue."""

    DEFAULT = "default"  # states a default value, not a constraint
    NEEDS_WORLD_FACT = "needs-world-fact"  # decided by an account, type or AMI fact the World does not hold
    OUTSIDE_RUNINSTANCES = "outside-runinstances"  # about another API, a later action or the instance's lifetime
    NOT_OBSERVABLE = "not-observable"  # no answer or read-back could show it
    INFORMATIVE = "informative"  # no constraint on the request, despite the keyword
    DUPLICATE = "duplicate"  # the constraint of another key (its `same_as`)
    UNCOVERED = "uncovered"  # a decidable constraint no rule encodes yet: a candidate rule
    UNMAPPED = "unmapped"  # added by --write, not read yet


# Words that make a sentence a constraint, a default or a range worth reading (case-insensitive).
_WORDS = (
    r"can ?not|(?:can|don|isn|aren|won)['\u2019]t|may not|do not|in no case|must|requires?|required|only"
    r"|not supported|unsupported|(?:not|no longer) available|end of life|deprecated|reserved|default\w*|valid"
    r"|possible values|supported (?:values|sizes)|minimum|maximum|constraints?|up to|at least|at most|between"
    r"|exceed\w*|not both|omit\w*|error|fail\w*|ignored?|no effect|(?:greater|less|larger|smaller|more) than"
    r"|below|equal to|limit\w*"
)
CONSTRAINT = re.compile(rf"\b(?:{_WORDS})\b|\b(?:min|max):|\d\s+-\s+\d", re.IGNORECASE)
_BLOCKS = frozenset({"p", "li", "ul", "ol", "dl", "dt", "dd", "br", "div", "note", "important", "table", "tr", "td"})
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[$])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    path: str  # the member path, lists written `[]` (strategies.model.members)
    text: str  # whitespace collapsed

    @property
    def key(self) -> str:
        return f"{self.path}#{hashlib.sha1(self.text.encode('utf-8')).hexdigest()[:12]}"


class _Blocks(HTMLParser):
    """The text of a documentation string, one string per block (paragraph, list item, note)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        self.blocks[-1] += data


def sentences(documentation: str) -> list[str]:
    """The sentences of an HTML documentation string, tags stripped and whitespace collapsed, in order."""
    parser = _Blocks()
    parser.feed(documentation)
    parser.close()
    found: list[str] = []
    for block in (" ".join(b.split()) for b in parser.blocks):
        pending = ""
        for piece in _SPLIT.split(block) if block else ():
            pending = f"{pending} {piece}" if pending else piece
            if not _ABBREVIATION.search(pending):
                found.append(pending)
                pending = ""
        if pending:
            found.append(pending)
    return found


def is_constraint(sentence: str) -> bool:
    return CONSTRAINT.search(sentence) is not None


def constraint_sentences(shape: Shape | None = None) -> dict[str, Sentence]:
    """Every constraint sentence of the members' documentation under `shape` (RunInstances' input by default),
    by key, in the model's order; a sentence repeated in one member's documentation counts once."""
    found: dict[str, Sentence] = {}
    for path, member in members(input_shape() if shape is None else shape):
        for text in sentences(member.documentation or ""):
            if is_constraint(text):
                sentence = Sentence(path, text)
                found.setdefault(sentence.key, sentence)
    return found


def map_file() -> Path:
    """The committed map, where --write writes it (package data: read through importlib.resources)."""
    return Path(str(resources.files("conformance") / "rules" / MAP_NAME))


def load_map(path: Path | None = None) -> dict[str, Entry]:
    """The map (key -> entry); empty when the file does not exist."""
    resource = resources.files("conformance") / "rules" / MAP_NAME if path is None else path
    if not resource.is_file():
        return {}
    loaded = json.loads(resource.read_text(encoding="utf-8"))
    return {str(key): {str(k): str(v) for k, v in entry.items()} for key, entry in loaded.items()}


def entry_problems(key: str, entry: Mapping[str, str], keys: Iterable[str], rule_ids: Iterable[str]) -> list[str]:
    """What is wrong with one entry of the map: its rule, reason or `same_as` names nothing, or it is unmapped."""
    rule, reason, same_as = entry.get("rule"), entry.get("reason"), entry.get("same_as")
    if set(entry) - FIELDS:
        return [f"{key}: unknown fields {sorted(set(entry) - FIELDS)}"]
    if (rule is None) == (reason is None):
        return [f"{key}: needs exactly one of 'rule' and 'reason'"]
    if rule is not None:
        return [] if rule in set(rule_ids) else [f"{key}: rule {rule} does not exist"]
    if reason not in set(Reason):
        return [f"{key}: reason {reason!r} is not one of {', '.join(Reason)}"]
    if reason == Reason.UNMAPPED:
        return [f"unmapped {key}: {entry.get('sentence', '')}"]
    if (reason == Reason.DUPLICATE) != (same_as is not None):
        return [f"{key}: 'same_as' goes with the reason duplicate, and only with it"]
    if same_as is not None and (same_as == key or same_as not in set(keys)):
        return [f"{key}: same_as {same_as} is no other key of the map"]
    return []


def problems(found: Mapping[str, Sentence], entries: Mapping[str, Entry],
             rule_ids: Iterable[str] = RULES) -> list[str]:
    """Sentences without an entry (missing), entries without a sentence (stale), entries whose text differs from
    their sentence, and every entry's own problems."""
    ids = frozenset(rule_ids)
    report = [f"missing {key}: {s.path}: {s.text}" for key, s in found.items() if key not in entries]
    report += [f"stale {key}: {entry.get('sentence', '')}" for key, entry in entries.items() if key not in found]
    for key, entry in entries.items():
        sentence = found.get(key)
        if sentence is not None and (entry.get("path"), entry.get("sentence")) != (sentence.path, sentence.text):
            report.append(f"{key}: path or sentence differs from the model's ({sentence.path}: {sentence.text})")
        report += entry_problems(key, entry, entries, ids)
    return report


def refreshed(found: Mapping[str, Sentence], entries: Mapping[str, Entry]) -> dict[str, Entry]:
    """The map for `found`, in the model's order: kept entries as they are, new sentences `unmapped`, stale ones
    dropped."""
    return {key: dict(entries.get(key) or {"path": s.path, "sentence": s.text, "reason": Reason.UNMAPPED.value})
            for key, s in found.items()}


def summary(entries: Mapping[str, Entry]) -> str:
    """One line: how many sentences, how many go to rules (and to how many rules), and the count of each reason."""
    rules = [e["rule"] for e in entries.values() if "rule" in e]
    reasons = Counter(e["reason"] for e in entries.values() if "reason" in e)
    counted = ", ".join(f"{reason} {reasons[reason]}" for reason in Reason if reasons[reason])
    return (f"{len(entries)} constraint sentences: {len(rules)} mapped to {len(set(rules))} rules"
            + (f"; {counted}" if counted else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.doc_walk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true", help="list what is missing, stale or unmapped (default)")
    action.add_argument("--write", action="store_true", help="add new sentences as unmapped, drop stale entries")
    parser.add_argument("--map", type=Path, help=f"the map to read and write (default: conformance/rules/{MAP_NAME})")
    args = parser.parse_args(argv)
    path = args.map or map_file()
    found, entries = constraint_sentences(), load_map(path)
    if args.write:
        entries = refreshed(found, entries)
        path.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report = problems(found, entries)
    for line in report:
        print(line)
    print(summary(entries))
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
