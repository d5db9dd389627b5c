"""The meta-test: every rule has a compiler, a checker, a place in the practice, docs and cases,
and declares the fields that name staff, shifts and skills, which the practice then checks.

Adding a rule touches its module, one line of ``rosterkit/rules/catalogue.py``, a section of the
rules docs (docs/rules.md or docs/rules/*.md) and cases in tests/cases/; each test here fails
loudly when one of those steps is forgotten.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, get_args

import pydantic
import pytest
import yaml
from cases import CASES
from conftest import BASE_PRACTICE
from pydantic.fields import FieldInfo

from rosterkit import ValidationError
from rosterkit.model import Identifier
from rosterkit.rules import (
    ALL_RULE_TYPES,
    REGISTRY,
    AvailabilityEntry,
    Eligibility,
    Practice,
    Rule,
    RuleBase,
    Scope,
)

DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"
DOCS = [DOCS_DIR / "rules.md", *sorted((DOCS_DIR / "rules").glob("*.md"))]
"""docs/rules.md, then one page per family of rules in docs/rules/."""

by_type = pytest.mark.parametrize("rule_type", ALL_RULE_TYPES, ids=lambda t: t.__name__)


def kind_of(rule_type: type[RuleBase]) -> str:
    """The ``kind`` a rule type is written with."""
    kind = rule_type.model_fields["kind"].default
    assert isinstance(kind, str)
    return kind


def statement_of(rule_type: type[RuleBase]) -> str:
    """The first line of the rule type's own docstring."""
    doc = rule_type.__dict__.get("__doc__")
    assert isinstance(doc, str), f"{rule_type.__name__} has no docstring of its own"
    return doc.strip().splitlines()[0]


def rule_types_in(annotation: Any) -> Iterator[type[RuleBase]]:
    """Every rule type named anywhere inside a type annotation (unions, tuples, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, RuleBase):
        yield annotation
    for arg in get_args(annotation):
        yield from rule_types_in(arg)


def test_rule_types_are_listed_once_with_distinct_kinds() -> None:
    assert len(set(ALL_RULE_TYPES)) == len(ALL_RULE_TYPES)
    kinds = [kind_of(t) for t in ALL_RULE_TYPES]
    assert len(set(kinds)) == len(kinds)


@by_type
def test_registered_with_compiler_and_checker(rule_type: type[RuleBase]) -> None:
    spec = REGISTRY[rule_type]
    assert spec.rule_type is rule_type
    assert callable(spec.compile)
    assert callable(spec.check)


def test_every_registered_type_is_listed() -> None:
    assert set(REGISTRY) == set(ALL_RULE_TYPES)


def test_every_rule_type_can_be_written_in_a_practice() -> None:
    in_unions = {*rule_types_in(Rule), *rule_types_in(AvailabilityEntry)}
    in_practice = {
        t for field in Practice.model_fields.values() for t in rule_types_in(field.annotation)
    }
    assert in_unions <= set(ALL_RULE_TYPES)
    assert in_unions <= in_practice
    # Eligibility is implicit: it follows from staff, shifts and employment dates.
    assert in_practice == set(ALL_RULE_TYPES) - {Eligibility}


@by_type
def test_docstring_states_the_rule(rule_type: type[RuleBase]) -> None:
    first = statement_of(rule_type)
    assert first.endswith("."), first
    assert first[0].isupper() or first[0] == "`", first


# --- docs/rules.md ------------------------------------------------------------------------

HEADING = re.compile(r"^## `([a-z_]+)`$", re.MULTILINE)
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def section_of(rule_type: type[RuleBase]) -> str | None:
    """The practice section whose entries may be of ``rule_type`` (None if implicit)."""
    for name, field in Practice.model_fields.items():
        if rule_type in set(rule_types_in(field.annotation)):
            return name
    return None


def docs_sections() -> dict[str, str]:
    """The text under each ``## `kind``` heading of the rules docs, by kind, in order."""
    sections: dict[str, str] = {}
    for page in DOCS:
        text = page.read_text(encoding="utf-8")
        found = list(HEADING.finditer(text))
        for n, match in enumerate(found):
            end = found[n + 1].start() if n + 1 < len(found) else len(text)
            assert match.group(1) not in sections, f"{match.group(1)} documented twice"
            sections[match.group(1)] = text[match.end() : end]
    return sections


def examples(section: str) -> list[dict[str, Any]]:
    """The YAML examples of a docs section, each a part of a practice, each part validated."""
    documents = [yaml.safe_load(block) for block in YAML_BLOCK.findall(section)]
    for document in documents:
        assert isinstance(document, dict), document
        for name, items in document.items():
            assert name in Practice.model_fields, f"unknown practice section {name!r}"
            annotation = Practice.model_fields[name].annotation
            assert annotation is not None
            pydantic.TypeAdapter(annotation).validate_python(items)
    return documents


def test_docs_list_every_kind_and_nothing_else() -> None:
    assert sorted(docs_sections()) == sorted(kind_of(t) for t in ALL_RULE_TYPES)


@by_type
def test_docs_section(rule_type: type[RuleBase]) -> None:
    kind = kind_of(rule_type)
    section = docs_sections().get(kind)
    assert section is not None, f"the rules docs have no section '## `{kind}`'"
    statement = " ".join(section.strip().split("\n\n")[0].split())
    assert statement == statement_of(rule_type)
    assert "| parameter |" in section, "no parameters table"
    documents = examples(section)
    assert documents, "no ```yaml example"
    where = section_of(rule_type)
    if where is None:
        assert rule_type is Eligibility
        # What the implicit rule reads: staff and shifts.
        assert all({"staff", "shifts"} <= d.keys() for d in documents)
        return
    entries = [item for d in documents for item in d.get(where, [])]
    assert entries, f"no example entry in the {where!r} section"
    for item in entries:
        assert type(rule_type.model_validate(item)) is rule_type


