"""Quickstart for notebooks: solve the clinic example and explore its roster and bill with pandas.

Run it from the repository root (``.venv/bin/python examples/notebook_quickstart.py``), or paste
the cells (``# %%``) into a notebook started there. It uses only the public ``rosterkit`` API.
"""

# %% Load the practice and solve it.
from __future__ import annotations

import pandas as pd

import rosterkit

practice = rosterkit.load_practice("examples/clinic/practice.yaml")
result = rosterkit.solve(practice, time_limit=60, workers=2, seed=0)
print(result.status, "-", result.message)
print(f"objective {result.objective}, best bound {result.best_bound}, gap {result.gap:.1%}")

# %% The roster as a long table: one row per person and shift, with aware start and end.
pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 40)
roster = result.to_frame()
print(roster.head())

# %% Who works what, day by day (one column per date).
grid = roster.pivot_table(index="staff_id", columns="date", values="shift_id", aggfunc="first")
print(grid.fillna("").iloc[:, :7])

# %% Hours per person and ISO week: what payroll asks for.
week = pd.to_datetime(roster["date"]).dt.isocalendar().week.rename("iso_week")
hours = roster.groupby(["staff_name", week])["hours"].sum().unstack(fill_value=0)
print(hours)

# %% The bill: what each rule cost, then the items of the most expensive one.
bill = result.penalties_frame()
by_rule = bill.groupby("rule_id").agg(total=("amount", "sum"), items=("amount", "count"))
by_rule = by_rule.sort_values("total", ascending=False)
print(by_rule)
print(bill[bill["rule_id"] == by_rule.index[0]][["date", "staff_id", "amount", "detail"]])

# %% The checker agrees: no hard rule broken, and the same total.
report = rosterkit.check(practice, result.roster)
print("hard violations:", len(report.violations), "- checked objective:", report.objective)
