"""The board for the world outside: Markdown a person reads, CSV for a spreadsheet, JSON of
the folded board, JSONL of every change (the audit trail, which `teamboard import` reads).

Pure functions of the folded state (and, for JSONL, of the events as stored), with a
`Scope` (a time window, one member) applied in one place, `scoped`. They walk the state's
dataclasses and the stored events generically, so a new kind of event or a new field of
the state needs no change here (the Markdown says only what it knows how to say).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from teamboard.domain.events import Event, RawEvent, parse_event, sort_key
from teamboard.domain.facts import days_in_stage, days_in_stage_words
from teamboard.domain.fold import judge, ordered
from teamboard.domain.labels import (
    APPLIED_LABEL,
    CHECK_IN_QUESTIONS,
    PLAN_LABELS,
    REFLECTION_QUESTIONS,
    describe_opportunity,
)
from teamboard.domain.state import (
    BoardState,
    CheckIn,
    Correction,
    Experiment,
    OrderKey,
    Praise,
    Reflection,
    Refused,
)
from teamboard.domain.text import md_text, plural
from teamboard.views.cards import flags_of, praise_counts


@dataclass(frozen=True)
class Format:
    name: str  # as the command line spells it
    label: str  # in words
    suffix: str  # of a file saved in it
    purpose: str


FORMATS = {
    f.name: f
    for f in (
        Format("md", "Markdown", ".md", "a page per person, to read"),
        Format("csv", "CSV", ".csv", "a row per experiment, for spreadsheets"),
        Format("json", "JSON", ".json", "the whole board, for programs"),
        Format("jsonl", "JSONL", ".jsonl", "every change: the audit trail, to import"),
    )
}


# --- what is exported: a time window, one member ----------------------------------------


@dataclass(frozen=True)
class Scope:
    """What goes into an export: what happened from `since` to `until` (whole UTC days,
    both included), and only one member's experiments (or, for events, changes)."""

    since: date | None = None
    until: date | None = None
    member: str | None = None

    def check(self, state: BoardState) -> None:
        """Raise Refused when the scope cannot be met (a stranger, a window backwards)."""
        if self.since and self.until and self.until < self.since:
            raise Refused(
                f"--until {self.until.isoformat()} is before --since {self.since.isoformat()}"
            )
        if self.member is not None:
            state.member(self.member)

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None

    def covers_day(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def covers(self, at: datetime) -> bool:
        return self.covers_day(at.astimezone(UTC).date())

    def words(self, state: BoardState) -> str:
        """The scope as a heading says it ('' for the whole board)."""
        parts = []
        if self.since and self.until:
            parts.append(f"from {self.since.isoformat()} to {self.until.isoformat()}")
        elif self.since:
            parts.append(f"since {self.since.isoformat()}")
        elif self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.member:
            parts.append(f"only {state.name_of(self.member)}")
        return ", ".join(parts)


def praise_by_experiment(state: BoardState) -> dict[str, list[Praise]]:
    """Each experiment's praise (taken back or not), in the order posted."""
    about: dict[str, list[Praise]] = {}
    for p in state.praise:
        if p.experiment_id:
            about.setdefault(p.experiment_id, []).append(p)
    return about


def _activity(experiment: Experiment, praise: list[Praise]) -> Iterator[datetime]:
    """Every time something happened to the experiment."""
    yield experiment.created_at
    yield from (visit.at for visit in experiment.history)
    for entries in experiment.dated_lists().values():
        yield from (entry.changed_at for entry in entries)
    yield from (link.at for link in experiment.supporters.values())
    yield from (p.at for p in praise)
    if experiment.withdrawn is not None:
        yield experiment.withdrawn.at


def scoped(state: BoardState, scope: Scope) -> BoardState:
    """The board as the export shows it: one member's experiments, and within a window
    only the experiments something happened to then, with only the entries dated then
    (the stage, the plan and the supporters are shown as they are now)."""
    if scope == Scope():
        return state
    praise_about = praise_by_experiment(state)
    experiments: dict[str, Experiment] = {}
    for e in state.experiments.values():
        if scope.member is not None and e.owner != scope.member:
            continue
        if scope.windowed:
            if not any(scope.covers(at) for at in _activity(e, praise_about.get(e.id, []))):
                continue
            kept: dict[str, Any] = {
                name: [entry for entry in entries if scope.covers_day(entry.day)]
                for name, entries in e.dated_lists().items()
            }
            e = dataclasses.replace(e, **kept)
        experiments[e.id] = e

    def concerns(member: str, *others: str) -> bool:
        return scope.member is None or scope.member in (member, *others)

    return dataclasses.replace(
        state,
        experiments=experiments,
        praise=[p for p in state.praise if concerns(p.to, p.author) and scope.covers(p.at)],
        corrections=[
            c for c in state.corrections if concerns(c.about, c.author) and scope.covers(c.at)
        ],
        rejected=[],
        event_ids=set(),
    )


# --- Markdown: a page a person reads -------------------------------------------------------


def _day(at: datetime | date) -> str:
    return at.date().isoformat() if isinstance(at, datetime) else at.isoformat()


def _taken_back(correction: Correction | None) -> str:
    if correction is None:
        return ""
    reason = f": {md_text(correction.reason)}" if correction.reason else ""
    return f" *(taken back {_day(correction.at)}{reason})*"


def markdown(state: BoardState, board_name: str, now: datetime, scope: Scope = Scope()) -> str:
    """The board for a person to read: per person, each experiment with its plan,
    practice, reflections, check-ins, support and praise."""
    shown = scoped(state, scope)
    out = [f"# {md_text(board_name)}", ""]
    about = [f"Exported {now.astimezone(UTC):%Y-%m-%d %H:%M} UTC"]
    if words := scope.words(state):
        about.append(md_text(words))
    about.append(plural(len(shown.experiments), "experiment"))
    out += [" · ".join(about), ""]
    by_owner: dict[str, list[Experiment]] = {}
    for e in shown.experiments.values():
        by_owner.setdefault(e.owner, []).append(e)
    members = sorted(shown.members.values(), key=lambda m: sort_key(m.name))
    if scope.member is not None:
        members = [m for m in members if m.id == scope.member]
    praise = praise_by_experiment(shown)
    for member in members:
        out += [f"## {md_text(member.name)} ({member.role.value})", ""]
        mine = by_owner.get(member.id, [])
        if not mine:
            out += ["No experiments here.", ""]
        mine.sort(key=lambda e: (e.withdrawn is not None, e.stage.position, e.created_at))
        for e in mine:
            out += _experiment_md(shown, e, praise.get(e.id, []), now)
    return "\n".join(out).rstrip() + "\n"


def _experiment_md(
    state: BoardState, e: Experiment, praise: list[Praise], now: datetime
) -> list[str]:
    name = state.name_of
    out = [f"### {md_text(e.title)}", ""]
    facts = [
        f"- Stage: {e.stage.label} for {days_in_stage_words(e, now)} "
        f"({' → '.join(f'{v.stage.label} {_day(v.at)}' for v in e.history)})"
    ]
    if e.withdrawn is not None:
        reason = f": {md_text(e.withdrawn.reason)}" if e.withdrawn.reason else ""
        facts.append(f"- **Withdrawn** {_day(e.withdrawn.at)}{reason}")
    if e.training:
        facts.append(f"- Training: {md_text(e.training)}")
    if e.target_date is not None:
        facts.append(f"- Target date: {e.target_date.isoformat()}")
    if e.confidence:
        facts.append(
            "- Confidence: " + " → ".join(f"{r.value} ({_day(r.at)})" for r in e.confidence)
        )
    supporters = ", ".join(
        f"{md_text(name(link.supporter))} (since {_day(link.at)})" for link in e.supporters.values()
    )
    facts.append(f"- Supporters: {supporters or 'none yet'}")
    out += [*facts, "", "**Transfer plan**", ""]
    out += [
        f"- {label}: {md_text(getattr(e.plan, key) or '—')}" for key, label in PLAN_LABELS.items()
    ]
    out += [f"- {APPLIED_LABEL}: {md_text(describe_opportunity(e.opportunity))}", ""]
    sections: list[tuple[str, list[str]]] = [
        (
            "Practice",
            [
                f"- {p.on.isoformat()}: {md_text(p.what)}{_taken_back(p.taken_back)}"
                for p in sorted(e.practice, key=lambda p: (p.on, p.at))
            ],
        ),
        ("Reflections", [line for r in e.reflections for line in _reflection_md(r)]),
        ("Check-ins", [_check_in_md(state, c) for c in e.check_ins]),
        (
            "Support notes",
            [
                f"- {_day(n.at)}, {md_text(name(n.author))}: {md_text(n.text)}"
                f"{_taken_back(n.taken_back)}"
                for n in e.support_notes
            ],
        ),
        ("Praise", [_praise_md(state, p) for p in praise]),
    ]
    for heading, lines in sections:
        if lines:
            out += [f"**{heading}**", "", *lines, ""]
    return out


def _reflection_md(r: Reflection) -> list[str]:
    revised = f", revised {_day(r.revised_at)}" if r.revised_at else ""
    lines = [f"- {_day(r.at)}{revised}"]
    for key, question in REFLECTION_QUESTIONS.items():
        lines.append(f"  - {question} {md_text(getattr(r, key) or '—', '    ')}")
    return lines


def _check_in_md(state: BoardState, c: CheckIn) -> str:
    notes = md_text(c.notes) if c.notes else "—"
    return (
        f"- {_day(c.at)}, {c.kind.value} with {md_text(state.name_of(c.author))} "
        f"({CHECK_IN_QUESTIONS[c.kind]}): {notes}"
    )


def _praise_md(state: BoardState, p: Praise) -> str:
    who = md_text(state.name_of(p.author))
    if p.taken_back is not None:  # its author took it back: its words are no longer shown
        return f"- {_day(p.at)}, {who} posted praise and took it back {_day(p.taken_back.at)}"
    return f"- {_day(p.at)}, {who} praised the {p.kind.value}: {md_text(p.message)}"


# --- CSV: one row per experiment, for a spreadsheet ------------------------------------------

CSV_COLUMNS = (
    "id",
    "owner",
    "owner name",
    "title",
    "training",
    "stage",
    "created",
    "stage since",
    "days in stage",
    "plan complete",
    "application",
    "practice",
    "reflections",
    "check-ins",
    "supporters",
    "praise",
    "confidence first",
    "confidence last",
    "needs attention",
    "withdrawn",
)
# Where a spreadsheet may start a cell: the comma this file separates by, the semicolon or
# tab of a spreadsheet set to split by another (most of Europe lists with ';'), a quote
# and a line break. A cell holding any of them is quoted; and where one of them, or the
# cell's start, is followed by what starts a formula (= + - @, a tab or a carriage
# return), an apostrophe goes before it, so that a spreadsheet, however it splits the
# line, shows it as text and runs nothing.
_QUOTED = re.compile(r'[,;\t"\r\n]')
_FORMULA = re.compile(r'(^|[,;\t"\r\n])(?=[=+\-@\t\r])')


def csv_cell(value: object) -> str:
    text = _FORMULA.sub(r"\1'", "" if value is None else str(value))
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def csv_text(state: BoardState, now: datetime, scope: Scope = Scope()) -> str:
    """One row per experiment and its signals. Starts with a byte order mark and ends its
    lines in CRLF, as Excel needs to read UTF-8 (LibreOffice reads it too); every cell
    is quoted as needed, and none is ever read as a formula."""
    shown = scoped(state, scope)
    praise = praise_counts(shown)
    lines = [",".join(map(csv_cell, CSV_COLUMNS))]
    for e in shown.experiments.values():
        ratings = e.confidence
        row = (
            e.id,
            e.owner,
            shown.name_of(e.owner),
            e.title,
            e.training,
            e.stage.value,
            _day(e.created_at),
            _day(e.stage_since),
            days_in_stage(e, now),
            "yes" if e.plan.complete else "no",
            describe_opportunity(e.opportunity) if e.opportunity else "",
            len(e.practice_done),
            len(e.reflections),
            len(e.check_ins),
            len(e.supporters),
            praise.get(e.id, 0),
            ratings[0].value if ratings else "",
            ratings[-1].value if ratings else "",
            "" if e.withdrawn else " · ".join(flag.value for flag in flags_of(e, now)),
            _day(e.withdrawn.at) if e.withdrawn else "",
        )
        lines.append(",".join(map(csv_cell, row)))
    return "\ufeff" + "".join(line + "\r\n" for line in lines)


# --- JSON: the folded board --------------------------------------------------------------

# What the fold keeps for itself: which ids it has judged, where it stands, what it refused
# (with this computer's paths; `teamboard check` lists them).
_BOOKKEEPING = {"event_ids", "last_key", "rejected"}


def plain(value: Any) -> Any:
    """The state's dataclasses, enums, times and collections as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _BOOKKEEPING
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    return value


def state_json(state: BoardState, scope: Scope = Scope()) -> dict[str, Any]:
    """The folded board (members, experiments, praise, corrections) as JSON values."""
    data: dict[str, Any] = plain(scoped(state, scope))
    data["members"] = list(data["members"].values())
    data["experiments"] = list(data["experiments"].values())
    return data


def json_text(state: BoardState, board_name: str, scope: Scope = Scope()) -> str:
    data = {"board": board_name, **state_json(state, scope)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- JSONL: every change, as stored -----------------------------------------------------------


@dataclass
class Kept:
    """The stored events the board is made of, in the order the fold applies them, each
    as it is stored; and how many stored ones the fold leaves out."""

    events: list[tuple[Event, RawEvent]]
    left_out: int
    founder: str | None = None
    # Kept changes that count at another time without the ones left out (see kept_events).
    moved: int = 0


def kept_events(stored: Iterable[tuple[str, RawEvent]], founder: str | None) -> Kept:
    """From (file owner, event as stored) pairs, the events the fold applies. Those it
    refuses (a rule, an unknown type, someone else's file) are left out and counted:
    they are not on the board, and `teamboard import` would refuse them."""
    state = BoardState(founder=founder)
    parsed: list[Event] = []
    raws: dict[int, RawEvent] = {}
    left_out = 0
    for owner, raw in stored:
        try:
            if raw.get("author") != owner:
                raise ValueError("someone else's file")
            event = parse_event(raw)
        except (ValueError, ValidationError):
            left_out += 1
            continue
        parsed.append(event)
        raws[id(event)] = raw
    kept = []
    keys: dict[int, OrderKey] = {}
    for key, event in ordered(parsed):
        if judge(state, event, key):
            kept.append((event, raws[id(event)]))
            keys[id(event)] = key
        else:
            left_out += 1
    moved = 0
    if left_out:
        # A change left out that is dated before its author's earlier ones no longer holds
        # them back to its time (board.ordered): without it they count later.
        moved = sum(key != keys[id(event)] for key, event in ordered(e for e, _ in kept))
    return Kept(kept, left_out, founder, moved)


# One encoder for every line (json.dumps with options would make one a line).
_JSONL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


# The first line of a JSONL export says which board the events are of: its name and its
# founder (the first manager), which the events alone do not say. It has no "type".
BOARD_LINE = "teamboard"


def board_line(name: str, founder: str | None) -> RawEvent:
    return {BOARD_LINE: "board", "name": name, "founder": founder}


def jsonl_text(kept: Kept, board_name: str, scope: Scope = Scope()) -> str:
    """The board's line, then one stored event a line, in the fold's order: with a
    window, the changes made in it; with a member, the changes they made."""
    lines = [_JSONL.encode(board_line(board_name, kept.founder))]
    lines += [
        _JSONL.encode(raw)
        for event, raw in kept.events
        if scope.covers(event["at"]) and scope.member in (None, event["author"])
    ]
    return "".join(line + "\n" for line in lines)


# --- one call for the app and the command line ----------------------------------------------


@dataclass
class Exported:
    text: str
    format: Format
    count: int  # experiments, or events for JSONL
    left_out: int = 0  # stored events the board leaves out (JSONL)
    moved: int = 0  # events that count at another time without them (JSONL)

    @property
    def what(self) -> str:
        unit = "events" if self.format.name == "jsonl" else "experiments"
        return f"{self.format.label} of {self.count} {unit}"


def export_board(
    state: BoardState,
    format_name: str,
    board_name: str,
    now: datetime,
    scope: Scope = Scope(),
    stored: Iterable[tuple[Path, RawEvent]] = (),
) -> Exported:
    """The board in one format; raises Refused when the scope cannot be met. JSONL reads
    `stored`, the events as stored with their files (`BoardFolder.raw_events()`: read
    only when asked for)."""
    scope.check(state)
    fmt = FORMATS[format_name]
    if fmt.name == "jsonl":
        kept = kept_events(((path.stem, raw) for path, raw in stored), state.founder)
        text = jsonl_text(kept, board_name, scope)
        return Exported(text, fmt, text.count("\n") - 1, kept.left_out, kept.moved)
    count = len(scoped(state, scope).experiments)
    if fmt.name == "md":
        text = markdown(state, board_name, now, scope)
    elif fmt.name == "csv":
        text = csv_text(state, now, scope)
    else:
        text = json_text(state, board_name, scope)
    return Exported(text, fmt, count)
