"""`teamboard show EXP`: one experiment in full, with the ids of its entries (to take one
back); `--json` for scripts. The JSON of an experiment in `teamboard list` is the start of
the one here: the same keys, in the same shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click
from rich.text import Text

from teamboard.cli.context import Session, keep_cache, now
from teamboard.cli.output import console, print_json, short
from teamboard.cli.params import command, experiment_type, json_option
from teamboard.domain.facts import (
    check_ins_due_for,
    days_in_stage,
    find_experiment,
    held_on_time,
    is_early,
)
from teamboard.domain.labels import (
    APPLIED_LABEL,
    PLAN_LABELS,
    REFLECTION_QUESTIONS,
    describe_opportunity,
)
from teamboard.domain.state import BoardState, Correction, Experiment, HelpAsk, counts
from teamboard.domain.text import plural
from teamboard.views.cards import explain_flags, flags_json, flags_of
from teamboard.views.people import person_json

# --- JSON ------------------------------------------------------------------------------------


def _at(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _correction(correction: Correction | None) -> dict[str, str] | None:
    if correction is None:
        return None
    return {"at": correction.at.isoformat(), "by": correction.by, "reason": correction.reason}


def experiment_json(state: BoardState, e: Experiment, at: datetime) -> dict[str, object]:
    """An experiment as `teamboard list --json` has it."""
    withdrawn = None
    if e.withdrawn is not None:
        withdrawn = {"at": e.withdrawn.at.isoformat(), "reason": e.withdrawn.reason}
    return {
        "id": e.id,
        "title": e.title,
        "owner": person_json(state, e.owner),
        "stage": e.stage.value,
        "days_in_stage": days_in_stage(e, at),
        "confidence": e.current_confidence,
        "supporters": [person_json(state, member_id) for member_id in e.supporters],
        **flags_json([] if e.withdrawn is not None else flags_of(e, at)),
        "withdrawn": withdrawn,
    }


def _help_json(state: BoardState, ask: HelpAsk) -> dict[str, object]:
    return {
        "ask": ask.ask,
        "at": ask.at.isoformat(),
        "cleared_at": _at(ask.cleared_at),
        "cleared_by": person_json(state, ask.cleared_by or None),
        "answered": ask.answered,
    }


def experiment_in_full_json(state: BoardState, e: Experiment, at: datetime) -> dict[str, Any]:
    """`teamboard show --json`: the keys of `list --json`, then the rest of it."""
    praise = [p for p in state.praise if p.experiment_id == e.id]
    return {
        **experiment_json(state, e, at),
        "created_at": e.created_at.isoformat(),
        "training": e.training,
        "plan": {key: getattr(e.plan, key) for key in PLAN_LABELS},
        "opportunity": (
            None
            if e.opportunity is None
            else {
                "kind": e.opportunity.kind.value,
                "what": e.opportunity.what,
                "when": e.opportunity.when,
            }
        ),
        "target_date": e.target_date.isoformat() if e.target_date else None,
        "confidence_ratings": [{"value": r.value, "at": r.at.isoformat()} for r in e.confidence],
        "stages": [
            {"stage": v.stage.value, "at": v.at.isoformat(), "by": person_json(state, v.by or None)}
            for v in e.history
        ],
        "support": [
            {
                "supporter": person_json(state, link.supporter),
                "since": link.at.isoformat(),
                "asked_by": person_json(state, link.added_by),
            }
            for link in e.supporters.values()
        ],
        "help": _help_json(state, e.help) if e.help is not None else None,
        "help_asks": [_help_json(state, ask) for ask in e.help_asks],
        "check_ins_due": [
            {"kind": d.kind.value, "due_on": d.due_on.isoformat(), "overdue": d.overdue}
            for d in check_ins_due_for(e, at)
        ],
        "practice": [
            {
                "id": p.id,
                "on": p.on.isoformat(),
                "at": p.at.isoformat(),
                "what": p.what,
                "taken_back": _correction(p.taken_back),
            }
            for p in e.practice
        ],
        "reflections": [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "revised_at": _at(r.revised_at),
                **{key: getattr(r, key) for key in REFLECTION_QUESTIONS},
                "complete": r.complete,
            }
            for r in e.reflections
        ],
        "check_ins": [
            {
                "id": c.id,
                "at": c.at.isoformat(),
                "kind": c.kind.value,
                "by": person_json(state, c.author),
                "notes": c.notes,
                "early": is_early(e, c),
                "on_time": held_on_time(e, c),
            }
            for c in e.check_ins
        ],
        "support_notes": [
            {
                "id": n.id,
                "at": n.at.isoformat(),
                "by": person_json(state, n.author),
                "text": n.text,
                "taken_back": _correction(n.taken_back),
            }
            for n in e.support_notes
        ],
        "praise": [
            {
                "id": p.id,
                "at": p.at.isoformat(),
                "by": person_json(state, p.author),
                "kind": p.kind.value,
                # Taken back by its author: its words are no longer shown.
                "message": p.message if counts(p) else None,
                "taken_back": _correction(p.taken_back),
            }
            for p in praise
        ],
    }


# --- text ------------------------------------------------------------------------------------


def _label(words: str) -> str:
    """A label of the board's (domain.labels) as a line of `show` starts: 'why me: '."""
    return f"{words[:1].lower()}{words[1:]}: "


