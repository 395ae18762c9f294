"""The rules of who may do what: one `check_*` predicate per rule.

Each raises Refused with the reason (and the event that caused it, when there is one). The
fold's handlers call them before they change anything, so a refused event changes
nothing; the app's screens ask the same functions (`allows`) which keys to offer, and the
CLI prints their words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from teamboard.domain.authorship import id_author, is_old_form
from teamboard.domain.events import (
    STAGES,
    CheckInKind,
    EntryKind,
    Envelope,
    Role,
    Stage,
)
from teamboard.domain.facts import check_in_earliest_at
from teamboard.domain.state import (
    BoardState,
    Experiment,
    HelpAsk,
    KeptEntry,
    Member,
    Reflection,
    Refused,
    Standup,
    SupportRequest,
    entries_of,
)

# A practice date is a person's local date; event times are UTC. A day either side covers
# every time zone.
DATE_SLACK = timedelta(hours=14)

# --- the rules --------------------------------------------------------------------------


def allows(check: Callable[..., object], *args: Any) -> bool:
    """True if the rule `check` lets this happen now (for keys and footers)."""
    try:
        check(*args)
    except Refused:
        return False
    return True


def check_joined(state: BoardState, author: str) -> Member:
    member = state.members.get(author)
    if member is None:
        raise Refused(f"{author!r} has not joined this board")
    return member


def check_manager(state: BoardState, author: str, what: str) -> None:
    member = check_joined(state, author)
    if member.role is not Role.MANAGER:
        raise Refused(f"only a manager may {what}", cause=member.role_event)


def check_on_board(experiment: Experiment) -> None:
    if experiment.withdrawn is not None:
        raise Refused(
            "the experiment is withdrawn (its owner can restore it)",
            cause=experiment.withdrawn.event_id,
        )


def check_owner(state: BoardState, experiment: Experiment, author: str, what: str) -> None:
    """Ownership (lever 2): only the owner edits their plan, practice and reflections.
    A refusal names the creation that made the owner the owner."""
    if experiment.owner != author:
        raise Refused(
            f"only {state.name_of(experiment.owner)} (the owner) may {what} this experiment",
            cause=experiment.event_id,
        )
    check_on_board(experiment)


def check_owner_or_manager(
    state: BoardState, experiment: Experiment, author: str, what: str
) -> None:
    if author != experiment.owner and not state.is_manager(author):
        member = state.members.get(author)
        # The role change that took the author's manager role away, else the creation
        # that made someone else the owner.
        cause = (member.role_event if member else "") or experiment.event_id
        raise Refused(f"only the owner or a manager may {what}", cause=cause)
    check_on_board(experiment)


def check_new_id(event: Envelope, value: str, existing: str = "") -> None:
    """A signed event creates only ids bound to its own author (authorship.bound_id):
    never one of another person's, never one of the old form. `existing` is the event
    that made an entry with this id already, if one did. Events written before signing
    keep the ids they had."""
    if "sig" not in event:
        return
    author = event["author"]
    if value[20:21] == "-" and value[21:] == author:
        return  # bound to its own author (the common case, first: every creation comes here)
    owner = id_author(value)
    if owner is not None and owner != event["author"]:
        raise Refused(
            f"the id {value!r} belongs to {owner}'s entries, not to {event['author']}'s",
            cause=existing,
        )
    if is_old_form(value):
        raise Refused(
            f"the id {value!r} is of the form made before signing: a new id carries its author",
            cause=existing,
        )


def check_move(state: BoardState, experiment: Experiment, to: Stage, author: str) -> None:
    """Raise Refused if `author` may not move `experiment` to `to` now."""
    check_owner_or_manager(state, experiment, author, "move an experiment")
    step = to.position - experiment.stage.position
    if step == 0:
        raise Refused(f"the experiment is already in {to.label}", cause=experiment.stage_event)
    if abs(step) != 1:
        raise Refused(
            f"an experiment moves one stage at a time: {experiment.stage.label} "
            f"can go to {' or '.join(s.label for s in neighbours(experiment.stage))}",
            cause=experiment.stage_event,
        )
    if to is Stage.REFLECTION and step == 1 and not experiment.practice_done:
        raise Refused("log at least one practice before moving to Reflection")
    if to is Stage.SUCCESS and not any(r.complete for r in experiment.reflections):
        raise Refused("write a reflection that answers all four questions before Success")


def check_step(state: BoardState, experiment: Experiment, step: int, author: str) -> Stage:
    """The stage one step back (-1) or forward (+1), if `author` may move it there."""
    target = experiment.stage.position + step
    if not 0 <= target < len(STAGES):
        edge = "first" if step < 0 else "last"
        raise Refused(f"{experiment.stage.label} is the {edge} stage")
    to = STAGES[target]
    check_move(state, experiment, to, author)
    return to


def neighbours(stage: Stage) -> list[Stage]:
    return [STAGES[i] for i in (stage.position - 1, stage.position + 1) if 0 <= i < len(STAGES)]


def check_practice(
    state: BoardState, experiment: Experiment, author: str, on: date, at: datetime
) -> None:
    """The owner logs practice on a day that is neither ahead of the time of writing nor
    before the experiment existed."""
    check_owner(state, experiment, author, "log practice for")
    if on > (at + DATE_SLACK).date():
        raise Refused(f"the practice date {on.isoformat()} is in the future")
    started = (experiment.created_at - DATE_SLACK).date()
    if on < started:
        raise Refused(
            f"the practice date {on.isoformat()} is before the experiment existed "
            f"({experiment.created_at.date().isoformat()})",
            cause=experiment.event_id,
        )


def check_reflect(
    state: BoardState, experiment: Experiment, author: str, reflection_id: str, complete: bool
) -> Reflection | None:
    """The owner writes a reflection (or revises one: the same id again). Returns the
    reflection being revised, if it is one."""
    check_owner(state, experiment, author, "reflect on")
    revised = next((r for r in experiment.reflections if r.id == reflection_id), None)
    if revised is not None and experiment.stage is Stage.SUCCESS and not complete:
        others = [r for r in experiment.reflections if r is not revised and r.complete]
        if not others:
            raise Refused(
                "this reflection is what took the experiment to Success: a revision must "
                "still answer all four questions",
                cause=experiment.stage_event,
            )
    return revised


def check_check_in(state: BoardState, experiment: Experiment, author: str) -> None:
    check_owner_or_manager(state, experiment, author, "record a check-in")


def check_check_in_time(experiment: Experiment, kind: CheckInKind, at: datetime) -> None:
    """The long-term check-in is held months after the training: not before two months
    after the start (facts.LONG_TERM_EARLIEST). Asked when one is written (the app's form,
    the CLI), not by the fold: an early one already on a board is kept, and counts as
    early (facts.is_early), never as on time."""
    earliest = check_in_earliest_at(experiment, kind)
    if at < earliest:
        raise Refused(
            f"too early for the {kind.value} check-in: it asks about results months after "
            f"the training, from {earliest.date().isoformat()} (two months after the start, "
            f"{experiment.created_at.date().isoformat()})",
            cause=experiment.event_id,
        )


def check_praise(
    state: BoardState, author: str, to: str, experiment: Experiment | None = None
) -> None:
    check_manager(state, author, "post praise; colleagues can add a support note")
    state.member(to)
    if to == author:
        raise Refused("praise is for someone else")
    if experiment is not None:
        check_on_board(experiment)
        if experiment.owner != to:
            raise Refused(
                f"that experiment belongs to {state.name_of(experiment.owner)}, "
                f"not {state.name_of(to)}",
                cause=experiment.event_id,
            )


def check_support(state: BoardState, experiment: Experiment, supporter: str, author: str) -> None:
    """Lever 7: anyone may support a colleague's experiment, offering it or saying yes to
    the owner's request. (The owner's own support_added for a colleague, from before
    requests, is still read; `check_new_event` keeps new ones from being written.)"""
    check_joined(state, author)
    check_on_board(experiment)
    state.member(supporter)
    if supporter == experiment.owner:
        raise Refused("the owner cannot be their own supporter")
    if author not in (supporter, experiment.owner):
        raise Refused(
            "you can add yourself as a supporter, or the owner can ask someone",
            cause=experiment.event_id,
        )
    link = experiment.supporters.get(supporter)
    if link is not None:
        raise Refused(f"{state.name_of(supporter)} supports this already", cause=link.event_id)


def check_request_support(
    state: BoardState, experiment: Experiment, supporter: str, author: str
) -> None:
    """The owner asks a colleague to support it; the colleague says yes or no."""
    if author != experiment.owner:
        raise Refused(
            "you can add yourself as a supporter; only "
            f"{state.name_of(experiment.owner)} (the owner) asks someone"
        )
    check_on_board(experiment)
    state.member(supporter)
    if supporter == experiment.owner:
        raise Refused("the owner cannot be their own supporter")
    link = experiment.supporters.get(supporter)
    if link is not None:
        raise Refused(f"{state.name_of(supporter)} supports this already", cause=link.event_id)
    waiting = experiment.waiting_for(supporter)
    if waiting is not None:
        raise Refused(
            f"you asked already: waiting for {state.name_of(supporter)}'s answer",
            cause=waiting.event_id,
        )


def check_answer_request(state: BoardState, experiment: Experiment, author: str) -> SupportRequest:
    """Only the colleague asked answers, a request still waiting for the answer (a yes is
    their own support: `check_support`; the command line's --accept asks this first)."""
    check_joined(state, author)
    request = experiment.waiting_for(author)
    if request is None:
        raise Refused("nobody asked you to support this (or you answered already)")
    return request


def check_new_event(state: BoardState, author: str, payload: Mapping[str, Any]) -> None:
    """What a new event is held to beyond the fold's rules: forms that older boards hold,
    which the fold still reads and nobody writes any more (LiveBoard.perform asks)."""
    if payload.get("type") == "support_added":
        # Before requests, the owner added a colleague as a supporter; now they ask.
        experiment = state.experiments.get(str(payload.get("experiment_id")))
        supporter = str(payload.get("supporter"))
        if experiment is not None and author == experiment.owner != supporter:
            raise Refused(
                f"{state.name_of(supporter)} decides: ask them, and they accept or decline"
            )


def check_unsupport(state: BoardState, experiment: Experiment, supporter: str, author: str) -> None:
    check_joined(state, author)
    if author not in (supporter, experiment.owner):
        raise Refused(
            "only the supporter or the owner may remove a supporter", cause=experiment.event_id
        )
    if supporter not in experiment.supporters:
        raise Refused(f"{state.name_of(supporter)} does not support this")


def check_note(state: BoardState, experiment: Experiment, author: str) -> None:
    """Anyone on the board may leave a support note, the owner too (a thank-you, a reply)."""
    check_joined(state, author)
    check_on_board(experiment)


def check_role(state: BoardState, author: str, member: str, role: Role) -> None:
    check_manager(state, author, "set roles")
    target = state.member(member)
    if target.role is Role.MANAGER and role is not Role.MANAGER:
        managers = [m for m in state.members.values() if m.role is Role.MANAGER]
        if len(managers) == 1:
            raise Refused("the board needs at least one manager")


def check_withdraw(state: BoardState, experiment: Experiment, author: str) -> None:
    check_owner(state, experiment, author, "withdraw")


def check_restore(state: BoardState, experiment: Experiment, author: str) -> None:
    if experiment.owner != author:
        raise Refused(
            f"only {state.name_of(experiment.owner)} (the owner) may restore this experiment",
            cause=experiment.event_id,
        )
    if experiment.withdrawn is None:
        raise Refused("the experiment is on the board, not withdrawn")


def check_ask_help(state: BoardState, experiment: Experiment, author: str) -> None:
    """The owner asks for help on their own experiment (asking again replaces the ask)."""
    check_owner(state, experiment, author, "ask for help on")


def check_clear_help(state: BoardState, experiment: Experiment, author: str) -> HelpAsk:
    check_owner(state, experiment, author, "clear the help asked on")
    if experiment.help is None:
        last = experiment.help_asks[-1] if experiment.help_asks else None
        raise Refused("no help is asked on this experiment", cause=last.event_id if last else "")
    return experiment.help


def check_start_standup(state: BoardState, author: str) -> None:
    """Anyone on the board may run the stand-up."""
    check_joined(state, author)


def check_end_standup(state: BoardState, author: str, standup_id: str) -> Standup:
    check_joined(state, author)
    standup = next((s for s in reversed(state.standups) if s.id == standup_id), None)
    if standup is None:
        raise Refused(f"no stand-up {standup_id!r} was started")
    if standup.ended_at is not None:
        raise Refused("that stand-up has ended already", cause=standup.event_id)
    return standup


def check_take_back(
    state: BoardState, author: str, kind: EntryKind, entry_id: str, experiment_id: str | None
) -> KeptEntry:
    """Only the author of an entry takes it back (a manager, the praise they posted)."""
    check_joined(state, author)
    experiment = None
    if kind.traits.on_experiment:
        if not experiment_id:
            raise Refused(f"say which experiment the {kind.value} belongs to")
        experiment = state.experiment(experiment_id)
    found = next((f for f in entries_of(state, kind, experiment) if f.entry.id == entry_id), None)
    if found is None:
        raise Refused(f"no {kind.value} {entry_id!r} to take back")
    if found.writer != author:
        raise Refused(
            f"only {state.name_of(found.writer)}, who wrote it, may take back this {kind}",
            cause=str(getattr(found.entry, "event_id", "")),
        )
    taken_back = found.entry.taken_back
    if taken_back is not None:
        raise Refused(f"this {kind.value} was taken back already", cause=taken_back.event_id)
    return found


def check_confirm_key(state: BoardState, author: str, member: str, fingerprint: str) -> None:
    """A manager confirms a colleague's key: the fingerprint they read out is the one
    their log declares."""
    check_manager(state, author, "confirm a member's key")
    state.member(member)
    if member == author:
        raise Refused("your own key is confirmed by another manager")
    declared = state.keys.get(member)
    if declared is None:
        raise Refused(
            f"{state.name_of(member)} has declared no key yet (it comes with their first "
            "change written since signing)"
        )
    if declared.fingerprint != fingerprint:
        raise Refused(
            f"{fingerprint} is not the key {state.name_of(member)}'s log declares "
            f"({declared.fingerprint}): ask them for 'teamboard key show' again",
            cause=declared.event_id,
        )
