"""Seeded practice months of N staff, to measure rosterkit on practice-sized problems.

``python -m benchmarks.practices --staff 10 25 50 100 200 --time-limit 30 --seed 0`` solves each
size in a process of its own, prints one JSON line per size and, with ``--table``, writes the
Markdown tables (final result; objective and gap against time) into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import rosterkit
from benchmarks.common import machine_line, peak_memory_mib

__all__ = ["generate", "main", "run"]

ROLES = ("desk", "ma", "nurse", "lab", "triage")
SHIFTS: list[dict[str, Any]] = [
    {"id": "early", "start": "07:00", "end": "15:30", "days": ["mon", "tue", "wed", "thu", "fri"]},
    {"id": "late", "start": "10:00", "end": "18:30", "days": ["mon", "tue", "wed", "thu", "fri"]},
    {"id": "sat", "start": "08:00", "end": "12:30", "days": ["sat"]},
    {
        "id": "lab_am",
        "start": "07:00",
        "end": "13:00",
        "skills": ["lab"],
        "days": ["mon", "tue", "wed", "thu", "fri"],
    },
    {"id": "phone_am", "start": "07:00", "end": "14:00", "remote": True, "skills": ["triage"]},
    {"id": "phone_pm", "start": "14:00", "end": "21:00", "remote": True, "skills": ["triage"]},
]


def generate(staff: int, *, seed: int = 0, month: str = "2026-12") -> rosterkit.Practice:
    """A realistic month for ``staff`` people: roles, contracts, cover, leave and wishes."""
    rng = random.Random(seed * 1000 + staff)
    year, mon = map(int, month.split("-"))
    first = date(year, mon, 1)
    days = [
        first + timedelta(days=i) for i in range(31) if (first + timedelta(days=i)).month == mon
    ]
    mix = {"desk": 0.25, "ma": 0.3, "nurse": 0.25, "lab": 0.08, "triage": 0.12}
    people = []
    for i in range(staff):
        role = rng.choices(list(mix), weights=list(mix.values()))[0]
        skills = [role]
        if role == "nurse" and rng.random() < 0.4:
            skills.append("triage")
        if role == "ma" and rng.random() < 0.3:
            skills.append("desk")
        part_time = rng.random() < 0.3
        contract = (
            {"min_hours_per_week": 16, "max_hours_per_week": 24}
            if part_time
            else {"max_hours_per_week": 40, "min_hours_per_week": 24}
        )
        person: dict[str, Any] = {
            "id": f"p{i:03d}",
            "name": f"Person {i}",
            "skills": skills,
            "contract": contract,
            "hourly_wage": round(rng.uniform(18, 45), 2),
        }
        if role == "triage":
            person["time_zone"] = "Asia/Manila"
        people.append(person)

    def count(role: str) -> int:
        return sum(1 for p in people if role in p["skills"])

    coverage: list[dict[str, Any]] = []
    for role, shifts in (
        ("desk", ("early", "late")),
        ("ma", ("early", "late")),
        ("nurse", ("early", "late")),
    ):
        need = max(1, count(role) // 4)
        for shift in shifts:
            coverage.append(
                {
                    "shift": shift,
                    "skill": role,
                    "min": need,
                    "preferred": need + 1,
                    "preferred_weight": 5,
                }
            )
        coverage.append({"shift": "sat", "skill": role, "min": max(1, need // 2)})
    coverage.append(
        {"shift": "lab_am", "skill": "lab", "min": 1 if count("lab") else 0, "preferred": 1}
    )
    for shift in ("phone_am", "phone_pm"):
        coverage.append({"shift": shift, "skill": "triage", "min": max(1, count("triage") // 4)})
    leave = []
    availability = []
    for person in people:
        if rng.random() < 0.35:
            start = rng.choice(days[:-3])
            leave.append(
                {
                    "staff": person["id"],
                    "start_date": start.isoformat(),
                    "end_date": (start + timedelta(days=rng.randint(1, 6))).isoformat(),
                    "status": rng.choice(["approved", "requested"]),
                    "weight": 100,
                }
            )
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice(["unavailable", "preferred", "undesired"])
            entry: dict[str, Any] = {
                "staff": person["id"],
                "kind": kind,
                "date": rng.choice(days).isoformat(),
            }
            if kind != "unavailable":
                entry["weight"] = rng.randint(1, 5)
            availability.append(entry)
    document = {
        "name": f"Generated practice ({staff} staff, seed {seed})",
        "time_zone": "America/Chicago",
        "horizon": month,
        "skills": [{"id": r} for r in ROLES],
        "staff": people,
        "shifts": SHIFTS,
        "coverage": [c for c in coverage if c.get("min", 0) or c.get("preferred")],
        "availability": availability,
        "leave": leave,
        "rules": [
            {"kind": "max_shifts_per_day", "hard": True},
            {"kind": "min_rest", "hours": 11, "hard": True},
            {"kind": "max_consecutive_days", "limit": 5, "weight": 30},
            {"kind": "contract", "weight": 2},
        ],
    }
    return rosterkit.Practice.parse(document, source=f"generated-{staff}")


CHECKPOINTS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0)
"""Seconds at which the table reads the objective and gap off each run's timeline."""