# --- tests/cases/ ------------------------------------------------------------------------


@by_type
def test_rule_has_cases_that_fire_and_that_do_not(rule_type: type[RuleBase]) -> None:
    mine = [c for c in CASES if c.kind == kind_of(rule_type)]
    assert any(c.bills or c.breaches for c in mine), "no case in which the rule fires"
    assert any(not (c.bills or c.breaches) for c in mine), "no case in which it holds"


# --- references to staff, shifts and skills ------------------------------------------------

NOT_IDS = {
    "id": "the entry's own name",
    "burden": "fairness: the name of a tally carried in history, not a person, shift or skill",
}
"""Fields typed as ids that name nothing in the practice, so are no references."""


def holds_ids(annotation: Any) -> bool:
    """Whether a type holds ids: an ``Identifier`` alone, in a tuple, as a mapping's key, or a
    ``Scope`` (roles and staff)."""
    if annotation == Identifier or annotation is Scope:
        return True
    return any(holds_ids(arg) for arg in get_args(annotation))


def names_ids(field: FieldInfo) -> bool:
    """Whether a rule's field holds ids (pydantic keeps a bare ``Identifier``'s check in
    ``metadata`` and its annotation as plain ``str``)."""
    return holds_ids(field.annotation) or any(m in field.metadata for m in get_args(Identifier)[1:])


@by_type
def test_every_field_that_holds_ids_is_a_declared_reference(rule_type: type[RuleBase]) -> None:
    """The heuristic: a field typed ``Identifier`` (alone, in a tuple, as a mapping's key) or
    ``Scope`` names staff, shifts or skills, so ``refs`` must declare it (all of a scope's parts)
    for the practice to check it when it is parsed; ``NOT_IDS`` lists the exceptions."""
    declared = rule_type.declared_refs()
    holding = {
        name
        for name, field in rule_type.model_fields.items()
        if name not in NOT_IDS and names_ids(field)
    }
    assert {path.split(".")[0] for path in declared} == holding
    for name in holding:
        annotation = rule_type.model_fields[name].annotation
        if annotation is Scope:
            assert {f"{name}.roles", f"{name}.staff"} <= declared.keys(), name
    for path in declared:
        model: Any = rule_type
        for part in path.split("."):
            assert part in model.model_fields, f"{path}: no field {part!r}"
            model = model.model_fields[part].annotation


BOGUS = "zz-unknown"
WHAT = {"staff": "staff id", "shift": "shift", "skill": "skill"}
SECTIONS = [name for name, f in Practice.model_fields.items() if any(rule_types_in(f.annotation))]
"""The practice's sections of rule entries: coverage, availability, leave, rules."""


@cache
def case_entries() -> dict[type[RuleBase], list[tuple[dict[str, Any], str, int]]]:
    """Every entry of the rule cases, by rule type: the case's whole document, section, index."""
    out: dict[type[RuleBase], list[tuple[dict[str, Any], str, int]]] = {}
    for case in CASES:
        document = {**BASE_PRACTICE, **case.doc}
        practice = Practice.parse(document)
        for section in SECTIONS:
            for i, rule in enumerate(getattr(practice, section)):
                out.setdefault(type(rule), []).append((document, section, i))
    return out


def with_bogus_id(entry: dict[str, Any], path: str, default: object) -> None:
    """Put :data:`BOGUS` in the entry's field at ``path``: replace one id it holds, or set it."""
    *parents, name = path.split(".")
    for part in parents:
        if not isinstance(entry.get(part), dict):
            entry[part] = {}
        entry = entry[part]
    value = entry.get(name)
    if isinstance(value, dict) and value:
        first, *rest = value
        entry[name] = {BOGUS: value[first]} | {k: value[k] for k in rest}
    elif isinstance(value, list | tuple) and value:
        entry[name] = [BOGUS, *value[1:]]
    elif isinstance(default, dict):
        entry[name] = {BOGUS: 1}
    elif isinstance(default, tuple):
        entry[name] = [BOGUS]
    else:
        entry[name] = BOGUS


@by_type
def test_every_declared_reference_is_checked_when_the_practice_is_parsed(
    rule_type: type[RuleBase],
) -> None:
    """For each declared field, some entry of the rule's cases with an unknown id put there
    makes the practice fail to parse, naming the entry, the field and the id."""
    entries = case_entries().get(rule_type, [])
    for path, kind in rule_type.declared_refs().items():
        model: Any = rule_type
        for part in path.split("."):
            field = model.model_fields[part]
            model = field.annotation
        default = field.get_default(call_default_factory=True)
        problems: list[str] = []
        for document, section, i in entries:
            changed = copy.deepcopy(document)
            with_bogus_id(changed[section][i], path, default)
            where = f"{section}[{i}]" + (f" ({kind_of(rule_type)})" if section == "rules" else "")
            expected = f"{where}.{path}: unknown {WHAT[kind]} {BOGUS!r} (known: "
            try:
                Practice.parse(changed)
            except ValidationError as exc:
                problems = exc.problems
            if any(p.startswith(expected) for p in problems):
                break
        else:
            pytest.fail(f"no case of {rule_type.__name__} reports an unknown id in {path}")
