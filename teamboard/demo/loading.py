"""The demo team as data: read a team file (team.toml) and play its steps into a Script.

The file is data a translator can copy; this module is the one place that knows its shape.
Each step names one of the Script's actions and gives that method's arguments by name; the
`match` in `_play` turns them into typed arguments, so mypy checks every call. A step that
names an unknown action, misses a key, has a key its action does not take, a value of the
wrong type or kind, names an experiment no earlier step created, or that the action refuses
(a text too long, a time that is no time), raises a TeamFileError naming the step.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import TypedDict, TypeVar

from teamboard.demo.script import Script
from teamboard.domain.events import ApplicationKind, CheckInKind, PraiseKind, Role, Stage

TEAM_FILE = "team.toml"
# The fields of an experiment's plan: an `edit` step names the ones it changes.
PLAN_FIELDS = ("why_me", "must_deliver", "team_goals", "personal_benefit")
ACTIONS = (
    "join",
    "set_role",
    "experiment",
    "edit",
    "move",
    "practice",
    "reflect",
    "rate",
    "check_in",
    "praise",
    "support",
    "note",
    "ask_help",
    "standup",
)

Kind = TypeVar("Kind", bound=StrEnum)


class TeamFileError(Exception):
    """A team file that cannot be read or played; the message names the step."""


@dataclass(frozen=True)
class Board:
    name: str
    founder: str
    founder_name: str
    founded_days_ago: int
    founded_clock: str


@dataclass(frozen=True)
class Team:
    source: str  # the file's name, for messages
    board: Board
    steps: tuple[Mapping[str, object], ...]


class _When(TypedDict):
    days_ago: int
    clock: str


class _Fields:
    """One table of the file, read key by key with its type checked; `done` complains
    about the keys nobody asked for (a misspelt key is an error, not a silent default)."""

    def __init__(self, table: object, where: str) -> None:
        if not isinstance(table, dict):
            raise TeamFileError(f"{where} is not a table")
        self._table: dict[str, object] = table
        self._asked: set[str] = set()
        self.where = where

    def error(self, message: str) -> TeamFileError:
        return TeamFileError(f"{self.where}: {message}")

    def has(self, key: str) -> bool:
        self._asked.add(key)
        return key in self._table

    def _value(self, key: str) -> object:
        if not self.has(key):
            raise self.error(f"misses `{key}`")
        return self._table[key]

    def text(self, key: str) -> str:
        value = self._value(key)
        if not isinstance(value, str):
            raise self.error(f"`{key}` should be a text in quotes, not {value!r}")
        return value

    def whole(self, key: str) -> int:
        value = self._value(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(f"`{key}` should be a whole number, not {value!r}")
        return value

    def optional_whole(self, key: str) -> int | None:
        return self.whole(key) if self.has(key) else None

    def names(self, key: str) -> list[str]:
        value = self._value(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f'`{key}` should be a list of texts, like ["a", "b"]')
        return [str(v) for v in value]

    def kind(self, key: str, kinds: type[Kind]) -> Kind:
        value = self.text(key)
        try:
            return kinds(value)
        except ValueError:
            known = ", ".join(f'"{k.value}"' for k in kinds)
            raise self.error(f'`{key}` is "{value}", not one of {known}') from None

    def table(self, key: str) -> _Fields:
        return _Fields(self._value(key), f"{self.where}, `{key}`")

    def when(self) -> _When:
        return {"days_ago": self.whole("days_ago"), "clock": self.text("clock")}

    def done(self) -> None:
        if unknown := [key for key in self._table if key not in self._asked]:
            listed = ", ".join(f"`{key}`" for key in unknown)
            raise self.error(
                f"has {'unknown keys' if len(unknown) > 1 else 'an unknown key'} {listed}"
            )


def read_team(name: str = TEAM_FILE) -> Team:
    """A team file shipped in this package."""
    text = resources.files("teamboard.demo").joinpath(name).read_text(encoding="utf-8")
    return parse_team(text, name)


def parse_team(text: str, source: str) -> Team:
    """The board and the steps of a team file; the steps are checked when played."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TeamFileError(f"{source}: {error}") from error
    top = _Fields(data, source)
    fields = top.table("board")
    board = Board(
        name=fields.text("name"),
        founder=fields.text("founder"),
        founder_name=fields.text("founder_name"),
        founded_days_ago=fields.whole("founded_days_ago"),
        founded_clock=fields.text("founded_clock"),
    )
    fields.done()
    steps = data.get("step") if top.has("step") else None
    if not isinstance(steps, list):
        raise top.error("should hold its steps as [[step]] tables")
    top.done()
    return Team(source, board, tuple(steps))


