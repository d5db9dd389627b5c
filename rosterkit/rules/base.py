"""What every rule shares: hard-or-weighted strength, scope, penalties, violations and the registry.

A rule is a frozen pydantic model (the data), one compiler that adds it to a solver model through
the :class:`~rosterkit.rules.builder.Builder` protocol, and one checker that finds its breaches in a
finished roster with plain Python. :func:`register` binds the three together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from datetime import date as _Date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rosterkit.model import Identifier

if TYPE_CHECKING:
    from rosterkit.rules.builder import Builder
    from rosterkit.rules.context import CheckContext

__all__ = [
    "REGISTRY",
    "Penalty",
    "RefKind",
    "Reference",
    "RuleBase",
    "RuleSpec",
    "Scope",
    "StaffScoped",
    "Violation",
    "register",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Scope(_Frozen):
    """Who a rule applies to: everyone (the default), staff with any of ``roles``, or ``staff``.

    Giving both ``roles`` and ``staff`` means the union of the two.
    """

    roles: tuple[Identifier, ...] = ()
    staff: tuple[Identifier, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _everyone(cls, data: object) -> object:
        if data in ("all", "everyone", None):
            return {}
        return data

    @property
    def everyone(self) -> bool:
        """Whether the scope covers all staff."""
        return not self.roles and not self.staff


RefKind = Literal["staff", "shift", "skill"]
"""What an id in a rule names: a person, a shift type or a skill (roles are skills)."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One id a rule names: the field it is in (a dotted path), what it names, and the id."""

    field: str
    kind: RefKind
    value: str


def _ids(value: object) -> tuple[str, ...]:
    """The ids a field holds: one id, a tuple of them, or the keys of a mapping by id."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):
        return tuple(value)
    if isinstance(value, tuple):
        return value
    raise TypeError(f"a reference field holds ids, not {type(value).__name__}")


class RuleBase(_Frozen):
    """Base of every rule; subclasses state their rule in their docstring's first line.

    Attributes:
        id: a name for this rule instance, used in penalties; defaults to ``kind#n``.
        hard: the rule must hold; a roster that breaks it is infeasible.
        weight: the rule may be broken at this cost per unit of breach (see the rule's docs).
        priority: the level of a soft rule, 1 (the default) first: when a practice uses more
            than one level, :func:`rosterkit.solve` minimises level 1's penalties first, then
            level 2's without making level 1 worse, and so on (docs/priorities.md). Hard rules
            hold whatever their priority.
    """

    default_weight: ClassVar[int | None] = None
    """Weight used when neither ``hard`` nor ``weight`` is given; None means one must be given."""
    default_hard: ClassVar[bool] = False
    """Whether the rule is hard when neither ``hard`` nor ``weight`` is given."""
    always_hard: ClassVar[bool] = False
    """Rules of physics (nobody is in two places at once) cannot be weighted."""
    refs: ClassVar[Mapping[str, RefKind]] = {}
    """The fields that name staff, shifts or skills, by dotted path (``mentors.staff``): each
    holds one id, a tuple of ids or a mapping keyed by ids. A subclass lists only its own
    fields; :meth:`references` adds those its bases list. The practice checks every one."""

    kind: str
    id: Identifier | None = None
    hard: bool = False
    weight: int | None = Field(default=None, ge=0, le=10**9)
    priority: int = Field(default=1, ge=1, le=99)

    @model_validator(mode="before")
    @classmethod
    def _strength(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        hard, weight = data.get("hard"), data.get("weight")
        if hard is None and weight is None:
            return cls._default_strength(data)
        if hard is True and weight is not None:
            raise ValueError("give either 'hard: true' or a 'weight', not both")
        if hard is False and weight is None:
            raise ValueError("'hard: false' needs a 'weight' (a whole number)")
        if cls.always_hard and hard is not True:
            raise ValueError(f"rule '{data.get('kind')}' is always hard; remove 'weight'")
        return data

    @classmethod
    def _default_strength(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Fill in ``hard`` or ``weight`` for an entry that gives neither."""
        if cls.always_hard or cls.default_hard:
            return {**data, "hard": True}
        if cls.default_weight is not None:
            return {**data, "weight": cls.default_weight}
        raise ValueError("give either 'hard: true' or a 'weight' (a whole number)")

    @classmethod
    def declared_refs(cls) -> dict[str, RefKind]:
        """The reference fields this rule type and its bases declare in ``refs``."""
        out: dict[str, RefKind] = {}
        for klass in reversed(cls.__mro__):
            out |= klass.__dict__.get("refs", {})
        return out

    def references(self) -> Iterator[Reference]:
        """Every id of a person, shift type or skill this rule names, where and what it is.

        :class:`~rosterkit.rules.practice.Practice` reports the ones it does not know, so
        compilers and checkers may rely on every id being known.
        """
        for path, kind in self.declared_refs().items():
            value: object = self
            for name in path.split("."):
                value = getattr(value, name)
            for item in _ids(value):
                yield Reference(path, kind, item)

    @property
    def summary(self) -> str:
        """The first line of the rule's docstring: what the rule says."""
        return (type(self).__doc__ or type(self).__name__).strip().splitlines()[0]

    @property
    def strength_weight(self) -> int:
        """The weight of a soft rule (0 for a hard one)."""
        return 0 if self.hard else int(self.weight or 0)


class StaffScoped(RuleBase):
    """A rule that applies to a set of staff (``applies_to``)."""

    refs: ClassVar[Mapping[str, RefKind]] = {
        "applies_to.roles": "skill",
        "applies_to.staff": "staff",
    }
    applies_to: Scope = Scope()


@dataclass(frozen=True, slots=True)
class Penalty:
    """One item of a roster's bill: which rule cost how much, for whom, on which day.

    ``staff_id`` is None for practice-wide items (coverage); ``date`` is None for items about the
    whole horizon; for weekly items it is the first planned day of the ISO week.
    """

    rule_id: str
    kind: str
    staff_id: str | None
    date: date | None
    amount: int
    detail: str

    @property
    def key(self) -> tuple[str, str | None, _Date | None]:
        """What identifies the item independently of its wording."""
        return (self.rule_id, self.staff_id, self.date)


@dataclass(frozen=True, slots=True)
class Violation:
    """A hard rule broken by a roster."""

    rule_id: str
    kind: str
    staff_id: str | None
    date: date | None
    detail: str

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.staff_id, self.date and self.date.isoformat()) if x)
        return f"{self.rule_id} [{where or 'practice'}]: {self.detail}"


R = TypeVar("R", bound=RuleBase)


@dataclass(frozen=True)
class RuleSpec(Generic[R]):
    """A rule's data class with its compiler and its checker."""

    rule_type: type[R]
    compile: Callable[[R, Builder], None]
    check: Callable[[R, CheckContext], None]


REGISTRY: dict[type[RuleBase], RuleSpec[Any]] = {}
"""Every rule type with its compiler and checker; :func:`register` fills it."""


def register(
    rule_type: type[R],
    *,
    compile: Callable[[R, Builder], None],
    check: Callable[[R, CheckContext], None],
) -> None:
    """Bind ``rule_type`` to its compiler and checker (once per type)."""
    if rule_type in REGISTRY:
        raise RuntimeError(f"{rule_type.__name__} is registered twice")
    REGISTRY[rule_type] = RuleSpec(rule_type, compile, check)
