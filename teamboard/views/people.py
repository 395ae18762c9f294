"""The people side of the board: who supports whom, who was praised, what needs a manager.

Worked out from the state with a given `now`, so tests can use a fixed clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from teamboard.domain.events import STAGES, Stage, sort_key
from teamboard.domain.facts import PRAISE_WINDOW, CheckInDue, check_ins_due_for
from teamboard.domain.state import BoardState, Experiment, Member

TOO_MANY_TO_SUPPORT = 4  # supporting more experiments than this spreads a person thin


class PersonFlag(StrEnum):
    UNSUPPORTED = "has experiments without a supporter"
    SUPPORTS_NOBODY = "supports nobody"
    NO_RECENT_PRAISE = "no praise in 30 days"
    SUPPORTS_TOO_MANY = f"supports more than {TOO_MANY_TO_SUPPORT} experiments"


@dataclass
class PersonFacts:
    member: Member
    by_stage: dict[Stage, list[Experiment]]
    supports: list[Experiment]  # the others' experiments this person supports
    supported_by: list[str]  # member ids supporting any of this person's experiments
    unsupported: list[Experiment]  # this person's experiments without a supporter
    praise_30_days: int
    check_ins_due: list[tuple[Experiment, CheckInDue]] = field(default_factory=list)
    flags: list[PersonFlag] = field(default_factory=list)

    @property
    def experiments(self) -> list[Experiment]:
        return [e for stage in STAGES for e in self.by_stage[stage]]


def people_facts(state: BoardState, now: datetime) -> list[PersonFacts]:
    """One entry per member, sorted by name."""
    recent = [p for p in state.praise_standing if now - p.at <= PRAISE_WINDOW]
    facts: dict[str, PersonFacts] = {
        m.id: PersonFacts(
            member=m,
            by_stage={stage: [] for stage in STAGES},
            supports=[],
            supported_by=[],
            unsupported=[],
            praise_30_days=sum(p.to == m.id for p in recent),
        )
        for m in state.members.values()
    }
    for experiment in state.active:
        owner = facts.get(experiment.owner)
        if owner is None:
            continue
        owner.by_stage[experiment.stage].append(experiment)
        if not experiment.supporters:
            owner.unsupported.append(experiment)
        for supporter in experiment.supporters:
            if supporter in facts:
                facts[supporter].supports.append(experiment)
            if supporter not in owner.supported_by:
                owner.supported_by.append(supporter)
        owner.check_ins_due.extend((experiment, due) for due in check_ins_due_for(experiment, now))
    for person in facts.values():
        if person.unsupported:
            person.flags.append(PersonFlag.UNSUPPORTED)
        if not person.supports:
            person.flags.append(PersonFlag.SUPPORTS_NOBODY)
        if person.praise_30_days == 0:
            person.flags.append(PersonFlag.NO_RECENT_PRAISE)
        if len(person.supports) > TOO_MANY_TO_SUPPORT:
            person.flags.append(PersonFlag.SUPPORTS_TOO_MANY)
        person.check_ins_due.sort(key=lambda pair: pair[1].due_on)
    return sorted(facts.values(), key=lambda p: sort_key(p.member.name))


def key_words(state: BoardState, member_id: str) -> str:
    """Whose word stands behind a member's key, in words: the team screen and
    `teamboard key show` (with the fingerprint) say it so."""
    if member_id not in state.keys:
        return "none yet (what they wrote so far was written before signing)"
    confirmed = state.key_confirmed_by(member_id)
    if confirmed is None:
        return "not confirmed by a manager yet"
    return f"confirmed by {state.name_of(confirmed.by)}"


def person_json(state: BoardState, member_id: str | None) -> dict[str, str] | None:
    """A member in the documented JSON (the CLI's `--json`): their id and name; null for
    nobody."""
    if member_id is None:
        return None
    return {"id": member_id, "name": state.name_of(member_id)}
