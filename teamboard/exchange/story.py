"""A success story: one experiment that reached Success, told on one page in Markdown.

In the spirit of Brinkerhoff's Success Case Method: what was learned, the application
opportunity, what was done, the effect, the evidence (practice, check-ins, confidence over
time) and what helped (supporters, their notes, praise, the manager's check-ins). Only
what stands is told: entries taken back are left out. A pure function of the state.
"""

from __future__ import annotations

from teamboard.domain.events import Stage
from teamboard.domain.labels import CHECK_IN_QUESTIONS, PLAN_LABELS, describe_opportunity
from teamboard.domain.rules import check_on_board
from teamboard.domain.state import BoardState, Experiment, Refused
from teamboard.domain.text import md_text, plural


def check_story(experiment: Experiment) -> None:
    """Raise Refused unless the experiment has a success story to tell: it is in Success,
    and on the board (its owner has not withdrawn it)."""
    check_on_board(experiment)
    if experiment.stage is not Stage.SUCCESS:
        raise Refused(
            f"a success story is told of an experiment in Success; this one is in "
            f"{experiment.stage.label}"
        )


def _paragraphs(texts: list[str]) -> list[str]:
    """Each answer its own paragraph, as the person wrote it."""
    return [line for text in texts if text.strip() for line in (md_text(text, ""), "")]


def success_story(state: BoardState, experiment: Experiment) -> str:
    """The story of one experiment in Success, as Markdown readable as is."""
    check_story(experiment)
    e = experiment
    name = state.name_of
    owner = md_text(name(e.owner))
    reached = next(v.at for v in reversed(e.history) if v.stage is Stage.SUCCESS)
    days = (reached.date() - e.created_at.date()).days
    reflections = [r for r in e.reflections if r.complete] or e.reflections
    practice = sorted(e.practice_done, key=lambda p: (p.on, p.at))
    praise = [p for p in state.praise_standing if p.experiment_id == e.id]
    out = [
        f"# {md_text(e.title)}",
        "",
        f"*A success story of {owner}"
        + (f", after {md_text(e.training)}" if e.training else "")
        + f": from a goal on {e.created_at.date().isoformat()} to Success on "
        f"{reached.date().isoformat()}, {plural(days, 'day')}.*",
        "",
        "## What was learned",
        "",
    ]
    out += _paragraphs([r.wanted for r in reflections]) or ["—", ""]
    lessons = [r.next_time for r in reflections if r.next_time.strip()]
    if lessons:
        out += ["What to do differently next time:", "", *_paragraphs(lessons)]
    out += [
        "## The application opportunity",
        "",
        f"- Where: {md_text(describe_opportunity(e.opportunity))}",
        *(
            f"- {label}: {md_text(getattr(e.plan, key))}"
            for key, label in PLAN_LABELS.items()
            if getattr(e.plan, key).strip()
        ),
        "",
        "## What was done",
        "",
    ]
    out += _paragraphs([r.did for r in reflections]) or ["—", ""]
    out += ["## The effect", "", *(_paragraphs([r.effect for r in reflections]) or ["—", ""])]
    out += ["## The evidence", ""]
    out += [f"Practice, {plural(len(practice), 'time')}:", ""]
    out += [f"- {p.on.isoformat()}: {md_text(p.what)}" for p in practice] or ["- none logged"]
    out += ["", "Check-ins:", ""]
    out += [
        f"- {c.at.date().isoformat()}, {c.kind.value} with {md_text(name(c.author))} "
        f"({CHECK_IN_QUESTIONS[c.kind]}): {md_text(c.notes) if c.notes else '—'}"
        for c in e.check_ins
    ] or ["- none held"]
    out += ["", "Confidence over time: "]
    out[-1] += (
        " → ".join(f"{r.value} ({r.at.date().isoformat()})" for r in e.confidence)
        if e.confidence
        else "not rated"
    )
    out += [
        "",
        "Stages: " + " → ".join(f"{v.stage.label} {v.at.date().isoformat()}" for v in e.history),
    ]
    out += ["", "## What helped", ""]
    helped = [
        f"- {md_text(name(link.supporter))} supported it from {link.at.date().isoformat()}"
        + (f" (asked by {md_text(name(link.added_by))})" if link.added_by != link.supporter else "")
        for link in e.supporters.values()
    ]
    helped += [
        f"- {md_text(name(n.author))} wrote on {n.at.date().isoformat()}: {md_text(n.text)}"
        for n in e.notes_standing
        if n.author != e.owner
    ]
    helped += [
        f"- {md_text(name(p.author))}"
        + (" (manager)" if state.is_manager(p.author) else "")
        + f" praised the {p.kind.value} on {p.at.date().isoformat()}: {md_text(p.message)}"
        for p in praise
    ]
    held = [c for c in e.check_ins if c.author != e.owner and state.is_manager(c.author)]
    if held:
        managers = sorted({name(c.author) for c in held})
        helped.append(
            f"- Check-ins with {', '.join(md_text(m) for m in managers)} ({len(held)} in all)"
        )
    out += helped or ["- nobody is named"]
    return "\n".join(out).rstrip() + "\n"
