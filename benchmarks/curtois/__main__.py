"""Run the Curtois & Qu benchmark through rosterkit.

``python -m benchmarks.curtois run INSTANCE.txt --time-limit S --workers W --seed N --out R.csv``
solves one instance, writes ``staff_id,day,shift_id`` rows, re-scores the roster with the
independent ``score.py`` and with ``rosterkit.check``, and prints one JSON line.
``python -m benchmarks.curtois table --time-limit S [--instances 1 2 ...]`` runs a set, each
instance in a process of its own (so the memory column is that instance's peak), and writes the
Markdown table into docs/benchmarks.md between the markers of ``--section``. ``--param NAME=VALUE``
(repeatable; VALUE in JSON) sets a CP-SAT parameter, e.g. ``--param 'subsolvers=["max_lp"]'``.
Any disagreement between the reported objective and either scorer, or any hard violation, stops
the run with exit code 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Literal

import rosterkit
from benchmarks.common import machine_line, peak_memory_mib
from benchmarks.curtois.reader import FIRST_DAY, parse_instance, to_practice

DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "curtois"
"""``../shared/benchmarks/curtois`` beside the project folder."""


class Disagreement(RuntimeError):
    """A scorer disagrees with the reported objective, or the roster breaks a hard rule."""


def roster_rows(result: rosterkit.SolveResult) -> list[tuple[str, int, str]]:
    """The roster as (staff_id, 0-based day, shift_id) rows."""
    return [(a.staff_id, (a.date - FIRST_DAY).days, a.shift_id) for a in result.roster]


def score(instance: Path, roster_csv: Path, scorer: Path) -> dict[str, Any]:
    """The independent scorer's verdict (its JSON output)."""
    done = subprocess.run(
        [sys.executable, str(scorer), str(instance), str(roster_csv), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 2:
        raise Disagreement(f"score.py could not read the roster: {done.stderr.strip()}")
    try:
        verdict: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise Disagreement(
            f"score.py (exit {done.returncode}) printed no verdict: {done.stderr.strip()[:300]}"
        ) from exc
    return verdict


def run(
    instance: Path,
    *,
    time_limit: float,
    workers: int,
    seed: int,
    out: Path,
    scorer: Path,
    parameters: dict[str, Any] | None = None,
    search: Literal["auto", "cpsat", "lns"] = "auto",
) -> dict[str, Any]:
    """Solve one instance, write its roster, re-score it, and return the JSON record."""
    started = time.perf_counter()
    practice = to_practice(parse_instance(instance))
    read_seconds = time.perf_counter() - started
    result = rosterkit.solve(
        practice,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        solver_parameters=parameters,
        search=search,
    )
    record: dict[str, Any] = {
        "instance": instance.stem,
        "status": str(result.status),
        "search": result.parameters.get("search"),
        "neighbourhoods": result.parameters.get("neighbourhoods"),
        "objective": result.objective,
        "best_bound": result.best_bound,
        "read_seconds": round(read_seconds, 2),
        "build_seconds": round(result.build_seconds, 2),
        "solve_seconds": round(result.solve_seconds, 2),
        "peak_memory_mib": round(peak_memory_mib(), 1),
    }
    if not result.has_roster:
        return record
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["staff_id", "day", "shift_id"])
    writer.writerows(roster_rows(result))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    verdict = score(instance, out, scorer)
    checked = rosterkit.check(practice, result.roster)
    record["score_py"] = verdict["penalty"]["total"]
    if not verdict["feasible"]:
        raise Disagreement(
            f"{instance.stem}: score.py finds violations: {verdict['violations'][:3]}"
        )
    if not checked.ok:
        raise Disagreement(f"{instance.stem}: rosterkit.check finds violations")
    if verdict["penalty"]["total"] != result.objective or checked.objective != result.objective:
        raise Disagreement(
            f"{instance.stem}: objective {result.objective}, score.py "
            f"{verdict['penalty']['total']}, rosterkit.check {checked.objective}"
        )
    return record


def best_known(directory: Path) -> dict[str, int]:
    """Best known values by instance name."""
    with (directory / "best_known.csv").open(encoding="utf-8") as fh:
        return {row["instance"]: int(row["best_known"]) for row in csv.DictReader(fh)}


def median_run(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One instance's runs with several seeds, as one record: the run of the median objective
    (the lower median; a run without a roster counts as the worst), with the best bound of any
    run (each is a valid bound), the largest peak memory, and every run's objective in
    ``objectives`` (in seed order)."""
    ranked = sorted(records, key=lambda r: (r["objective"] is None, r["objective"] or 0))
    middle = dict(ranked[(len(ranked) - 1) // 2])
    bounds = [r["best_bound"] for r in records if r["best_bound"] is not None]
    middle["best_bound"] = max(bounds) if bounds else None
    middle["peak_memory_mib"] = max(r["peak_memory_mib"] for r in records)
    middle["objectives"] = [r["objective"] for r in records]
    return middle


def table(records: list[dict[str, Any]], known: dict[str, int], command: str) -> str:
    """The Markdown table of a set of runs (with several seeds, one row per instance: the
    median run, and every run's objective in its own column)."""
    seeds = any(len(r.get("objectives", ())) > 1 for r in records)
    lines = [
        f"Machine: {machine_line()}.",
        f"Command: `{command}`",
        "",
        "| instance | status | search | objective | bound | best known | gap to best % "
        "| build s | seconds | MiB |" + (" objective by seed |" if seeds else ""),
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|" + ("---|" if seeds else ""),
    ]
    for r in records:
        best = known.get(r["instance"])
        obj = r["objective"]
        gap = "" if obj is None or not best else f"{100 * (obj - best) / best:.2f}"
        bound = "" if r["best_bound"] is None else f"{r['best_bound']:.0f}"
        seconds = r["build_seconds"] + r["solve_seconds"]
        lines.append(
            f"| {r['instance']} | {r['status']} | {r.get('search') or ''} | "
            f"{'' if obj is None else obj} | {bound} | {best or ''} | {gap} | "
            f"{r['build_seconds']:.1f} | {seconds:.1f} | {r['peak_memory_mib']:.0f} |"
            + (
                " " + ", ".join("-" if o is None else str(o) for o in r["objectives"]) + " |"
                if seeds
                else ""
            )
        )
    return "\n".join(lines) + "\n"


def parse_param(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with VALUE in JSON (a bare word is a string)."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"--param wants NAME=VALUE, got {text!r}")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


def run_apart(instance: Path, args: argparse.Namespace, out: Path, seed: int) -> dict[str, Any]:
    """``run`` in a process of its own: its peak memory is this instance's alone."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.curtois",
        "run",
        str(instance),
        "--out",
        str(out),
        "--time-limit",
        f"{args.time_limit:g}",
        "--workers",
        str(args.workers),
        "--seed",
        str(seed),
        "--data",
        str(args.data),
        "--search",
        args.search,
    ]
    for name, value in args.param:
        command += ["--param", f"{name}={json.dumps(value)}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode == 1:
        raise Disagreement(done.stderr.strip().removeprefix("DISAGREEMENT: "))
    if done.returncode != 0:
        raise RuntimeError(f"{instance.stem}: run failed ({done.returncode}): {done.stderr}")
    record: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return record


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.curtois", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run", help="solve one instance")
    one.add_argument("instance", type=Path)
    one.add_argument("--out", type=Path, required=True)
    many = sub.add_parser("table", help="solve a set and write docs/benchmarks.md")
    many.add_argument("--instances", nargs="+", default=[str(n) for n in range(1, 25)])
    many.add_argument("--out-dir", type=Path, default=Path("out/curtois"))
    many.add_argument("--section", default="curtois", help="marker name in docs/benchmarks.md")
    many.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        help="run each instance once per seed and report the median run (instead of --seed)",
    )
    for p in (one, many):
        p.add_argument("--time-limit", type=float, default=60.0)
        p.add_argument("--workers", type=int, default=2)
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--data", type=Path, default=DEFAULT_DIR, help="benchmark directory")
        p.add_argument(
            "--param",
            type=parse_param,
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a CP-SAT parameter (VALUE in JSON); repeatable",
        )
        p.add_argument("--search", choices=["auto", "cpsat", "lns"], default="auto")
    args = parser.parse_args(argv)
    scorer = args.data / "score.py"
    if not scorer.is_file():
        print(
            f"error: no score.py in {args.data}; pass --data with the benchmark directory "
            "(the one holding score.py, best_known.csv and instances/)",
            file=sys.stderr,
        )
        return 2
    try:
        if args.command == "run":
            record = run(
                args.instance,
                time_limit=args.time_limit,
                workers=args.workers,
                seed=args.seed,
                out=args.out,
                scorer=scorer,
                parameters=dict(args.param),
                search=args.search,
            )
            print(json.dumps(record), flush=True)
            return 0
        records = []
        seeds = args.seeds or [args.seed]
        for name in args.instances:
            stem = name if name.startswith("Instance") else f"Instance{name}"
            path = args.data / "instances" / f"{stem}.txt"
            runs = []
            for seed in seeds:
                suffix = f"-seed{seed}" if args.seeds else ""
                record = run_apart(path, args, args.out_dir / f"{stem}{suffix}.csv", seed)
                record["seed"] = seed
                print(json.dumps(record), flush=True)
                runs.append(record)
            records.append(median_run(runs) if args.seeds else runs[0])
        from benchmarks.docs import replace_section

        params = "".join(f" --param '{n}={json.dumps(v)}'" for n, v in args.param)
        seeding = (
            f"--seeds {' '.join(map(str, args.seeds))}" if args.seeds else f"--seed {args.seed}"
        )
        command = (
            f"python -m benchmarks.curtois table --time-limit {args.time_limit:g} "
            f"--workers {args.workers} {seeding} --search {args.search}{params} "
            f"--section {args.section} --instances {' '.join(args.instances)}"
        )
        replace_section(
            Path("docs/benchmarks.md"),
            args.section,
            table(records, best_known(args.data), command),
        )
        return 0
    except Disagreement as exc:
        print(f"DISAGREEMENT: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
