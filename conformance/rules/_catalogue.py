"""The rule catalogue rendered from the Rule objects: the text table and docs/rules.md (one source of truth)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from conformance.rules.core import Kind, Rule

MARKDOWN_COMMAND = "python -m conformance.rules --markdown > docs/rules.md"


def outcome_text(rule: Rule) -> str:
    if rule.kind is Kind.UNDECIDABLE:
        return f"undecidable: {rule.reason}"
    if rule.kind is Kind.POSTCONDITION:
        return "post-condition of a successful launch"
    if rule.outcome is None:
        return rule.summary
    return f"{'|'.join(sorted(rule.accepted_codes))} ({rule.outcome.status})"


def code_lines(rule: Rule) -> Iterator[str]:
    """Per code: documented or not, and every observation behind it (accepted ones first)."""
    documented = rule.outcome.codes if rule.outcome is not None else frozenset()
    for code in sorted(rule.accepted_codes) + sorted(rule.elsewhere_codes):
        origins = [f"the rule's code ({rule.confidence.value})"] if code in documented else []
        origins += [e.describe() for e in rule.evidence_for(code)]
        yield f"{code}: {'; '.join(origins) or 'inferred'}"


def table_row(rule: Rule) -> str:
    members = ", ".join(rule.members[:3]) + (" …" if len(rule.members) > 3 else "")
    sources = " ".join(dict.fromkeys(c.source for c in rule.citations))
    return " | ".join(
        (rule.id, rule.kind.value, members, outcome_text(rule), rule.confidence.value, rule.dry_run.value, sources)
    )


def table(rules: Iterable[Rule]) -> Iterator[str]:
    yield "id | kind | members | outcome | confidence | DryRun | sources"
    for rule in rules:
        yield table_row(rule)
        for line in code_lines(rule) if rule.outcome is not None else ():
            yield f"    {line}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_rule(rule: Rule) -> Iterator[str]:
    yield f"### {rule.id}"
    yield ""
    yield _md(rule.summary)
    yield ""
    yield f"- Members: {', '.join(f'`{m}`' for m in rule.members) or '(none)'}"
    yield (f"- Kind: {rule.kind.value}; class: {rule.rule_class.value}; confidence: {rule.confidence.value}; "
           f"DryRun: {rule.dry_run.value}" + (f"; tags: {', '.join(sorted(rule.tags))}" if rule.tags else ""))
    yield f"- Expected: {_md(outcome_text(rule))}"
    if rule.outcome is not None:
        yield "- Codes and evidence:"
        yield from (f"  - {_md(line)}" for line in code_lines(rule))
    yield "- Citations:"
    yield from (f'  - {c.source} "{_md(c.quote)}"' for c in rule.citations)
    if rule.doc_url:
        yield f"- Documentation: {rule.doc_url}"
    if rule.reason and rule.kind is not Kind.UNDECIDABLE:
        yield f"- Notes: {_md(rule.reason)}"
    yield ""


def markdown(rules: Iterable[Rule], encoded_line: str) -> Iterator[str]:
    """docs/rules.md: every rule by family, with its codes, their evidence (dates, sources) and citations."""
    chosen = list(rules)
    yield "# RunInstances rule catalogue"
    yield ""
    yield f"Generated from `conformance.rules` by `{MARKDOWN_COMMAND}`; do not edit by hand"
    yield "(tests/conformance/rules/test_catalogue.py fails when this file is stale)."
    yield ""
    yield ("A rule's acceptable codes are its documented codes and every code real EC2 was observed to answer "
           "for it with RunInstances (`accepted`). A code EC2 used for the same mistake in another operation or "
           "a retired period (`elsewhere`) is not accepted, but answering it is a minor divergence. The "
           "observations are recorded in `conformance/evidence/` (see its PROVENANCE.md).")
    yield ""
    yield ("Every constraint sentence of the members' documentation in botocore's model is mapped to the rule "
           "that encodes it, or to the reason it is none: [doc-constraints.md](doc-constraints.md).")
    yield ""
    yield encoded_line
    yield ""
    for family in dict.fromkeys(r.family for r in chosen):
        yield f"## {family}"
        yield ""
        for rule in (r for r in chosen if r.family == family):
            yield from _markdown_rule(rule)
