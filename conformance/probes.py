"""Follow-up requests that locate what a target objected to, so a finding is charged to the right rule.

- `member_at_fault`: a valid request was refused; which member, list item and leaf did the target object to?
- `control_answer`: an invalid request got a wrong code (or a crash); does a valid request close to it (the one
  it was made from, or it without the member its mutation broke) get the same answer? Then the answer was not
  about the broken rule.
- `masking_member`: an invalid request got a wrong code; was the answer about another, valid member that the
  target refuses anyway (so the broken rule itself was never reached)?
- `plain_answer`: an invalid request got DryRunOperation; what does the same request get without DryRun?
Each probe sends reduced requests (`Target.probe`, reset before each). Answers are remembered by the request's
shape (the code and every member's leaf paths with their enum and boolean values), so a remembered answer is the
one a fresh probe would find, whichever worker asked first: the same run gives the same findings with any worker
count.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from conformance.findings import Expect
from conformance.oracle import DRY_RUN_OK_CODE, Expectation, expect
from conformance.outcome import Outcome, OutcomeKind
from conformance.targets.base import Target
from conformance.verdict import PartAtFault
from strategies.case import Case
from strategies.world import World

KEEP = frozenset({"ImageId", "MinCount", "MaxCount", "DryRun"})  # never removed: the request needs them
ItemShape = tuple[tuple[str, str], ...]


def item_shape(item: Any) -> ItemShape:
    """A value's leaf paths, with the values of enum and boolean leaves (what a refusal tends to hinge on)."""
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


def request_shape(case: Case) -> tuple[tuple[str, tuple[ItemShape, ...]], ...]:
    """Every member's shape (list members item by item), and the wire edits' keys."""
    members = []
    for name in sorted(case.params):
        value = case.params[name]
        items = value if isinstance(value, list) else [value]
        members.append((name, tuple(item_shape(item) for item in items)))
    members.append(("~wire", tuple(((e.key, "set" if e.value is not None else "deleted"),) for e in case.wire_edits)))
    return tuple(members)


def answer_key(answer: Outcome) -> str:
    """What identifies an answer for remembering: its code, or its crash class (never its message: ids)."""
    return answer.normalized_code or answer.crash_class if answer.kind is not OutcomeKind.SUCCESS else "success"


def accepted_by_docs(expectation: Expectation) -> bool:
    """A launch, or DryRunOperation for a valid DryRun request."""
    return expectation.kind is Expect.SUCCESS or (
        expectation.kind is Expect.ERROR and expectation.codes == frozenset({DRY_RUN_OK_CODE})
    )


def _accepted(answer: Outcome) -> bool:
    return answer.kind is OutcomeKind.SUCCESS or answer.normalized_code == DRY_RUN_OK_CODE


def same_answer(first: Outcome, second: Outcome) -> bool:
    """The same refusal code, or the same crash class."""
    if first.kind is OutcomeKind.CRASH or second.kind is OutcomeKind.CRASH:
        return first.kind is second.kind and first.crash_class == second.crash_class
    return second.kind is OutcomeKind.ERROR and first.normalized_code == second.normalized_code