def _day(at: datetime) -> str:
    return at.date().isoformat()


def experiment_in_full(state: BoardState, e: Experiment, at: datetime) -> Text:
    out = Text()
    name = state.name_of

    def line(*parts: str | Text, style: str = "") -> None:
        for part in parts:
            out.append(part if isinstance(part, Text) else Text(part, style=style))
        out.append("\n")

    line(Text(e.title, style="bold"))
    line(
        f"{short(e.id)} · ",
        Text(name(e.owner)),
        f" · {e.stage.label} · {plural(days_in_stage(e, at), 'day')} in this stage",
    )
    if e.withdrawn is not None:
        reason = e.withdrawn.reason or "(no reason given)"
        line(f"withdrawn {_day(e.withdrawn.at)}: ", Text(reason), style="yellow")
    if e.training:
        line("training: ", Text(e.training))
    for key, label in PLAN_LABELS.items():
        line(_label(label), Text(getattr(e.plan, key) or "—"))
    line(_label(APPLIED_LABEL), Text(describe_opportunity(e.opportunity)))
    if e.target_date is not None:
        line(f"target date: {e.target_date.isoformat()}")
    if e.confidence:
        ratings = " → ".join(f"{r.value} ({_day(r.at)})" for r in e.confidence)
        line(f"confidence: {ratings}")
    else:
        line("confidence: not rated yet")
    line("stages: " + " → ".join(f"{v.stage.label} {_day(v.at)}" for v in e.history))
    supporters = Text()
    for i, link in enumerate(e.supporters.values()):
        supporters.append(", " if i else "")
        supporters.append(name(link.supporter))
        supporters.append(f" (since {_day(link.at)}")
        if link.added_by != link.supporter:
            supporters.append(", asked by ")
            supporters.append(name(link.added_by))
        supporters.append(")")
    line("supporters: ", supporters if e.supporters else Text("none yet"))
    for ask in e.help_asks:
        if ask.cleared_at is None:
            end = Text("open", style="bold")
        else:
            how = "answered by " if ask.answered else "cleared by "
            end = Text(f"{how}{name(ask.cleared_by)} {_day(ask.cleared_at)}")
        line(f"help asked {_day(ask.at)}: “", Text(ask.ask), "” (", end, ")")
    if e.withdrawn is None:
        for words in explain_flags(e, at):
            line("needs attention: ", Text(words), style="yellow")
    for p in e.practice:
        mark = " (taken back)" if p.taken_back else ""
        line(f"practice {short(p.id)} {p.on.isoformat()}{mark}: ", Text(p.what))
    for r in e.reflections:
        revised = f", revised {_day(r.revised_at)}" if r.revised_at else ""
        line(f"reflection {short(r.id)} {_day(r.at)}{revised}:")
        for key, question in REFLECTION_QUESTIONS.items():
            line(f"  {question} ", Text(getattr(r, key) or "—"))
    for c in e.check_ins:
        early = " (early: before two months)" if is_early(e, c) else ""
        line(
            f"check-in {short(c.id)} {_day(c.at)} {c.kind.value} with ",
            Text(name(c.author)),
            f"{early}: ",
            Text(c.notes or "—"),
        )
    for n in e.support_notes:
        mark = " (taken back)" if n.taken_back else ""
        line(f"note {short(n.id)} by ", Text(name(n.author)), f"{mark}: ", Text(n.text))
    for g in state.praise:
        if g.experiment_id == e.id:
            mark = " (taken back)" if g.taken_back else ""
            line(
                f"praise {short(g.id)} by ",
                Text(name(g.author)),
                f"{mark}: ",
                Text(g.message if counts(g) else "—"),
            )
    return out


@command("show", "One experiment in full, with the ids of its entries.")
@click.argument("experiment", metavar="EXPERIMENT", type=experiment_type(withdrawn=None))
@json_option
def show(session: Session, experiment: str, as_json: bool) -> int:
    """One experiment in full: its plan, confidence, stages, supporters, calls for help,
    what needs attention, and every entry with its id (to take one back)."""
    live = session.live()
    state = live.state
    e = find_experiment(state, experiment)
    at = now()
    if as_json:
        print_json(
            {"board": live.board.meta.name, "experiment": experiment_in_full_json(state, e, at)}
        )
    else:
        console().print(experiment_in_full(state, e, at), end="", soft_wrap=True)
    keep_cache(live)
    return 0
