"""The model layer: the facts of a practice and of a roster, without any rule or solver."""

from rosterkit.model.calendar import Calendar, ShiftInstance, local_instant, place
from rosterkit.model.entities import (
    WEEKDAYS,
    Contract,
    History,
    Horizon,
    Identifier,
    PastShift,
    ShiftType,
    Skill,
    Staff,
    TimeZoneName,
    Weekday,
    check_time_zone,
)
from rosterkit.model.roster import Assignment, Roster

__all__ = [
    "WEEKDAYS",
    "Assignment",
    "Calendar",
    "Contract",
    "History",
    "Horizon",
    "Identifier",
    "PastShift",
    "Roster",
    "ShiftInstance",
    "ShiftType",
    "Skill",
    "Staff",
    "TimeZoneName",
    "Weekday",
    "check_time_zone",
    "local_instant",
    "place",
]
