"""Priority levels: soft rules ranked in levels and solved lexicographically, level by level."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from typing import Any

import pydantic
import pytest
from cases._base import person
from conftest import PracticeFactory

import rosterkit
from rosterkit import Practice, SolveProgress, Status
from rosterkit.solve import solver as solver_module

MON = date(2026, 3, 2)
TWO_DAYS = {"horizon": {"start": "2026-03-02", "end": "2026-03-03"}}


def wishes_against_cover(*, priority: int) -> dict[str, Any]:
    """Early needs one person (10 per person short); everyone would rather not (20 each)."""
    return {
        **TWO_DAYS,
        "coverage": [{"shift": "early", "min": 1, "weight": 10}],
        "availability": [
            {"staff": s, "kind": "undesired", "shift": "early", "weight": 20, "priority": priority}
            for s in ("a", "b", "c")
        ],
    }


def solve(practice: Practice, **options: Any) -> rosterkit.SolveResult:
    return rosterkit.solve(practice, time_limit=10, workers=1, seed=0, **options)


def test_under_plain_weights_a_wish_outweighs_an_uncovered_shift(
    make_practice: PracticeFactory,
) -> None:
    result = solve(make_practice(wishes_against_cover(priority=1)))
    assert result.status is Status.OPTIMAL
    assert len(result.roster) == 0
    assert result.objective == 20  # two uncovered early shifts
    assert dict(result.levels) == {1: 20}
    assert result.parameters["lexicographic"] is False


def test_on_a_later_level_no_wish_outweighs_an_uncovered_shift(
    make_practice: PracticeFactory,
) -> None:
    result = solve(make_practice(wishes_against_cover(priority=2)))
    assert result.status is Status.OPTIMAL
    assert sorted((a.date, a.shift_id) for a in result.roster) == [
        (MON, "early"),
        (MON + timedelta(days=1), "early"),
    ]
    assert result.objective == 40  # two unwelcome shifts, the total bill
    assert dict(result.levels) == {1: 0, 2: 40}
    assert result.best_bound == 40
    assert result.gap == 0.0
    assert result.parameters["lexicographic"] is True
    assert "by priority level 1: 0, 2: 40" in result.message
    by_kind = {p.kind for p in result.penalties}
    assert by_kind == {"undesired"}


def test_lexicographic_false_ignores_priorities(make_practice: PracticeFactory) -> None:
    result = solve(make_practice(wishes_against_cover(priority=2)), lexicographic=False)
    assert result.status is Status.OPTIMAL
    assert result.objective == 20
    assert dict(result.levels) == {1: 20, 2: 0}
    assert result.parameters["lexicographic"] is False


def test_labour_cost_on_level_two_pays_for_cover_and_picks_the_cheaper_person(
    make_practice: PracticeFactory,
) -> None:
    document = {
        **TWO_DAYS,
        "staff": [
            person("a", ["nurse"], hourly_wage=25.33),
            person("b", ["nurse"], hourly_wage=20),
        ],
        "coverage": [{"shift": "early", "min": 1}],
        "rules": [{"kind": "labour_cost", "priority": 2}],
    }
    staged = solve(make_practice(document))
    assert staged.status is Status.OPTIMAL
    assert {(a.staff_id, a.shift_id) for a in staged.roster} == {("b", "early")}
    assert len(staged.roster) == 2
    assert dict(staged.levels) == {1: 0, 2: 2 * 480 * 2000}
    # On one level a shift (960000 units) costs far more than a missing person (1000).
    flat = solve(make_practice(document), lexicographic=False)
    assert len(flat.roster) == 0
    assert flat.objective == 2000


def test_level_totals_add_up_to_the_bill(make_practice: PracticeFactory) -> None:
    document = {
        **wishes_against_cover(priority=3),
        "rules": [
            {"kind": "max_shifts_per_day", "limit": 1, "weight": 7, "priority": 2},
            {"kind": "hours_per_horizon", "max": 8, "weight": 1, "priority": 2},
        ],
        "coverage": [{"shift": "early", "min": 1, "weight": 10}, {"shift": "late", "min": 1}],
    }
    result = solve(make_practice(document))
    assert result.status is Status.OPTIMAL
    assert sum(result.levels.values()) == result.objective
    report = rosterkit.check(make_practice(document), result.roster)
    assert report.objective == result.objective
    # Four shifts for three people: someone works 16 h (480 min over 8 h) or coverage fails.
    assert dict(result.levels) == {1: 0, 2: 480, 3: 40}


def test_hard_rules_make_no_level(make_practice: PracticeFactory) -> None:
    document = {
        **wishes_against_cover(priority=2),
        "rules": [{"kind": "min_rest", "hours": 11, "hard": True, "priority": 5}],
    }
    compiled = rosterkit.compile_practice(make_practice(document))
    assert sorted(compiled.levels) == [1, 2]
    assert {t.kind: t.priority for t in compiled.soft} == {"coverage": 1, "undesired": 2}


@pytest.mark.parametrize("priority", [0, 100, "high"])
def test_priority_must_be_a_level_from_1_to_99(priority: object) -> None:
    with pytest.raises(pydantic.ValidationError, match="priority"):
        rosterkit.MinRest.model_validate({"hours": 11, "weight": 1, "priority": priority})


def test_infeasible_on_the_first_level(make_practice: PracticeFactory) -> None:
    document = {
        **wishes_against_cover(priority=2),
        "coverage": [{"shift": "night", "min": 3, "hard": True}],
    }
    result = solve(make_practice(document))
    assert result.status is Status.INFEASIBLE
    assert dict(result.levels) == {}


def busy_practice() -> dict[str, Any]:
    """Four weeks, 14 nurses, cover on level 1, 700-odd wishes on level 2, runs on level 3."""
    rnd = random.Random(1)
    staff = [person(f"s{i}", ["nurse"]) for i in range(14)]
    wishes = []
    for s in staff:
        for n in range(28):
            if rnd.random() < 0.5:
                wishes.append(
                    {
                        "staff": s["id"],
                        "kind": rnd.choice(["preferred", "undesired"]),
                        "date": (MON + timedelta(days=n)).isoformat(),
                        "shift": rnd.choice(["early", "late", "night"]),
                        "weight": rnd.randint(1, 9),
                        "priority": 2,
                    }
                )
    return {
        "staff": staff,
        "horizon": {"start": "2026-03-02", "end": "2026-03-29"},
        "coverage": [{"shift": s, "min": 2, "max": 3} for s in ("early", "late", "night")],
        "availability": wishes,
        "rules": [
            {"kind": "min_rest", "hours": 11, "hard": True},
            {"kind": "hours_per_week", "max": 40, "hard": True},
            {"kind": "max_consecutive_days", "limit": 4, "weight": 7, "priority": 3},
        ],
    }


def test_deterministic_staged_solves_repeat_exactly(make_practice: PracticeFactory) -> None:
    practice = make_practice(busy_practice())
    runs = [
        rosterkit.solve(practice, time_limit=0.5, workers=2, seed=3, deterministic=True)
        for _ in range(2)
    ]
    assert runs[0].roster == runs[1].roster
    assert runs[0].levels == runs[1].levels
    assert runs[0].objective == runs[1].objective
    assert runs[0].best_bound == runs[1].best_bound
    assert runs[0].has_roster


def test_optimal_only_when_every_level_is_proved(make_practice: PracticeFactory) -> None:
    # So little deterministic time that level 2 is left unproved (level 1 is proved at 0).
    result = rosterkit.solve(
        make_practice(busy_practice()), time_limit=0.02, workers=1, seed=0, deterministic=True
    )
    assert result.status is Status.FEASIBLE
    assert result.levels[1] == 0
    assert result.best_bound is not None
    assert result.objective is not None
    assert result.best_bound < result.objective
    assert result.gap is not None
    assert result.gap > 0


def test_the_time_limit_is_shared_between_levels(
    make_practice: PracticeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits: list[float] = []
    original = solver_module._parameters

    def recording(time_limit: float, *args: Any) -> Any:
        limits.append(time_limit)
        return original(time_limit, *args)

    monkeypatch.setattr(solver_module, "_parameters", recording)
    document = {
        **wishes_against_cover(priority=2),
        "rules": [{"kind": "max_shifts_per_day", "limit": 1, "weight": 7, "priority": 3}],
    }
    rosterkit.solve(make_practice(document), time_limit=3, workers=1, deterministic=True)
    assert len(limits) == 3
    assert limits[0] == 1.0  # an equal part of the whole, for the first of three levels
    assert limits[1] >= 1.0  # what level 1 left over passes on
    assert limits[2] >= limits[1]
    assert limits[2] <= 3.0


def test_progress_names_the_level(make_practice: PracticeFactory) -> None:
    seen: list[SolveProgress] = []
    solve(make_practice(wishes_against_cover(priority=2)), progress=seen.append)
    assert {p.level for p in seen} == {1, 2}
    assert [p.level for p in seen] == sorted(p.level or 0 for p in seen)
    assert all(a.elapsed <= b.elapsed for a, b in itertools.pairwise(seen))
    assert seen[-1].objective == 40
