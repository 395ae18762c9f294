"""The short notices the app shows when a colleague's change concerns me."""

from __future__ import annotations

from collections.abc import Iterable

from teamboard.domain.events import Event
from teamboard.domain.state import BoardState, Experiment
from teamboard.domain.text import listed


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
            elif event["supporter"] == me:
                notes.append(f"{who} asked you to support {title}")
        elif event["type"] == "support_removed" and mine:
            notes.append(f"{state.name_of(event['supporter'])} no longer supports {title}")
        elif event["type"] == "support_noted" and mine:
            notes.append(f"{who} left a note on {title}: {event['text']}")
        elif event["type"] == "stage_moved" and mine:
            notes.append(f"{who} moved {title} to {event['to'].label}")
        elif event["type"] == "checked_in" and mine:
            notes.append(f"{who} recorded a {event['kind'].value} check-in on {title}")
    return notes