def run(
    staff: int,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    search: Literal["auto", "cpsat", "lns"] = "auto",
) -> dict[str, Any]:
    """Generate, solve and measure one practice size."""
    practice = generate(staff, seed=seed)
    timeline: list[tuple[float, float, float]] = []
    result = rosterkit.solve(
        practice,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        search=search,
        progress=lambda p: timeline.append((round(p.elapsed, 2), p.objective, p.best_bound)),
    )
    return {
        "staff": staff,
        "status": str(result.status),
        "search": result.parameters.get("search"),
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "build_seconds": round(result.build_seconds, 2),
        "first_roster_seconds": timeline[0][0] if timeline else None,
        "solve_seconds": round(result.solve_seconds, 2),
        "peak_memory_mib": round(peak_memory_mib(), 1),
        "timeline": timeline,
    }


def at(row: dict[str, Any], seconds: float) -> tuple[float | None, float | None]:
    """The best objective found by ``seconds`` into the solve, and its gap to the final bound.

    The gap uses the bound proved by the end of the run (a bound is never worse later), so it is
    the gap a user stopping at ``seconds`` would have had, measured against what we know now.
    """
    found = [obj for t, obj, _ in row["timeline"] if t <= seconds]
    if not found:
        return None, None
    best = min(found)
    bound = row["best_bound"]
    if bound is None:
        return best, None
    return best, max(0.0, (best - bound) / max(1.0, abs(best)))


def _table(
    rows: list[dict[str, Any]], *, time_limit: float, seed: int, workers: int, search: str
) -> str:
    header = (
        "| staff | status | search | objective | bound | gap % | build s | first roster s "
        "| solve s | peak MiB |"
    )
    lines = [header, "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        gap = "" if r["gap"] is None else f"{100 * r['gap']:.2f}"
        lines.append(
            f"| {r['staff']} | {r['status']} | {r['search']} | {r['objective']} | "
            f"{r['best_bound']} | {gap} | {r['build_seconds']} | {r['first_roster_seconds']} | "
            f"{r['solve_seconds']} | {r['peak_memory_mib']} |"
        )
    points = [t for t in CHECKPOINTS if t <= time_limit]
    lines += [
        "",
        "Objective against time (gap to the final bound in brackets):",
        "",
        "| staff | " + " | ".join(f"{t:g} s" for t in points) + " |",
        "|---:|" + "---:|" * len(points),
    ]
    for r in rows:
        cells = []
        for t in points:
            obj, gap_then = at(r, t)
            cells.append("" if obj is None else f"{obj:.0f} ({100 * (gap_then or 0.0):.1f}%)")
        lines.append(f"| {r['staff']} | " + " | ".join(cells) + " |")
    command = (
        f"python -m benchmarks.practices --staff {' '.join(str(r['staff']) for r in rows)} "
        f"--time-limit {time_limit:g} --seed {seed} --workers {workers} --search {search} --table"
    )
    return "\n".join([f"Machine: {machine_line()}.", f"Command: `{command}`", "", *lines, ""])


def main(argv: list[str] | None = None) -> None:
    """Command line: generate, solve and report each size, each in a process of its own."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.practices", description=__doc__)
    parser.add_argument("--staff", type=int, nargs="+", default=[10, 25, 50, 100, 200])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--search", choices=["auto", "cpsat", "lns"], default="auto")
    parser.add_argument("--table", action="store_true", help="write docs/benchmarks.md's section")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    settings: dict[str, Any] = {
        "time_limit": args.time_limit,
        "seed": args.seed,
        "workers": args.workers,
        "search": args.search,
    }
    rows = []
    for staff in args.staff:
        if args.here:
            row = run(staff, **settings)
            print(json.dumps(row), flush=True)
            continue
        # One process per size, so that the memory column is that size's own peak.
        command = [
            sys.executable,
            "-m",
            "benchmarks.practices",
            "--here",
            "--staff",
            str(staff),
            "--time-limit",
            f"{args.time_limit:g}",
            "--seed",
            str(args.seed),
            "--workers",
            str(args.workers),
            "--search",
            args.search,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps({k: v for k, v in row.items() if k != "timeline"}), flush=True)
        rows.append(row)
    if args.table and rows:
        from benchmarks.docs import replace_section

        table = _table(rows, **settings)
        replace_section(Path("docs/benchmarks.md"), "practices", table)


if __name__ == "__main__":
    main()