def play(team: Team, script: Script) -> None:
    """Each step of the team, in the file's order, as a call of the Script."""
    refs: dict[str, str] = {}  # an experiment's ref in the file: its id
    for number, table in enumerate(team.steps, start=1):
        step = _Fields(table, f"{team.source}, step {number}")
        action = step.text("action")
        step.where += f" ({action})"
        try:
            _play(step, action, script, refs)
        except ValueError as error:  # from the action's builder or the Script's clock
            raise step.error(str(error)) from error
        step.done()


def _experiment(step: _Fields, refs: Mapping[str, str], key: str = "experiment") -> str:
    ref = step.text(key)
    if ref not in refs:
        raise step.error(f'names the experiment "{ref}", which no earlier step creates')
    return refs[ref]


def _opportunity(step: _Fields) -> tuple[ApplicationKind, str, str] | None:
    if not step.has("opportunity"):
        return None
    table = step.table("opportunity")
    opportunity = (table.kind("kind", ApplicationKind), table.text("what"), table.text("when"))
    table.done()
    return opportunity


def _play(step: _Fields, action: str, script: Script, refs: dict[str, str]) -> None:
    match action:
        case "join":
            script.join(step.text("member"), step.text("name"), **step.when())
        case "set_role":
            script.set_role(
                step.text("manager"), step.text("member"), step.kind("role", Role), **step.when()
            )
        case "experiment":
            ref = step.text("ref")
            if ref in refs:
                raise step.error(f'repeats the ref "{ref}" of an earlier experiment')
            refs[ref] = script.experiment(
                step.text("owner"),
                **step.when(),
                title=step.text("title"),
                training=step.text("training"),
                why_me=step.text("why_me"),
                must_deliver=step.text("must_deliver"),
                team_goals=step.text("team_goals"),
                personal_benefit=step.text("personal_benefit"),
                opportunity=_opportunity(step),
                target_in_days=step.optional_whole("target_in_days"),
                confidence=step.whole("confidence"),
            )
        case "edit":
            owner, experiment_id, when = step.text("owner"), _experiment(step, refs), step.when()
            plan = {field: step.text(field) for field in PLAN_FIELDS if step.has(field)}
            if not plan:
                raise step.error(f"changes none of {', '.join(PLAN_FIELDS)}")
            script.edit(owner, experiment_id, when["days_ago"], when["clock"], **plan)
        case "move":
            script.move(
                step.text("author"), _experiment(step, refs), step.kind("to", Stage), **step.when()
            )
        case "practice":
            script.practice(
                step.text("owner"), _experiment(step, refs), **step.when(), what=step.text("what")
            )
        case "reflect":
            script.reflect(
                step.text("owner"),
                _experiment(step, refs),
                **step.when(),
                wanted=step.text("wanted"),
                did=step.text("did"),
                effect=step.text("effect"),
                next_time=step.text("next_time"),
            )
        case "rate":
            script.rate(
                step.text("owner"), _experiment(step, refs), step.whole("value"), **step.when()
            )
        case "check_in":
            script.check_in(
                step.text("author"),
                _experiment(step, refs),
                step.kind("kind", CheckInKind),
                **step.when(),
                notes=step.text("notes"),
            )
        case "praise":
            script.praise(
                step.text("manager"),
                step.text("to"),
                step.kind("kind", PraiseKind),
                **step.when(),
                message=step.text("message"),
                experiment_id=_experiment(step, refs) if step.has("experiment") else None,
            )
        case "support":
            script.support(
                step.text("author"),
                _experiment(step, refs),
                supporter=step.text("supporter"),
                **step.when(),
            )
        case "note":
            script.note(
                step.text("author"), _experiment(step, refs), **step.when(), text=step.text("text")
            )
        case "ask_help":
            script.ask_help(
                step.text("owner"), _experiment(step, refs), **step.when(), ask=step.text("ask")
            )
        case "standup":
            script.standup(
                step.text("runner"),
                step.whole("days_ago"),
                step.text("start"),
                step.text("end"),
                step.names("attendees"),
                step.text("summary"),
            )
        case _:
            raise step.error(f'is "{action}", not one of {", ".join(ACTIONS)}')
