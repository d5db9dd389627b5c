#!/usr/bin/env python3
"""Developer tasks needing only Python 3.11+ and pip: ``python3 tasks.py demo|test|test-slow``.

Each task creates ``.venv`` if missing, installs rosterkit into it (again only when
pyproject.toml changed), then runs. The Makefile targets of the same names call this script.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
LINT_DIRS = [
    d for d in ("rosterkit", "tests", "benchmarks", "examples", "tasks.py") if (ROOT / d).exists()
]
TYPE_DIRS = [d for d in ("rosterkit", "tests", "benchmarks", "tasks.py") if (ROOT / d).exists()]


def run(*args: str, env: dict[str, str] | None = None) -> None:
    """Run a command from the repository root; stop with its exit code if it fails."""
    print("+", " ".join(args), flush=True)
    done = subprocess.run(args, cwd=ROOT, env=env, check=False)
    if done.returncode:
        sys.exit(done.returncode)


def install(extra: str) -> None:
    """Create the venv and install rosterkit with ``extra``, unless done for this pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before any venv exists
        sys.exit(f"rosterkit needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    run(str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(str(BIN / "python"), "-m", "pip", "install", "--quiet", "-e", f".{extra}")
    STAMP.write_text(digest + "\n")


def demo() -> None:
    """Solve the bundled clinic month and say where the files are."""
    install("[dev]")
    out = ROOT / "out" / "clinic"
    run(
        str(BIN / "rosterkit"),
        "solve",
        "examples/clinic/practice.yaml",
        "--out",
        str(out.relative_to(ROOT)),
        "--time-limit",
        "60",
        "--workers",
        "2",
        "--seed",
        "0",
    )
    print(f"\nRoster files are in {out}/: roster.csv, grid.csv, team.ics, calendars/, report.txt")


def run_tests(*, slow: bool = False) -> None:
    """Lint, format check, strict typing, import layers, then the tests."""
    install("[dev]")
    run(str(BIN / "ruff"), "check", *LINT_DIRS)
    run(str(BIN / "ruff"), "format", "--check", *LINT_DIRS)
    run(str(BIN / "mypy"), *TYPE_DIRS)
    run(str(BIN / "lint-imports"), "--no-logo")
    if slow:
        env = {**os.environ, "HYPOTHESIS_PROFILE": "slow"}
        run(str(BIN / "pytest"), "-m", "slow", env=env)
    else:
        run(str(BIN / "pytest"))


def main() -> None:
    """Dispatch the task named on the command line."""
    tasks: dict[str, Callable[[], None]] = {
        "demo": demo,
        "test": run_tests,
        "test-slow": partial(run_tests, slow=True),
    }
    if len(sys.argv) != 2 or sys.argv[1] not in tasks:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(tasks)}}}")
    tasks[sys.argv[1]]()


if __name__ == "__main__":
    main()
