"""The demo's script: its actions with their authors and times, written in time order.

One method per kind of action, each calling the same builders (domain.actions) that the
CLI and the forms use; times are days before `now` and a clock time, so the board always
looks current.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    ApplicationKind,
    CheckInKind,
    PraiseKind,
    Role,
    Stage,
    input_errors,
)

ANSWER_AFTER = timedelta(minutes=30)  # a colleague asked to support says yes


class Script:
    """Collects the demo's actions with their authors and times; written in time order."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._events: list[tuple[datetime, int, str, Payload]] = []

    def when(self, days_ago: int, clock: str) -> datetime:
        if days_ago < 1:
            raise ValueError("demo events lie at least one day in the past")
        hour, minute = (int(part) for part in clock.split(":"))
        day = (self.now - timedelta(days=days_ago)).date()
        return datetime.combine(day, time(hour, minute), tzinfo=UTC)

    def add(self, author: str, days_ago: int, clock: str, payload: Payload) -> Payload:
        """Keep the payload, with the id of what it makes bound to its author (so later
        steps can name it, as written); return it. Raises ValueError for a payload the
        board would refuse as input (a text too long, a title of two lines): now, while
        the step that made it is known."""
        if errors := input_errors(payload):
            where, message = next(iter(errors.items()))
            raise ValueError(f"{where}: {message}")
        at = self.when(days_ago, clock)
        payload = actions.bind_ids(author, payload)
        self._events.append((at, len(self._events), author, payload))
        return payload

    def in_order(self) -> list[tuple[datetime, str, Payload]]:
        return [(at, author, payload) for at, _, author, payload in sorted(self._events)]

    # --- one method per kind of action --------------------------------------------------

    def join(self, member: str, name: str, days_ago: int, clock: str) -> None:
        self.add(member, days_ago, clock, actions.join(name))

    def set_role(self, manager: str, member: str, role: Role, days_ago: int, clock: str) -> None:
        self.add(manager, days_ago, clock, actions.set_role(member, role))

    def experiment(
        self,
        owner: str,
        days_ago: int,
        clock: str,
        *,
        title: str,
        training: str,
        why_me: str,
        must_deliver: str,
        team_goals: str,
        personal_benefit: str,
        opportunity: tuple[ApplicationKind, str, str] | None,
        target_in_days: int | None,
        confidence: int,
    ) -> str:
        payload = actions.create_experiment(
            title,
            training=training,
            plan={
                "why_me": why_me,
                "must_deliver": must_deliver,
                "team_goals": team_goals,
                "personal_benefit": personal_benefit,
            },
            applied=actions.opportunity(*opportunity) if opportunity is not None else None,
            target_date=(
                (self.now + timedelta(days=target_in_days)).date()
                if target_in_days is not None
                else None
            ),
            confidence=confidence,
        )
        return str(self.add(owner, days_ago, clock, payload)["experiment_id"])

    def edit(self, owner: str, experiment_id: str, days_ago: int, clock: str, **plan: str) -> None:
        self.add(owner, days_ago, clock, actions.edit_experiment(experiment_id, plan=plan))

    def move(self, author: str, experiment_id: str, to: Stage, days_ago: int, clock: str) -> None:
        self.add(author, days_ago, clock, actions.move(experiment_id, to))

    def practice(
        self, owner: str, experiment_id: str, days_ago: int, clock: str, what: str
    ) -> None:
        on = self.when(days_ago, clock).date()
        self.add(owner, days_ago, clock, actions.log_practice(experiment_id, what, on))

    def reflect(
        self,
        owner: str,
        experiment_id: str,
        days_ago: int,
        clock: str,
        *,
        wanted: str,
        did: str,
        effect: str,
        next_time: str,
    ) -> None:
        self.add(
            owner,
            days_ago,
            clock,
            actions.reflect(
                experiment_id, wanted=wanted, did=did, effect=effect, next_time=next_time
            ),
        )

    def rate(self, owner: str, experiment_id: str, value: int, days_ago: int, clock: str) -> None:
        self.add(owner, days_ago, clock, actions.rate_confidence(experiment_id, value))

    def check_in(
        self,
        author: str,
        experiment_id: str,
        kind: CheckInKind,
        days_ago: int,
        clock: str,
        notes: str,
    ) -> None:
        self.add(author, days_ago, clock, actions.check_in(experiment_id, kind, notes))

    def praise(
        self,
        manager: str,
        to: str,
        kind: PraiseKind,
        days_ago: int,
        clock: str,
        message: str,
        experiment_id: str | None = None,
    ) -> None:
        payload = actions.praise(to, message, kind=kind, experiment_id=experiment_id)
        self.add(manager, days_ago, clock, payload)

    def support(
        self, author: str, experiment_id: str, supporter: str, days_ago: int, clock: str
    ) -> None:
        """`author` is the supporter themselves, or the owner asking a colleague, who says
        yes half an hour later."""
        if author != supporter:
            self.add(author, days_ago, clock, actions.request_support(experiment_id, supporter))
            at = self.when(days_ago, clock) + ANSWER_AFTER
            clock = f"{at:%H:%M}"
        self.add(supporter, days_ago, clock, actions.support(experiment_id, supporter))

    def note(self, author: str, experiment_id: str, days_ago: int, clock: str, text: str) -> None:
        self.add(author, days_ago, clock, actions.note(experiment_id, text))

    def ask_help(self, owner: str, experiment_id: str, days_ago: int, clock: str, ask: str) -> None:
        self.add(owner, days_ago, clock, actions.ask_help(experiment_id, ask))

    def standup(
        self, runner: str, days_ago: int, start: str, end: str, attendees: list[str], summary: str
    ) -> None:
        started = self.add(runner, days_ago, start, actions.start_standup())
        ended = actions.end_standup(
            str(started["standup_id"]), attendees=attendees, summary=summary
        )
        self.add(runner, days_ago, end, ended)