@dataclass
class Prober:
    target: Target
    world: World
    reset: Callable[[], None]
    _memory: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def _remember(self, key: tuple[Any, ...], find: Callable[[], Any]) -> Any:
        if key not in self._memory:
            self._memory[key] = find()
        return self._memory[key]

    # -- a refused valid request ---------------------------------------------------------------------
    def member_at_fault(self, case: Case, refusal: Outcome) -> PartAtFault | None:
        """The optional member (list item, leaf) whose removal gets a refused valid request accepted."""
        shape = request_shape(case)
        member = self._remember(("member", answer_key(refusal), shape), lambda: self._first(
            ((m, case.without(m)) for m in sorted(case.params) if m not in KEEP), accepted_by_docs, _accepted
        ))
        if member is None:
            return None
        index = self._item_at_fault(case, refusal, str(member), shape)
        leaf = self._leaf_at_fault(case, refusal, str(member), index, shape)
        return PartAtFault(str(member), index, leaf)

    def _item_at_fault(self, case: Case, refusal: Outcome, member: str, shape: Any) -> int | None:
        """The item whose removal gets the request accepted; else (two bad items) the first item that, kept
        alone, gets the same refusal."""
        items = case.params.get(member)
        if not isinstance(items, list) or len(items) < 2:
            return None

        def find() -> str | int | None:
            removed = self._first(
                ((i, case.without_item(member, i)) for i in range(len(items))), accepted_by_docs, _accepted
            )
            if removed is not None:
                return removed
            return self._first(((i, _keeping(case, member, i)) for i in range(len(items))),
                               lambda e: accepted_by_docs(e) or e.kind is Expect.SUCCESS,
                               lambda reply: same_answer(refusal, reply))

        found = self._remember(("item", answer_key(refusal), member, shape), find)
        return None if found is None else int(found)

    def _leaf_at_fault(self, case: Case, refusal: Outcome, member: str, index: int | None, shape: Any) -> str | None:
        """The one leaf of the member (or item) whose removal alone gets the request accepted."""
        value = case.params.get(member)
        part = value[index] if index is not None and isinstance(value, list) else value
        if isinstance(value, list) and index is None and len(value) == 1:
            part, index = value[0], 0
        leaves = _leaves(part)
        if len(leaves) < 2:
            return None
        alone = case if index is None or not isinstance(value, list) else _keeping(case, member, index)
        at = None if index is None or not isinstance(value, list) else 0
        found = self._remember(("leaf", answer_key(refusal), member, index, shape), lambda: self._first(
            ((leaf, _without_leaf(alone, member, at, leaf)) for leaf in leaves), accepted_by_docs, _accepted
        ))
        return None if found is None else str(found)

    # -- a wrong answer to an invalid request -----------------------------------------------------------
    def control_answer(self, case: Case, answer: Outcome) -> tuple[Case, Outcome] | None:
        """A valid request close to the case that gets the same answer, with that answer: the valid request
        the case was made from, or the case without the member its mutation broke (when that is valid).
        None when neither does: the answer was about the broken rule."""
        for control in self._controls(case):
            key = ("control", json.dumps(control.json_params(), sort_keys=True), control.wire_edits)
            reply: Outcome = self._remember(key, partial(self._ask, control))
            if same_answer(answer, reply):
                return control, reply
        return None

    def _controls(self, case: Case) -> list[Case]:
        controls = [] if case.origin is None else [Case(case.origin)]
        if case.mutation is not None and not case.wire_edits:
            reduced = _without_path(case, case.mutation.path)
            if reduced is not None and accepted_by_docs(expect(reduced, self.world)):
                controls.append(reduced)
        return controls

    # -- DryRunOperation for an invalid request ----------------------------------------------------------
    def plain_answer(self, case: Case) -> Outcome | None:
        """The same request without DryRun (what a DryRunOperation to an invalid request is weighed against);
        None on a target that only takes DryRun requests."""
        if not self.target.launches:
            return None
        plain = case.without_dry_run()
        key = ("plain", json.dumps(plain.json_params(), sort_keys=True), plain.wire_edits)
        answer: Outcome = self._remember(key, partial(self._ask, plain))
        return answer

    def _ask(self, case: Case) -> Outcome:
        self.reset()
        return self.target.probe(case)

    def masking_member(self, case: Case, expectation: Expectation, answer: Outcome) -> str | None:
        """A member, or the siblings of one list item, whose removal makes the wrong code go away while the
        request still breaks the same rules (e.g. an instance-store mapping the target refuses beside the
        mutated EBS one). Only what the case does not need to break its rules is removed."""
        broken = set(expectation.rule_ids)

        def same_rules(reduced: Expectation) -> bool:
            return reduced.kind is Expect.ERROR and set(reduced.rule_ids) == broken

        def answer_changes(reply: Outcome) -> bool:
            return not (reply.kind is OutcomeKind.ERROR and reply.normalized_code == answer.normalized_code)

        shape = request_shape(case)
        found = self._remember(("mask", answer_key(answer), shape), lambda: self._first(
            ((m, case.without(m)) for m in sorted(case.params) if m not in KEEP), same_rules, answer_changes
        ))
        if found is not None:
            return str(found)
        lists = [m for m in sorted(case.params) if isinstance(case.params[m], list) and len(case.params[m]) > 1]
        kept = ((_others(m, i, len(case.params[m])), _keeping(case, m, i))
                for m in lists for i in range(len(case.params[m])))
        found = self._remember(("mask-items", answer_key(answer), shape),
                               lambda: self._first(kept, same_rules, answer_changes))
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
            if wanted(self.target.probe(reduced)):
                return label
        return None


def _leaves(part: Any, prefix: str = "") -> list[str]:
    """Dotted paths of the leaves of nested dicts (lists are left whole)."""
    if not isinstance(part, Mapping):
        return [prefix] if prefix else []
    found: list[str] = []
    for key, value in part.items():
        found += _leaves(value, f"{prefix}.{key}" if prefix else str(key))
    return found


def _without_leaf(case: Case, member: str, index: int | None, leaf: str) -> Case:
    params = {k: copy.deepcopy(v) if k == member else v for k, v in case.params.items()}
    part = params[member][index] if index is not None else params[member]
    *parents, last = leaf.split(".")
    for key in parents:
        part = part[key]
    del part[last]
    return Case(params, wire_edits=case.wire_edits)


def _without_path(case: Case, path: str) -> Case | None:
    """The case without the member at `path` (`A[2].B.C`; `A[].B` in every item); None when it has none."""
    params = copy.deepcopy(dict(case.params))
    parts = path.replace("[", ".[").split(".")
    removed = _remove(params, [p for p in parts if p])
    return Case(params) if removed and params != case.params else None


def _remove(node: Any, parts: list[str]) -> bool:
    head, rest = parts[0], parts[1:]
    if head.startswith("["):
        if not isinstance(node, list):
            return False
        index = head[1:-1]
        chosen = range(len(node)) if index == "" else [int(index)] if index.isdigit() else []
        return any([_remove(node[i], rest) for i in chosen if i < len(node) and rest])
    if not isinstance(node, dict) or head not in node:
        return False
    if not rest:
        del node[head]
        return True
    return _remove(node[head], rest)


def _keeping(case: Case, member: str, index: int) -> Case:
    """The same request with one item of a list member and none of its siblings."""
    return Case({**case.params, member: [case.params[member][index]]}, wire_edits=case.wire_edits)


def _others(member: str, index: int, count: int) -> str:
    """`BlockDeviceMappings[0, 1]`: the items beside `index`."""
    return f"{member}[{', '.join(str(i) for i in range(count) if i != index)}]"


__all__ = ["KEEP", "Prober", "accepted_by_docs", "item_shape", "request_shape", "same_answer"]
