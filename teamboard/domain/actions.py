"""One builder per action: the payload of each kind of event, typed.

The CLI's commands, the app's forms and keys, and the demo all build their actions here, so
a new kind of event is added in one place and the type checker finds every caller. A
payload holds the event's `type` and fields as they are stored (dates as ISO text);
`LiveBoard.perform` adds who, when and the sequence number, checks it against the rules,
and writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from teamboard.domain.authorship import NEW_ID_FIELDS, bound_id, id_author, is_old_form
from teamboard.domain.events import (
    ApplicationKind,
    CheckInKind,
    EntryKind,
    PlanField,
    PraiseKind,
    Role,
    Stage,
    new_id,
)
from teamboard.domain.state import BoardState

Payload = dict[str, Any]
# What the one write path (LiveBoard.perform) takes: one payload, several written together,
# or a function that builds them from the state as it is when the write is checked.
Action = Payload | list[Payload] | Callable[[BoardState], Payload | list[Payload]]

PLAN_FIELDS = ("why_me", "must_deliver", "team_goals", "personal_benefit")


def bind_ids(author: str, payload: Payload, state: BoardState | None = None) -> Payload:
    """The payload with the id of the new entry it makes bound to its author
    (authorship.bound_id), unless it is bound to them already. A reflection written
    again under its own id (a revision, as the state shows) keeps it; so does an id that
    is not of the form builders make (a test's fixed "exp1"). The one write path binds
    every payload; the demo binds its own first, to refer to them in later steps."""
    name = NEW_ID_FIELDS.get(payload.get("type", ""))
    value = payload.get(name, None) if name is not None else None
    if name is None or not isinstance(value, str) or id_author(value) == author:
        return payload
    if not is_old_form(value):  # (new_id's form, as the builders below make them)
        return payload
    if state is not None and payload["type"] == "reflection_written":
        experiment = state.experiments.get(payload.get("experiment_id", ""))
        if experiment is not None and any(r.id == value for r in experiment.reflections):
            return payload
    return payload | {name: bound_id(author)}


def _given(payload: Payload, **fields: Any) -> Payload:
    """The payload with the fields that are given (not None), in their order: an event
    leaves out what its action does not say."""
    return payload | {name: value for name, value in fields.items() if value is not None}


def _day(on: date | None) -> str | None:
    return on.isoformat() if on is not None else None


def opportunity(kind: ApplicationKind | str | None, what: str = "", when: str = "") -> Payload:
    """Where the learning will be applied (lever 3)."""
    return {
        "kind": ApplicationKind(kind or ApplicationKind.OTHER).value,
        "what": what,
        "when": when,
    }


def join(name: str) -> Payload:
    return {"type": "member_joined", "name": name}


def set_role(member: str, role: Role) -> Payload:
    return {"type": "role_set", "member": member, "role": Role(role).value}


def create_experiment(
    title: str,
    *,
    training: str = "",
    plan: dict[str, str] | None = None,
    applied: Payload | None = None,
    target_date: date | None = None,
    confidence: int | None = None,
) -> Payload:
    created: Payload = {
        "type": "experiment_created",
        "experiment_id": new_id(),
        "title": title,
        "training": training,
        "plan": {k: v for k, v in (plan or {}).items() if k in PLAN_FIELDS},
    }
    return _given(
        created, opportunity=applied, target_date=_day(target_date), confidence=confidence
    )


def edit_experiment(
    experiment_id: str,
    *,
    title: str | None = None,
    training: str | None = None,
    plan: dict[str, str] | None = None,
    applied: Payload | None = None,
    target_date: date | None = None,
) -> Payload:
    """Only what is given changes (so two edits of different fields both win)."""
    return _given(
        {"type": "experiment_edited", "experiment_id": experiment_id},
        title=title,
        training=training,
        **{k: v for k, v in (plan or {}).items() if k in PLAN_FIELDS},
        opportunity=applied,
        target_date=_day(target_date),
    )


def clear_plan(experiment_id: str, fields: Iterable[PlanField]) -> Payload:
    return {
        "type": "plan_cleared",
        "experiment_id": experiment_id,
        "fields": [PlanField(f).value for f in fields],
    }


def move(experiment_id: str, to: Stage) -> Payload:
    return {"type": "stage_moved", "experiment_id": experiment_id, "to": Stage(to).value}


def log_practice(experiment_id: str, what: str, on: date) -> Payload:
    return {
        "type": "practice_logged",
        "experiment_id": experiment_id,
        "entry_id": new_id(),
        "on": on.isoformat(),
        "what": what,
    }


def reflect(
    experiment_id: str,
    *,
    wanted: str = "",
    did: str = "",
    effect: str = "",
    next_time: str = "",
    revising: str | None = None,
) -> Payload:
    """The four questions; with `revising` (a reflection's id), a revision of it."""
    return {
        "type": "reflection_written",
        "experiment_id": experiment_id,
        "reflection_id": revising or new_id(),
        "wanted": wanted,
        "did": did,
        "effect": effect,
        "next_time": next_time,
    }


def rate_confidence(experiment_id: str, value: int) -> Payload:
    return {"type": "confidence_rated", "experiment_id": experiment_id, "value": value}


def check_in(experiment_id: str, kind: CheckInKind, notes: str = "") -> Payload:
    return {
        "type": "checked_in",
        "experiment_id": experiment_id,
        "check_in_id": new_id(),
        "kind": CheckInKind(kind).value,
        "notes": notes,
    }


def praise(
    to: str,
    message: str,
    *,
    kind: PraiseKind = PraiseKind.EFFORT,
    experiment_id: str | None = None,
) -> Payload:
    posted: Payload = {
        "type": "praise_posted",
        "praise_id": new_id(),
        "to": to,
        "message": message,
        "kind": PraiseKind(kind).value,
    }
    return _given(posted, experiment_id=experiment_id or None)


def support(experiment_id: str, supporter: str) -> Payload:
    """A colleague supports it: their own offer, or their yes when the owner asked them
    (`supporter` is who writes it: the owner asks with `request_support`)."""
    return {"type": "support_added", "experiment_id": experiment_id, "supporter": supporter}


def request_support(experiment_id: str, supporter: str) -> Payload:
    """The owner asks a colleague, who accepts (`support`) or declines."""
    return {"type": "support_requested", "experiment_id": experiment_id, "supporter": supporter}


def decline_support(experiment_id: str) -> Payload:
    return {"type": "support_declined", "experiment_id": experiment_id}


def stop_support(experiment_id: str, supporter: str) -> Payload:
    return {"type": "support_removed", "experiment_id": experiment_id, "supporter": supporter}


def note(experiment_id: str, text: str) -> Payload:
    return {
        "type": "support_noted",
        "experiment_id": experiment_id,
        "note_id": new_id(),
        "text": text,
    }


def withdraw(experiment_id: str, reason: str = "") -> Payload:
    withdrawn: Payload = {"type": "experiment_withdrawn", "experiment_id": experiment_id}
    return _given(withdrawn, reason=reason.strip() or None)


def restore(experiment_id: str) -> Payload:
    return {"type": "experiment_restored", "experiment_id": experiment_id}


def take_back(
    entry: EntryKind, entry_id: str, *, experiment_id: str | None = None, reason: str = ""
) -> Payload:
    taken: Payload = {"type": "taken_back", "entry": EntryKind(entry).value, "entry_id": entry_id}
    return _given(taken, experiment_id=experiment_id or None, reason=reason.strip() or None)


def ask_help(experiment_id: str, ask: str) -> Payload:
    return {"type": "help_asked", "experiment_id": experiment_id, "ask": ask.strip()}


def clear_help(experiment_id: str) -> Payload:
    return {"type": "help_cleared", "experiment_id": experiment_id}


def start_standup() -> Payload:
    return {"type": "standup_started", "standup_id": new_id()}


def end_standup(standup_id: str, *, attendees: Iterable[str] = (), summary: str = "") -> Payload:
    ended: Payload = {"type": "standup_ended", "standup_id": standup_id}
    present = list(dict.fromkeys(attendees))
    return _given(ended, attendees=present or None, summary=summary.strip() or None)


def confirm_key(member: str, fingerprint: str) -> Payload:
    """A manager confirms that the key `member`'s log declares is theirs."""
    return {"type": "key_confirmed", "member": member, "fingerprint": fingerprint.strip()}
