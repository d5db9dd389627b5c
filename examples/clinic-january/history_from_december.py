"""Print the January example's ``history:`` section from a solved December roster.

Run it from the repository root after solving December, and paste what it prints over the
``history:`` section of ``examples/clinic-january/practice.yaml``::

    rosterkit solve examples/clinic/practice.yaml --out out/clinic \\
        --time-limit 60 --workers 2 --seed 0 --deterministic
    .venv/bin/python examples/clinic-january/history_from_december.py out/clinic/roster.csv

For everyone still employed in January it lists the shifts of the last ``DAYS`` days of
December (a day in that range without a shift was a day off), and carries the Saturday-clinic
count forward: the count December started with (the December practice's ``history``) plus the
Saturday clinics worked in December. It uses only the public ``rosterkit`` API.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import rosterkit

DECEMBER = Path(__file__).resolve().parents[1] / "clinic" / "practice.yaml"
NEXT_MONTH = date(2027, 1, 1)
DAYS = 14
"""How many days of December to carry: two weekends, and all of ISO weeks 2026-W52 and W53."""
BURDEN = "saturday_clinic"
SATURDAY_CLINIC = "sat_clinic"


def history_yaml(practice: rosterkit.Practice, roster: rosterkit.Roster) -> str:
    """The ``history:`` section for the month after ``practice``, as YAML text."""
    since = NEXT_MONTH - timedelta(days=DAYS)
    worked: dict[str, list[rosterkit.Assignment]] = defaultdict(list)
    saturdays: Counter[str] = Counter()
    for a in roster:
        if a.date >= since:
            worked[a.staff_id].append(a)
        if a.shift_id == SATURDAY_CLINIC:
            saturdays[a.staff_id] += 1
    carried = {h.staff: h.counts.get(BURDEN) for h in practice.history}
    lines = ["history:"]
    for person in practice.staff:
        if person.end_date is not None and person.end_date < NEXT_MONTH:
            continue  # left the practice: January has no rules for them
        lines += [f"  - staff: {person.id}", f"    since: {since.isoformat()}"]
        shifts = sorted(worked[person.id], key=lambda a: a.date)
        if shifts:
            entries = [f"{{date: {a.date.isoformat()}, shift: {a.shift_id}}}" for a in shifts]
            lines += _flow_list("    worked: ", entries)
        before = carried.get(person.id)
        if before is not None or saturdays[person.id]:
            total = (before or 0) + saturdays[person.id]
            lines.append(f"    counts: {{{BURDEN}: {total:g}}}")
    return "\n".join(lines) + "\n"


def _flow_list(head: str, items: list[str], *, width: int = 96) -> list[str]:
    """``head`` and a YAML flow list of ``items``, wrapped between items at ``width``."""
    indent = " " * (len(head) + 1)
    lines, line = [], head + "["
    for n, item in enumerate(items):
        piece = item + ("]" if n == len(items) - 1 else ",")
        if len(line) + 1 + len(piece) > width and not line.endswith("["):
            lines.append(line)
            line = indent + piece
        else:
            line += ("" if line.endswith("[") else " ") + piece
    return [*lines, line]


def main(argv: list[str]) -> int:
    """Read December's roster CSV (the only argument) and print January's history."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    practice = rosterkit.load_practice(DECEMBER)
    roster = rosterkit.read_roster_csv(practice, argv[0])
    sys.stdout.write(history_yaml(practice, roster))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
