"""Each rule family's effect on a practice's solve time: solve it with one family removed at a time.

``python -m benchmarks.ablation examples/clinic/practice.yaml --time-limit 60 --workers 2
--seed 0 --table`` solves the practice as it is and then once without each family (every rule of
one kind; or a section: holidays and closures, wishes, leave, history, priorities), prints one
JSON line per run and, with ``--table``, writes the Markdown table into the README beside the
practice file (between ``<!-- begin ablation -->`` markers). A family whose removal leaves the
practice invalid (another rule refers to it) is reported as such, not skipped.
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rosterkit
from benchmarks.common import machine_line
from rosterkit.adapters.practice_file import load_practice_with_imports

__all__ = ["families", "main", "without"]

Document = dict[str, Any]

SECTIONS: dict[str, Callable[[Document], None]] = {}


def _section(name: str) -> Callable[[Callable[[Document], None]], Callable[[Document], None]]:
    def register(edit: Callable[[Document], None]) -> Callable[[Document], None]:
        SECTIONS[name] = edit
        return edit

    return register


@_section("holidays")
def _no_holidays(doc: Document) -> None:
    doc.pop("holidays", None)
    doc.pop("closures", None)


@_section("wishes")
def _no_wishes(doc: Document) -> None:
    doc["availability"] = [
        a for a in doc.get("availability", []) if a.get("kind") not in ("preferred", "undesired")
    ]


@_section("leave")
def _no_leave(doc: Document) -> None:
    doc.pop("leave", None)


@_section("history")
def _no_history(doc: Document) -> None:
    doc.pop("history", None)


@_section("priorities")
def _no_priorities(doc: Document) -> None:
    for section in ("rules", "availability", "coverage"):
        for entry in doc.get(section, []):
            entry.pop("priority", None)


def families(doc: Document) -> list[str]:
    """The families of ``doc``: its rule kinds, then the sections it uses."""
    kinds = sorted({r["kind"] for r in doc.get("rules", [])})
    sections = [
        name
        for name, present in (
            ("holidays", "holidays" in doc or "closures" in doc),
            (
                "wishes",
                any(
                    a.get("kind") in ("preferred", "undesired") for a in doc.get("availability", [])
                ),
            ),
            ("leave", bool(doc.get("leave"))),
            ("history", bool(doc.get("history"))),
            (
                "priorities",
                any(
                    "priority" in e
                    for s in ("rules", "availability", "coverage")
                    for e in doc.get(s, [])
                ),
            ),
        )
        if present
    ]
    return kinds + sections


def without(doc: Document, family: str) -> Document:
    """A copy of ``doc`` without ``family`` (a rule kind or a section name)."""
    out = copy.deepcopy(doc)
    if family in SECTIONS:
        SECTIONS[family](out)
    else:
        out["rules"] = [r for r in out.get("rules", []) if r["kind"] != family]
    return out


def run(doc: Document, family: str, args: argparse.Namespace) -> dict[str, Any]:
    """Solve ``doc`` (already without ``family``) and measure it."""
    record: dict[str, Any] = {"family": family}
    try:
        practice = rosterkit.Practice.parse(doc, source=f"{args.practice} without {family}")
    except rosterkit.ValidationError as exc:
        record["invalid"] = str(exc).splitlines()[0]
        return record
    result = rosterkit.solve(
        practice, time_limit=args.time_limit, workers=args.workers, seed=args.seed
    )
    record.update(
        status=str(result.status),
        objective=result.objective,
        gap=result.gap,
        build_seconds=round(result.build_seconds, 2),
        solve_seconds=round(result.solve_seconds, 2),
    )
    return record


def table(records: list[dict[str, Any]], command: str) -> str:
    """The Markdown table of an ablation."""
    lines = [
        f"Machine: {machine_line()}.",
        f"Command: `{command}` (one run per row).",
        "",
        "| without | status | objective | gap % | build s | solve s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in records:
        name = "(nothing: the example as it is)" if r["family"] == "-" else f"`{r['family']}`"
        if "invalid" in r:
            lines.append(f"| {name} | invalid: {r['invalid']} | | | | |")
            continue
        gap = "" if r["gap"] is None else f"{100 * r['gap']:.2f}"
        objective = "" if r["objective"] is None else r["objective"]
        lines.append(
            f"| {name} | {r['status']} | {objective} | {gap} | {r['build_seconds']} | "
            f"{r['solve_seconds']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ablation", description=__doc__)
    parser.add_argument("practice", type=Path)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="+", help="these families only")
    parser.add_argument("--table", action="store_true", help="write the README's section")
    args = parser.parse_args(argv)
    doc = load_practice_with_imports(args.practice).merged_document()
    records = [run(doc, "-", args)]
    print(json.dumps(records[0]), flush=True)
    for family in args.only or families(doc):
        record = run(without(doc, family), family, args)
        print(json.dumps(record), flush=True)
        records.append(record)
    if args.table:
        from benchmarks.docs import replace_section

        command = (
            f"python -m benchmarks.ablation {args.practice} --time-limit {args.time_limit:g} "
            f"--workers {args.workers} --seed {args.seed} --table"
        )
        replace_section(args.practice.parent / "README.md", "ablation", table(records, command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
