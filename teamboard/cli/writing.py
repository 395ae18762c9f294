"""The commands that change the board: making and joining one, each action on an experiment,
praise, support, roles, taking back an entry and asking for help. Each writes through the
one write path (Session.write, LiveBoard.perform) and says in one line what it did."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypedDict, Unpack

import click
from rich.text import Text

from teamboard.cli.context import InputError, Session, member_id, now, suggested_id
from teamboard.cli.output import say, short
from teamboard.cli.params import (
    DATE,
    EXPERIMENT,
    FOLDER,
    MEMBER,
    STAGE,
    Verb,
    command,
    experiment_type,
)
from teamboard.domain import actions, events
from teamboard.domain.actions import Payload
from teamboard.domain.facts import find_experiment
from teamboard.domain.rules import check_answer_request, check_check_in_time, check_step
from teamboard.domain.state import BoardState, Experiment, Reflection, Refused, entries_of
from teamboard.exchange import sync
from teamboard.store.live import LiveBoard
from teamboard.store.paths import default_board_dir, default_cache_dir
from teamboard.views.notices import next_steps


@command(
    "init", "Make a new board in DIR (default: your default board); you are its first manager."
)
@click.argument("dir", metavar="[DIR]", required=False, type=FOLDER)
@click.option("--name", required=True, help="The board's name, e.g. your team's.")
@click.option("--my-name", help="Your display name (default: your member id).")
@click.option(
    "--git",
    "in_git",
    is_flag=True,
    help="Keep it in git: 'git init' if needed, set up the merge driver, commit the board.",
)
def init(session: Session, dir: str | None, name: str, my_name: str | None, in_git: bool) -> int:
    who = (session.named() or "").strip()
    if not who:
        raise InputError(
            "who are you? pass --as MEMBER (the member id you choose, e.g. "
            f"{suggested_id()}) or set TEAMBOARD_USER"
        )
    me = member_id(who)
    given = dir or session.board
    root = Path(given).expanduser() if given else default_board_dir()
    my_display_name = (my_name or me.capitalize()).strip()
    if in_git:
        sync.check_git(root)
    live = LiveBoard.create(root, name, me, my_display_name, cache_dir=default_cache_dir())
    say(
        "Made board ",
        Text(live.board.meta.name),
        f" in {live.root}; ",
        Text(my_display_name),
        " is its first manager.",
        "" if given else " It is your default board: 'teamboard' opens it.",
    )
    if in_git:
        for note in sync.init_repo(live.board, me):
            say(note)
    return 0


@command("join", "Join the board (or change your display name).")
@click.option("--name", required=True, help="Your display name.")
def join(session: Session, name: str) -> int:
    state, event = session.write(actions.join(name))
    member = state.members[event["author"]]
    say(f"{member.name} ({member.id}) is a member of the board as {member.role.value}.")
    return 0


# --- an experiment's title and plan ----------------------------------------------------------


class PlanOptions(TypedDict):
    """The options `add` and `edit` share (None: not given)."""

    training: str | None
    why_me: str | None
    deliver: str | None
    team_goals: str | None
    benefit: str | None
    apply: str | None
    apply_what: str | None
    apply_when: str | None
    target: date | None


def _plan_options(verb: Verb) -> Verb:
    for option in reversed(
        [
            click.option("--training", help="The training or course it comes from."),
            click.option("--why-me", help="Why you take this training."),
            click.option("--deliver", help="What it must deliver."),
            click.option("--team-goals", help="How it serves the team's goals."),
            click.option("--benefit", help="Your personal benefit."),
            click.option(
                "--apply",
                type=click.Choice([k.value for k in events.ApplicationKind]),
                help="Where you will apply it.",
            ),
            click.option("--apply-what", help="The project, case or occasion."),
            click.option("--apply-when", help="When that happens."),
            click.option("--target", type=DATE, metavar="DATE", help="Target date, YYYY-MM-DD."),
        ]
    ):
        verb = option(verb)
    return verb


def _plan(given: PlanOptions) -> dict[str, str]:
    fields = {
        "why_me": given["why_me"],
        "must_deliver": given["deliver"],
        "team_goals": given["team_goals"],
        "personal_benefit": given["benefit"],
    }
    return {k: v for k, v in fields.items() if v is not None}


def _applying(given: PlanOptions) -> bool:
    """Whether any option of where it is applied is given."""
    return not (
        given["apply"] is None and given["apply_what"] is None and given["apply_when"] is None
    )


@command("add", "Add an experiment (your own learning goal) with its transfer plan.")
@click.argument("title")
@_plan_options
@click.option("--confidence", type=int, metavar="1-5", help="How confident you feel, 1 to 5.")
def add(session: Session, title: str, confidence: int | None, **given: Unpack[PlanOptions]) -> int:
    applied = (
        actions.opportunity(given["apply"], given["apply_what"] or "", given["apply_when"] or "")
        if _applying(given)
        else None
    )
    payload = actions.create_experiment(
        title,
        training=given["training"] or "",
        plan=_plan(given),
        applied=applied,
        target_date=given["target"],
        confidence=confidence,
    )
    state, event = session.write(payload)
    say(f"Added experiment {short(event['experiment_id'])} ", Text(event["title"]), " (Goal).")
    say(next_steps(state.experiments[event["experiment_id"]]))
    return 0


_CLEARABLE = {"target": events.PlanField.TARGET_DATE, "apply": events.PlanField.OPPORTUNITY}


@command("edit", "Change your experiment's title or plan.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--title", help="The new title.")
@_plan_options
@click.option(
    "--clear",
    multiple=True,
    type=click.Choice(sorted(_CLEARABLE)),
    help="Clear the target date or where you will apply it (repeat for both).",
)
def edit(
    session: Session,
    experiment: str,
    title: str | None,
    clear: tuple[str, ...],
    **given: Unpack[PlanOptions],
) -> int:
    cleared = list(dict.fromkeys(_CLEARABLE[name] for name in clear))
    plan = _plan(given)
    applying = _applying(given)
    # "" is a change too (it empties a text field): only what is not given stays.
    changes = (
        title is not None
        or given["training"] is not None
        or bool(plan)
        or applying
        or given["target"] is not None
    )
    if not changes and not cleared:
        raise InputError("nothing to change: give at least one field, e.g. --title or --clear")

    def build(state: BoardState) -> list[Payload]:
        found = find_experiment(state, experiment)
        payloads = []
        if changes:
            old = found.opportunity
            what, when = given["apply_what"], given["apply_when"]
            # What is not given of where it is applied stays as it was.
            applied = (
                actions.opportunity(
                    given["apply"] or (old.kind if old else None),
                    what if what is not None else (old.what if old else ""),
                    when if when is not None else (old.when if old else ""),
                )
                if applying
                else None
            )
            payloads.append(
                actions.edit_experiment(
                    found.id,
                    title=title,
                    training=given["training"],
                    plan=plan,
                    applied=applied,
                    target_date=given["target"],
                )
            )
        if cleared:
            payloads.append(actions.clear_plan(found.id, cleared))
        return payloads

    _, event = session.write(build)
    say(f"Updated experiment {short(event['experiment_id'])}.")
    return 0


# --- an experiment's stage, practice, reflections, confidence, check-ins -------------------


def _target_stage(state: BoardState, experiment: Experiment, where: str, me: str) -> events.Stage:
    where = where.lower()
    if where in ("next", "forward"):
        return check_step(state, experiment, 1, me)
    if where in ("back", "previous"):
        return check_step(state, experiment, -1, me)
    try:
        return events.Stage(where)
    except ValueError:
        names = ", ".join(s.value for s in events.STAGES)
        raise InputError(f"unknown stage {where!r}: use {names}, next or back") from None


@command("move", "Move an experiment one stage forward or back.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("stage", metavar="STAGE", type=STAGE)
def move(session: Session, experiment: str, stage: str) -> int:
    me = session.me()

    def build(state: BoardState) -> Payload:
        found = find_experiment(state, experiment)
        return actions.move(found.id, _target_stage(state, found, stage, me))

    _, event = session.write(build)
    say(f"Moved {short(event['experiment_id'])} to {event['to'].label}.")
    return 0


@command("practice", "Log a practice.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("what")
@click.option("--on", type=DATE, metavar="DATE", help="When, YYYY-MM-DD (default: today).")
def practice(session: Session, experiment: str, what: str, on: date | None) -> int:
    day = on or events.local_day(now())
    _, event = session.on_experiment(experiment, lambda eid: actions.log_practice(eid, what, day))
    say(f"Logged practice on {day.isoformat()} for {short(event['experiment_id'])}.")
    return 0


def _reflection_to_revise(experiment: Experiment, ref: str) -> Reflection:
    standing = experiment.reflections
    if not standing:
        raise Refused("there is no reflection to revise yet; write one without --revise")
    if ref == "last":
        return standing[-1]
    matches = [r for r in standing if r.id.startswith(ref.lower())]
    if len(matches) != 1:
        raise Refused(f"no single reflection starts with {ref!r} ('teamboard show' lists them)")
    return matches[0]


@command("reflect", "Write a reflection (the four questions).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--wanted", help="What did you want to apply?")
@click.option("--did", help="What did you do?")
@click.option("--effect", help="What was the effect?")
@click.option("--next", help="What will you do differently next time?")
@click.option(
    "--revise",
    is_flag=False,
    flag_value="last",
    default=None,
    metavar="[ID]",
    help="Revise a reflection (the last, or the one with this id); what you leave out stays.",
)
def reflect(
    session: Session,
    experiment: str,
    wanted: str | None,
    did: str | None,
    effect: str | None,
    next: str | None,
    revise: str | None,
) -> int:
    given = {"wanted": wanted, "did": did, "effect": effect, "next_time": next}

    def build(state: BoardState) -> Payload:
        found = find_experiment(state, experiment)
        answers = {k: v or "" for k, v in given.items()}
        revising = None
        if revise:
            old = _reflection_to_revise(found, revise)
            revising = old.id
            # What is not given stays as it was.
            answers = {k: getattr(old, k) if v is None else v for k, v in given.items()}
        return actions.reflect(found.id, revising=revising, **answers)

    _, event = session.write(build)
    verb = "Revised the" if revise else "Saved a"
    say(f"{verb} reflection on {short(event['experiment_id'])}.")
    return 0


@command("confidence", "Rate your confidence, 1 to 5.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("value", type=int, metavar="1-5")
def confidence(session: Session, experiment: str, value: int) -> int:
    _, event = session.on_experiment(experiment, lambda eid: actions.rate_confidence(eid, value))
    say(f"Confidence {value}/5 recorded for {short(event['experiment_id'])}.")
    return 0


@command("checkin", "Record a check-in (owner or manager).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--kind", required=True, type=click.Choice([k.value for k in events.CheckInKind]))
@click.option("--notes", help="What was said.")
def checkin(session: Session, experiment: str, kind: str, notes: str | None) -> int:
    which = events.CheckInKind(kind)

    def build(state: BoardState) -> Payload:
        found = find_experiment(state, experiment)
        check_check_in_time(found, which, now())
        return actions.check_in(found.id, which, notes or "")

    _, event = session.write(build)
    say(f"Recorded a {kind} check-in on {short(event['experiment_id'])}.")
    return 0


# --- people: praise, support, notes, roles --------------------------------------------------


@command("praise", "Praise a colleague (managers).")
@click.argument("member", metavar="MEMBER", type=MEMBER)
@click.argument("message")
@click.option("--about", metavar="EXPERIMENT", type=EXPERIMENT, help="The experiment it is about.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in events.PraiseKind]),
    default=events.PraiseKind.EFFORT.value,
    help="Praise the effort (default) or a result.",
)
def praise(session: Session, member: str, message: str, about: str | None, kind: str) -> int:
    def build(state: BoardState) -> Payload:
        about_id = find_experiment(state, about).id if about else None
        return actions.praise(member, message, kind=events.PraiseKind(kind), experiment_id=about_id)

    state, event = session.write(build)
    say(
        "Praise posted for ",
        Text(state.name_of(member)),
        f" (id {short(event['praise_id'])}: 'teamboard take-back praise ID' takes it back).",
    )
    return 0


@command(
    "support",
    "Support an experiment, answer a request to support it, or (its owner) ask a colleague.",
)
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option(
    "--member",
    type=MEMBER,
    help="The owner asks this colleague, who accepts or declines; with --remove, the "
    "supporter to take off (default: you).",
)
@click.option("--remove", is_flag=True, help="Stop supporting.")
@click.option("--accept", is_flag=True, help="Say yes to the owner's request: support it.")
@click.option("--decline", is_flag=True, help="Say no to the owner's request.")
def support(
    session: Session,
    experiment: str,
    member: str | None,
    remove: bool,
    accept: bool,
    decline: bool,
) -> int:
    if accept + decline + remove > 1:
        raise InputError("--accept, --decline and --remove: one at a time")
    if (accept or decline) and member:
        raise InputError("--accept and --decline answer for you: leave out --member")
    me = session.me()
    supporter = member or me
    if decline:
        state, event = session.on_experiment(experiment, actions.decline_support)
        e = state.experiments[event["experiment_id"]]
        owner = Text(state.name_of(e.owner))
        say("You declined to support ", Text(e.title), "; ", owner, " sees your answer.")
        return 0
    if remove:
        state, event = session.on_experiment(
            experiment, lambda eid: actions.stop_support(eid, supporter)
        )
        title = state.experiments[event["experiment_id"]].title
        say(Text(state.name_of(supporter)), " no longer supports ", Text(title), ".")
        return 0

    def build(state: BoardState) -> Payload:
        found = find_experiment(state, experiment)
        if accept:
            check_answer_request(state, found, me)
        # My own support (my yes, if I was asked); anyone else is asked.
        if supporter == me:
            return actions.support(found.id, me)
        return actions.request_support(found.id, supporter)

    state, event = session.write(build)
    e = state.experiments[event["experiment_id"]]
    name = Text(state.name_of(supporter))
    if event["type"] == "support_requested":
        say(
            "Asked ",
            name,
            " to support ",
            Text(e.title),
            ": ",
            name,
            f" becomes a supporter on saying yes ('teamboard support {short(e.id)} --accept', "
            "or --decline).",
        )
        return 0
    link = e.supporters[supporter]
    asked: list[str | Text] = []
    if link.added_by != me:  # my yes to the owner's request
        asked = [" (asked by ", Text(state.name_of(link.added_by)), ")"]
    say(name, " now supports ", Text(e.title), *asked, ".")
    return 0


@command("note", "Add a support note to an experiment.")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("text")
def note(session: Session, experiment: str, text: str) -> int:
    _, event = session.on_experiment(experiment, lambda eid: actions.note(eid, text))
    say(f"Added a support note to {short(event['experiment_id'])}.")
    return 0


@command("role", "Make a member a manager or an employee (managers).")
@click.argument("member", metavar="MEMBER", type=MEMBER)
@click.argument("role", type=click.Choice([r.value for r in events.Role]))
def role(session: Session, member: str, role: str) -> int:
    state, _ = session.write(actions.set_role(member, events.Role(role)))
    say(Text(state.name_of(member)), f" is now {role}.")
    return 0


# --- withdrawing, restoring, taking back, asking for help ----------------------------------


@command("withdraw", "Take your experiment off the board (kept in the history).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.option("--reason", help="Why, in a few words.")
def withdraw(session: Session, experiment: str, reason: str | None) -> int:
    _, event = session.on_experiment(experiment, lambda eid: actions.withdraw(eid, reason or ""))
    say(
        f"Withdrew {short(event['experiment_id'])}: it is off the board and stays in the "
        f"history ('teamboard restore {short(event['experiment_id'])}' brings it back)."
    )
    return 0


@command("restore", "Bring a withdrawn experiment back to the board.")
@click.argument("experiment", metavar="EXPERIMENT", type=experiment_type(withdrawn=True))
def restore(session: Session, experiment: str) -> int:
    _, event = session.on_experiment(experiment, actions.restore)
    say(f"Restored {short(event['experiment_id'])} to the board.")
    return 0


def _find_entry(state: BoardState, kind: events.EntryKind, ref: str) -> tuple[str, str | None]:
    """(entry id, its experiment id) for an entry named by its id or the start of it."""
    ref = ref.strip().lower()
    if len(ref) < 4:
        raise InputError(f"give at least 4 characters of the {kind.value}'s id")
    found = [
        (kept.entry.id, kept.experiment_id)
        for kept in entries_of(state, kind)
        if kept.entry.id.startswith(ref)
    ]
    if len(found) != 1:
        many = f"{len(found)} entries start" if found else "no entry starts"
        raise Refused(f"{many} with {ref!r} ('teamboard show EXPERIMENT' lists their ids)")
    return found[0]


@command("take-back", "Take back your own practice entry, support note or praise.")
@click.argument("kind", type=click.Choice([k.value for k in events.EntryKind]))
@click.argument("entry", metavar="ID")
@click.option("--reason", help="Why, in a few words.")
def take_back(session: Session, kind: str, entry: str, reason: str | None) -> int:
    entry_kind = events.EntryKind(kind)

    def build(state: BoardState) -> Payload:
        entry_id, experiment_id = _find_entry(state, entry_kind, entry)
        return actions.take_back(
            entry_kind, entry_id, experiment_id=experiment_id, reason=reason or ""
        )

    session.write(build)
    say(f"Took back the {entry_kind.value}; the history keeps it, marked as taken back.")
    return 0


@command("ask-help", "Ask the team for help on your experiment (or --clear it).")
@click.argument("experiment", metavar="EXPERIMENT", type=EXPERIMENT)
@click.argument("ask", required=False)
@click.option("--clear", is_flag=True, help="The help is no longer needed.")
def ask_help(session: Session, experiment: str, ask: str | None, clear: bool) -> int:
    if clear == (ask is not None):
        raise InputError("say what you need help with, in a few words, or pass --clear")
    if ask is None:  # --clear
        _, written = session.on_experiment(experiment, actions.clear_help)
        say("Help cleared on ", short(written["experiment_id"]), ".")
        return 0
    _, written = session.on_experiment(experiment, lambda eid: actions.ask_help(eid, ask))
    say("Help asked on ", short(written["experiment_id"]), ": ", written["ask"])
    return 0
