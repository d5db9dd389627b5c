"""The ``rosterkit`` command: solve, check, import, print the schema; its exit codes.

The commands only parse arguments, call the library and print. Every error the library raises is
a :class:`rosterkit.RosterkitError`; it is printed as ``ErrorName: message`` on stderr and the
process exits with the error's ``exit_code``. Users never see a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.text import Text

from rosterkit import (
    ExportError,
    RosterkitError,
    SolveProgress,
    SolveResult,
    Status,
    ValidationError,
    __version__,
    check,
    practice_schema,
    solve,
)
from rosterkit.adapters.csv_io import read_roster_csv
from rosterkit.adapters.imports import ImportSummary
from rosterkit.adapters.practice_file import (
    LoadedPractice,
    load_practice_with_imports,
    write_practice,
)
from rosterkit.solve import write_outputs

__all__ = ["ExitCode", "app", "main"]


class SearchMode(StrEnum):
    """``rosterkit solve --search``."""

    auto = "auto"
    cpsat = "cpsat"
    lns = "lns"


class ExitCode(IntEnum):
    """How the ``rosterkit`` command ends (docs/cli.md has the table)."""

    OK = 0
    """A roster was written (optimal or feasible), or a check found no hard violation."""
    HARD_VIOLATIONS = 1
    """``check``: the roster breaks a hard rule."""
    USAGE = 2
    """Wrong command line (unknown option, missing argument); click's own code."""
    INVALID_INPUT = 3
    """A file cannot be read or is invalid (:class:`rosterkit.InputError`)."""
    INFEASIBLE = 4
    """No roster keeps every hard rule; nothing was written."""
    NO_SOLUTION = 5
    """No roster was found within the time limit; nothing was written."""
    INTERNAL = 70
    """A bug in rosterkit or a solver failure."""
    CANNOT_WRITE = 73
    """An output cannot be written (:class:`rosterkit.ExportError`)."""
    INTERRUPTED = 130
    """Ctrl-C; a roster found before the interrupt is still written."""


EPILOG = """\
**Exit codes**

| code | meaning |
|-----:|:--------|
| 0 | roster written (optimal or feasible); check found no hard violation |
| 1 | check: the roster breaks a hard rule |
| 2 | usage error (unknown option, missing argument) |
| 3 | invalid input: unreadable or bad file (YAML/JSON, roster CSV, import), validation error |
| 4 | infeasible: no roster keeps every hard rule (nothing written) |
| 5 | no roster within the time limit (nothing written) |
| 70 | internal error or solver failure (please report it) |
| 73 | cannot write the outputs |
| 130 | interrupted (Ctrl-C); a roster found before the interrupt is still written |
"""

