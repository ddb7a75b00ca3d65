"""Follow-up requests that locate what a target objected to, so a finding is charged to the right rule.

- `member_at_fault`: a valid request was refused; which member (and list item) did the target object to?
- `masking_member`: an invalid request got a wrong code; was the answer about another, valid member that
  the target refuses anyway (so the broken rule itself was never reached)?
Each probe sends reduced requests (reset before each) and is remembered per shape, so it stays cheap and
depends only on the request (deterministic across runs and xdist workers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from conformance.oracle import DRY_RUN_OK_CODE, Expect, Expectation, expect
from conformance.outcome import Outcome, OutcomeKind
from conformance.targets.base import Target
from conformance.verdict import Fault
from strategies.case import Case
from strategies.world import World

KEEP = frozenset({"ImageId", "MinCount", "MaxCount", "DryRun"})  # never removed: the request needs them
ItemShape = tuple[tuple[str, str], ...]
Key = tuple[str | None, str | None, tuple[str, ...]]


def item_shape(item: Any) -> ItemShape:
    """A list item's leaf paths, with the values of enum and boolean leaves (what a refusal tends to hinge on)."""
    shape: list[tuple[str, str]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}")
        elif isinstance(value, list):
            for inner in value:
                walk(inner, f"{path}[]")
        else:
            literal = isinstance(value, bool) or (isinstance(value, str) and value.isalnum() and len(value) <= 12)
            shape.append((path, str(value) if literal else "*"))

    walk(item, "")
    return tuple(sorted(shape))


def accepted_by_docs(expectation: Expectation) -> bool:
    """A launch, or DryRunOperation for a valid DryRun request."""
    return expectation.kind is Expect.SUCCESS or expectation.rule_ids == ("R-DRY-1",)


def _accepted(answer: Outcome) -> bool:
    return answer.kind is OutcomeKind.SUCCESS or answer.normalized_code == DRY_RUN_OK_CODE


@dataclass
class Prober:
    target: Target
    world: World
    reset: Callable[[], None]
    _faults: dict[Key, str | int | None] = field(default_factory=dict)
    _bad_items: dict[tuple[str | None, str | None, str], set[ItemShape]] = field(default_factory=dict)
    _masks: dict[Key, str | int | None] = field(default_factory=dict)
    _item_masks: dict[tuple[Any, ...], str | int | None] = field(default_factory=dict)
    _item_answers: dict[tuple[str | None, str | None, str, tuple[ItemShape, ...]], str | int | None] = field(
        default_factory=dict
    )

    def member_at_fault(self, case: Case, refusal: Outcome) -> Fault | None:
        """The optional top-level member (and list item) whose removal gets a refused valid request accepted."""
        key = (refusal.code, refusal.message, tuple(sorted(case.params)))
        if key not in self._faults:
            self._faults[key] = self._first(
                ((m, case.without(m)) for m in sorted(case.params) if m not in KEEP), accepted_by_docs, _accepted
            )
        found = self._faults[key]
        if found is None:
            return None
        return self._item_at_fault(case, refusal, str(found))

    def _item_at_fault(self, case: Case, refusal: Outcome, member: str) -> Fault:
        items = case.params.get(member)
        if not isinstance(items, list) or len(items) < 2:
            return Fault(member)
        shapes = [item_shape(item) for item in items]
        known_bad = self._bad_items.setdefault((refusal.code, refusal.message, member), set())
        suspects = [i for i, shape in enumerate(shapes) if shape in known_bad]
        if len(suspects) == 1:
            return Fault(member, suspects[0])
        key = (refusal.code, refusal.message, member, tuple(shapes))
        if key not in self._item_answers:  # e.g. two refused items: no single removal helps, ask once
            self._item_answers[key] = self._first(
                ((i, case.without_item(member, i)) for i in range(len(items))), accepted_by_docs, _accepted
            )
        index = self._item_answers[key]
        if index is None:
            return Fault(member)
        known_bad.add(shapes[int(index)])
        return Fault(member, int(index))

    def masking_member(self, case: Case, expectation: Expectation, answer: Outcome) -> str | None:
        """A member outside the broken rules, or a sibling item of a list member they concern, whose removal makes
        the wrong code go away (e.g. an instance-store mapping the target refuses beside the mutated EBS one)."""
        concerned = {path.split("[")[0].split(".")[0] for r in expectation.rules for path in r.members}
        broken = set(expectation.rule_ids)

        def same_rules(reduced: Expectation) -> bool:
            return reduced.kind is Expect.ERROR and set(reduced.rule_ids) == broken

        def answer_changes(reply: Outcome) -> bool:
            """The wrong code goes away: it was about the removed part, not about the broken rule."""
            return not (reply.kind is OutcomeKind.ERROR and reply.normalized_code == answer.normalized_code)

        key = (answer.code, answer.message, tuple(sorted(case.params)))
        if key not in self._masks:
            candidates = ((m, case.without(m)) for m in sorted(case.params) if m not in KEEP | concerned)
            self._masks[key] = self._first(candidates, same_rules, answer_changes)
        if self._masks[key] is not None:
            return str(self._masks[key])
        lists = [m for m in sorted(concerned) if isinstance(case.params.get(m), list) and len(case.params[m]) > 1]
        if not lists:
            return None
        item_key = (answer.code, answer.message, tuple((m, *map(item_shape, case.params[m])) for m in lists))
        if item_key not in self._item_masks:  # keeping only the item that breaks the rules: its siblings go
            kept = ((_others(m, i, len(case.params[m])), _keeping(case, m, i))
                    for m in lists for i in range(len(case.params[m])))
            self._item_masks[item_key] = self._first(kept, same_rules, answer_changes)
        found = self._item_masks[item_key]
        return None if found is None else str(found)

    def _first(
        self,
        reductions: Iterable[tuple[str | int, Case]],
        still: Callable[[Expectation], bool],
        wanted: Callable[[Outcome], bool],
    ) -> str | int | None:
        """The label of the first reduction that still means the same to the docs and gets the wanted answer."""
        for label, reduced in reductions:
            if not still(expect(reduced, self.world)):
                continue
            self.reset()
            if wanted(self.target.send(reduced)):
                return label
        return None


def _keeping(case: Case, member: str, index: int) -> Case:
    """The same request with one item of a list member and none of its siblings."""
    return Case({**case.params, member: [case.params[member][index]]}, wire_edits=case.wire_edits)


def _others(member: str, index: int, count: int) -> str:
    """`BlockDeviceMappings[0, 1]`: the items beside `index`."""
    return f"{member}[{', '.join(str(i) for i in range(count) if i != index)}]"


__all__ = ["KEEP", "Prober", "accepted_by_docs", "item_shape"]
