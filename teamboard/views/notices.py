"""The short notices the app shows when a colleague's change concerns me."""

from __future__ import annotations

from collections.abc import Iterable

from teamboard.domain.events import Event
from teamboard.domain.state import BoardState, Experiment
from teamboard.domain.text import listed


def _asked(state: BoardState, experiment: Experiment, asked_by: str) -> str:
    return (
        f"{state.name_of(asked_by)} asked you to support “{experiment.title}”: s on its "
        "screen says yes, N says no"
    )


def requests_waiting(me: str | None, state: BoardState) -> list[str]:
    """A notice for each request to support an experiment that waits for my answer (shown
    when the board opens: it may have come while the app was closed)."""
    return [
        _asked(state, e, request.asked_by)
        for e in state.active
        if me and (request := e.waiting_for(me)) is not None
    ]


def next_steps(experiment: Experiment) -> str:
    """What the owner of a new experiment does next, from what is still missing (the
    transfer plan, where it is applied, a supporter, a confidence rating):
    "Next: say where you will apply it and ask a colleague for support."."""
    missing = []
    if not experiment.plan.complete:
        missing.append("finish the transfer plan")
    if experiment.opportunity is None:
        missing.append("say where you will apply it")
    if not experiment.supporters:
        missing.append("ask a colleague for support")
    if experiment.current_confidence is None:
        missing.append("rate your confidence")
    return f"Next: {listed(missing or ['log a practice when you first try it'])}."


def notices_for(me: str | None, events: Iterable[Event], state: BoardState) -> list[str]:
    """Short notices for the changes by others that concern me."""
    if not me:
        return []
    notes: list[str] = []
    for event in events:
        if event["author"] == me:
            continue
        who = state.name_of(event["author"])
        experiment = state.experiments.get(str(event.get("experiment_id") or ""))
        mine = experiment is not None and experiment.owner == me
        title = f"“{experiment.title}”" if experiment else ""
        # Each test names the type itself: that is how the checker knows the event's fields.
        if event["type"] == "praise_posted":
            if event["to"] == me:
                about = f" for {title}" if experiment else ""
                notes.append(
                    f"{who} praised your {event.get('kind', 'effort')}{about}: {event['message']}"
                )
        elif event["type"] == "support_added":
            if mine and event["supporter"] != me:
                notes.append(f"{state.name_of(event['supporter'])} now supports {title}")
            elif event["supporter"] == me:  # an older board's: the owner added me
                notes.append(f"{who} made you a supporter of {title}")
        elif event["type"] == "support_requested":
            # Unless answered since (a board read after a pull holds both).
            waiting = experiment.waiting_for(me) if experiment is not None else None
            if event["supporter"] == me and experiment is not None and waiting is not None:
                notes.append(_asked(state, experiment, event["author"]))
        elif event["type"] == "support_declined" and mine:
            notes.append(f"{who} declined to support {title}")
        elif event["type"] == "support_removed" and mine:
            notes.append(f"{state.name_of(event['supporter'])} no longer supports {title}")
        elif event["type"] == "support_noted" and mine:
            notes.append(f"{who} left a note on {title}: {event['text']}")
        elif event["type"] == "stage_moved" and mine:
            notes.append(f"{who} moved {title} to {event['to'].label}")
        elif event["type"] == "checked_in" and mine:
            notes.append(f"{who} recorded a {event['kind'].value} check-in on {title}")
    return notes