app = typer.Typer(
    name="rosterkit",
    help="Staff rosters for medical practices, solved with OR-Tools CP-SAT and re-checked.",
    epilog=EPILOG,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def main() -> None:
    """Entry point of the ``rosterkit`` console script."""
    try:
        app(prog_name="rosterkit")
    except Exception as exc:
        # Only reached for a bug outside a command's body (commands handle their own errors).
        _print_bug(exc)
        sys.exit(ExitCode.INTERNAL)


def _stdout() -> Console:
    # Plain text: messages contain brackets (rule ids, "[a..b]") that are not rich markup, and
    # lines must not be wrapped, so that scripts can read them.
    return Console(markup=False, highlight=False, soft_wrap=True)


def _stderr() -> Console:
    return Console(stderr=True, markup=False, highlight=False, soft_wrap=True)


def _run(action: Callable[[], int]) -> None:
    """Run a command's body; print library errors as ``ErrorName: message`` and exit."""
    try:
        code = action()
    except RosterkitError as exc:
        _print_error(type(exc).__name__, _error_lines(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        _print_error("Interrupted", ["stopped by the user"])
        code = ExitCode.INTERRUPTED
    except Exception as exc:
        # A bug in rosterkit: users still get a short message, not a traceback.
        _print_bug(exc)
        code = ExitCode.INTERNAL
    if code:
        raise typer.Exit(int(code))


def _print_bug(exc: Exception) -> None:
    _print_error(
        "InternalError",
        [
            f"{type(exc).__name__}: {exc}",
            "This is a bug in rosterkit; please report it with the command you ran.",
        ],
    )


def _error_lines(exc: RosterkitError) -> list[str]:
    lines = exc.message.splitlines() or [""]
    if isinstance(exc, ValidationError) and exc.problems:
        lines = [lines[0], *(f"  {problem}" for problem in exc.problems)]
    if exc.hint:
        if len(lines) == 1:
            lines[0] += f" ({exc.hint})"
        else:
            lines.append(f"  hint: {exc.hint}")
    return lines


def _print_error(name: str, lines: Sequence[str]) -> None:
    console = _stderr()
    console.print(Text.assemble((f"{name}:", "bold red"), " ", lines[0]))
    for line in lines[1:]:
        console.print(line)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"rosterkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Staff rosters for medical practices, solved with OR-Tools CP-SAT and re-checked."""


def _positive(value: float) -> float:
    if value <= 0:
        raise typer.BadParameter(f"must be more than 0 seconds, got {value:g}")
    return value


def load_practice(path: Path) -> LoadedPractice:
    """The practice file with what its ``sources:`` imported: the commands print the summary."""
    return load_practice_with_imports(path)


def _delimiter(value: str) -> str:
    named = {"comma": ",", "semicolon": ";"}
    chosen = named.get(value.lower(), value)
    if chosen not in (",", ";"):
        raise typer.BadParameter(f"must be ',' or ';' (or comma, semicolon), got {value!r}")
    return chosen


def _print_imports(console: Console, summary: ImportSummary) -> None:
    if summary.files:
        console.print("Imported:")
        for line in summary.lines():
            console.print(f"  {line}")


@app.command("solve")
def solve_command(
    practice: Annotated[
        Path,
        typer.Argument(
            metavar="PRACTICE", help="The practice file (.yaml, .yml or .json).", show_default=False
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Directory for the outputs (created if needed).", show_default=False
        ),
    ],
    time_limit: Annotated[
        float, typer.Option(help="Seconds of search.", callback=_positive)
    ] = 60.0,
    seed: Annotated[int, typer.Option(help="The solver's random seed.")] = 0,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Parallel search workers [default: cores, at most 8]."),
    ] = None,
    deterministic: Annotated[
        bool,
        typer.Option(
            "--deterministic",
            help="Same input and seed give the same roster on every run "
            "(the time limit counts deterministic seconds).",
        ),
    ] = False,
    log: Annotated[bool, typer.Option("--log", help="Print CP-SAT's search log.")] = False,
    delimiter: Annotated[
        str,
        typer.Option(
            help="CSV delimiter: ',' or ';' (for a decimal-comma Excel).", callback=_delimiter
        ),
    ] = ",",
    bom: Annotated[
        bool, typer.Option("--bom", help="Start the CSV files with a UTF-8 BOM (for Excel).")
    ] = False,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Also write roster.xlsx (a long and a grid sheet).")
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="DIR",
            help="The previous export, for calendar updates and cancellations "
            "[default: the --out directory].",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    lexicographic: Annotated[
        bool | None,
        typer.Option(
            "--lexicographic/--no-lexicographic",
            help="Solve priority levels one after another, or minimise the plain sum of all "
            "penalties [default: level by level when the practice uses several levels].",
            show_default=False,
        ),
    ] = None,
    search: Annotated[
        SearchMode,
        typer.Option(
            help="cpsat: CP-SAT alone; lns: CP-SAT for a quarter of the time, then rosterkit's "
            "neighbourhood search; auto: lns for large models.",
        ),
    ] = SearchMode.auto,
) -> None:
    """Find the cheapest roster for PRACTICE and write it to --out.

    Prints what the practice's sources imported and a line per improving roster while solving,
    then writes roster.csv, grid.csv, team.ics, calendars/<staff_id>.ics and report.txt, and
    payroll.csv (when someone has a wage) and leave_decisions.csv (when there is leave),
    replacing an earlier run's set; calendars are updated over it.
    """
    exports = _Exports(delimiter=delimiter, bom=bom, xlsx=xlsx, previous=previous)
    _run(
        lambda: _solve(
            practice,
            out,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            deterministic=deterministic,
            log=log,
            lexicographic=lexicographic,
            search=search.value,
            exports=exports,
        )
    )


@dataclass(frozen=True)
class _Exports:
    delimiter: str = ","
    bom: bool = False
    xlsx: bool = False
    previous: Path | None = None


def _solve(
    practice_path: Path,
    out: Path,
    *,
    time_limit: float,
    seed: int,
    workers: int | None,
    deterministic: bool,
    log: bool,
    lexicographic: bool | None,
    search: Literal["auto", "cpsat", "lns"],
    exports: _Exports,
) -> int:
    console = _stdout()
    loaded = load_practice(practice_path)
    practice = loaded.practice
    _print_imports(console, loaded.imports)
    horizon = practice.horizon
    console.print(
        f"Solving {practice.name}: {len(practice.staff)} staff, {len(practice.shifts)} shift "
        f"types, {horizon.first} .. {horizon.last}, time limit {time_limit:g} s"
    )

    def progress(found: SolveProgress) -> None:
        # In a lexicographic solve the numbers are the penalty of the level being solved.
        level = "" if found.level is None else f"  (level {found.level})"
        console.print(
            f"{found.elapsed:8.2f} s  objective {_number(found.objective):>10}  "
            f"bound {_number(found.best_bound):>10}{level}"
        )

    result = solve(
        practice,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        deterministic=deterministic,
        progress=progress,
        log=log,
        lexicographic=lexicographic,
        search=search,
    )
    if result.status is Status.INFEASIBLE:
        _print_error("Infeasible", [f"{result.message}; nothing was written"])
        return ExitCode.INFEASIBLE
    if not result.has_roster:
        _print_error("NoSolution", [f"{result.message}; nothing was written"])
        return ExitCode.NO_SOLUTION
    written = write_outputs(
        result,
        out,
        previous=exports.previous,
        delimiter=exports.delimiter,
        bom=exports.bom,
        xlsx=exports.xlsx,
    )
    _print_summary(console, result, out, written)
    if result.interrupted:
        _print_error("Interrupted", [f"wrote the best roster found before the interrupt to {out}"])
        return ExitCode.INTERRUPTED
    return ExitCode.OK


def _print_summary(console: Console, result: SolveResult, out: Path, written: list[Path]) -> None:
    bound = "n/a" if result.best_bound is None else _number(result.best_bound)
    gap = "n/a" if result.gap is None else f"{result.gap * 100:.2f} %"
    console.print(f"Status:    {result.status.value}: {result.message}")
    console.print(f"Objective: {result.objective}, best bound {bound}, gap {gap}")
    if len(result.levels) > 1:
        shown = ", ".join(f"{level}: {total}" for level, total in sorted(result.levels.items()))
        console.print(f"Levels:    {shown}")
    # write_outputs returns roster, grid, team calendar, the personal calendars, then the rest.
    calendars = sum(1 for path in written if path.parent.name == "calendars")
    names = [path.name for path in written if path.parent.name != "calendars"]
    names.insert(3, f"calendars/ ({calendars} files)")
    console.print(f"Wrote {len(written)} files to {out}: {', '.join(names)}")


@app.command("check")
def check_command(
    practice: Annotated[
        Path,
        typer.Argument(
            metavar="PRACTICE", help="The practice file (.yaml, .yml or .json).", show_default=False
        ),
    ],
    roster: Annotated[
        Path,
        typer.Argument(
            metavar="ROSTER", help="A roster CSV (as written by `solve`).", show_default=False
        ),
    ],
) -> None:
    """Check ROSTER against the rules of PRACTICE: hard violations and the bill by rule.

    Exits with 1 if the roster breaks a hard rule.
    """
    _run(lambda: _check(practice, roster))


def _check(practice_path: Path, roster_path: Path) -> int:
    console = _stdout()
    loaded = load_practice(practice_path)
    practice = loaded.practice
    _print_imports(console, loaded.imports)
    roster = read_roster_csv(practice, roster_path)
    report = check(practice, roster)
    console.print(f"Checked {roster_path}: {len(roster)} shifts of {practice.name}")
    if report.violations:
        console.print(f"Hard violations: {len(report.violations)}")
        for violation in report.violations:
            console.print(f"  {violation}")
    else:
        console.print("Hard violations: none")
    totals = report.by_rule()
    if totals:
        console.print("Penalties by rule:")
        width = max(len(rule_id) for rule_id in totals)
        for rule_id, amount in totals.items():
            console.print(f"  {rule_id:<{width}}  {amount:>8}")
    else:
        console.print("Penalties by rule: none")
    console.print(f"Objective: {report.objective}")
    return ExitCode.OK if report.ok else ExitCode.HARD_VIOLATIONS


@app.command("import")
def import_command(
    practice: Annotated[
        Path,
        typer.Argument(
            metavar="PRACTICE",
            help="A practice file whose sources: name the files to import.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write the practice with everything imported (and no sources:) to FILE.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read the files that PRACTICE's sources: name, and say what each gave.

    Every row, cell or event left out on purpose is counted under its reason. With --out, also
    write a self-contained practice file with the imported staff, availability and leave.
    """
    _run(lambda: _import(practice, out))


def _import(practice_path: Path, out: Path | None) -> int:
    console = _stdout()
    loaded = load_practice(practice_path)
    practice = loaded.practice
    if not loaded.imports.files:
        console.print(f"{practice_path}: no sources: to import")
    _print_imports(console, loaded.imports)
    console.print(
        f"Practice: {len(practice.staff)} staff, {len(practice.availability)} availability "
        f"entries, {len(practice.leave)} leave entries"
    )
    if out is not None:
        if out.resolve() == practice_path.resolve():
            raise ExportError(
                f"{out}: is the practice file itself",
                hint="write the merged practice to another file",
            )
        write_practice(loaded.merged_document(), out)
        console.print(f"Wrote {out}")
    return ExitCode.OK


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a practice file."""
    _run(_schema)


def _schema() -> int:
    typer.echo(json.dumps(practice_schema(), indent=2, ensure_ascii=False))
    return ExitCode.OK
