"""A demo board: a product team of six, four months into learning after their trainings.

`build_demo_board` writes it through the one write path (`LiveBoard.perform`), event by
event in time order, so the demo is made of the same checked events a real team would
write, and it folds without a single rejected event. Every time is given relative to `now`,
so the board always looks current: experiments in every stage, practice, reflections,
check-ins (some due), praise, support, one experiment without a supporter, one stalled in
Practice and one person with no recent praise.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from teamboard.domain import actions
from teamboard.domain.actions import Payload
from teamboard.domain.events import (
    ApplicationKind,
    CheckInKind,
    PraiseKind,
    Role,
    Stage,
    utcnow,
)
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard

BOARD_NAME = "Product Team"
FOUNDER = "maria"
FOUNDER_NAME = "Maria Oliveira"
# The board is founded this many days before `now`; every demo event falls after it.
FOUNDED_DAYS_AGO = 125


class _Script:
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

    def add(self, author: str, days_ago: int, clock: str, payload: Payload) -> None:
        at = self.when(days_ago, clock)
        self._events.append((at, len(self._events), author, payload))

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
        self.add(owner, days_ago, clock, payload)
        return str(payload["experiment_id"])

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
        """`author` is the supporter themselves, or the owner asking a colleague."""
        self.add(author, days_ago, clock, actions.support(experiment_id, supporter))

    def note(self, author: str, experiment_id: str, days_ago: int, clock: str, text: str) -> None:
        self.add(author, days_ago, clock, actions.note(experiment_id, text))

    def ask_help(self, owner: str, experiment_id: str, days_ago: int, clock: str, ask: str) -> None:
        self.add(owner, days_ago, clock, actions.ask_help(experiment_id, ask))

    def standup(
        self, runner: str, days_ago: int, start: str, end: str, attendees: list[str], summary: str
    ) -> None:
        started = actions.start_standup()
        self.add(runner, days_ago, start, started)
        ended = actions.end_standup(
            str(started["standup_id"]), attendees=attendees, summary=summary
        )
        self.add(runner, days_ago, end, ended)


def build_demo_board(root: Path, now: datetime | None = None) -> BoardFolder:
    """Create a demo board in `root` (which must not hold a board yet), dated before `now`."""
    now = utcnow() if now is None else now
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    script = _Script(now)
    _team(script)
    live = LiveBoard.create(
        root,
        name=BOARD_NAME,
        founder=FOUNDER,
        founder_name=FOUNDER_NAME,
        at=script.when(FOUNDED_DAYS_AGO, "08:30"),
        clock=lambda: now,
    )
    for at, author, payload in script.in_order():
        live.perform(author, payload, at=at)
    return live.board


def _team(s: _Script) -> None:
    """The team and their four months, written as a script of events (days before now)."""
    # Maria (head of product) founded the board; Kwame leads engineering and is made a
    # manager too. Zoë designs, Ömer builds the backend, Jonas analyses data and Priya
    # looks after the clients.
    s.join("kwame", "Kwame Mensah", 124, "09:10")
    s.join("zoe", "Zoë Lambert", 124, "10:05")
    s.join("omer", "Ömer Yıldız", 123, "08:45")
    s.join("jonas", "Jonas Becker", 123, "13:20")
    s.join("priya", "Priya Raman", 122, "09:30")
    s.set_role("maria", "kwame", Role.MANAGER, 122, "11:00")

    _maria(s)
    _kwame(s)
    _zoe(s)
    _omer(s)
    _jonas(s)
    _priya(s)
    _standups(s)


def _standups(s: _Script) -> None:
    """The team walks the board in a stand-up now and then; since the last one, three days
    ago, Zoë gave her readout and Priya asked for help: a newcomer sees "new" marks at once."""
    everyone = ["maria", "kwame", "zoe", "omer", "jonas", "priya"]
    s.standup(
        "kwame",
        10,
        "09:00",
        "09:11",
        [m for m in everyone if m != "jonas"],
        "Zoë's readout is down to nine slides; Ömer needs a reviewer for the API guide.",
    )
    s.standup(
        "maria",
        3,
        "09:02",
        "09:13",
        everyone,
        "Priya starts on the help center; Jonas still needs a slot with the data team.",
    )


def _maria(s: _Script) -> None:
    feedback = s.experiment(
        "maria",
        118,
        "14:00",
        title="Giving feedback that lands",
        training="Feedback workshop: the SBI model (two days, in-house)",
        why_me=(
            "I give most of the feedback in this team, and in the last engagement survey "
            "'I know where I stand' was our lowest score."
        ),
        must_deliver=(
            "Every 1:1 ends with one concrete piece of feedback, put as situation, behaviour "
            "and impact, and the person can tell me what they will do with it."
        ),
        team_goals=(
            "Fewer surprises in performance reviews, and a better 'I know where I stand' "
            "score in the spring survey."
        ),
        personal_benefit=(
            "Fewer awkward conversations that I put off for weeks. I want feedback to feel "
            "routine, not like an event."
        ),
        opportunity=(
            ApplicationKind.OTHER,
            "Fortnightly 1:1s with everyone in the team",
            "Starting with the 1:1s right after the workshop",
        ),
        target_in_days=-30,
        confidence=2,
    )
    s.support("kwame", feedback, "kwame", 117, "10:00")
    s.move("maria", feedback, Stage.PRACTICE, 115, "09:00")
    s.practice(
        "maria",
        feedback,
        112,
        "16:30",
        "Gave Ömer feedback on the API design review using SBI. Writing the three parts "
        "down before the 1:1 stopped me from rambling.",
    )
    s.practice(
        "maria",
        feedback,
        104,
        "11:15",
        "Told Priya how her escalation summary changed the tone of the client call. "
        "Positive feedback is harder to make specific than I thought.",
    )
    s.check_in(
        "kwame",
        feedback,
        CheckInKind.SOON_AFTER,
        104,
        "16:00",
        "Maria's main take-away: separate what you saw from what you concluded. Plan: one "
        "SBI in every 1:1 for six weeks, and ask the person what they take from it.",
    )
    s.rate("maria", feedback, 3, 103, "08:50")
    s.practice(
        "maria",
        feedback,
        90,
        "15:40",
        "The difficult one: talked to Jonas about the missed deadlines on the churn "
        "analysis. Stayed with the impact on the team and did not guess at reasons. He came "
        "up with a plan himself.",
    )
    s.note(
        "kwame",
        feedback,
        88,
        "10:20",
        "Sat in on the team meeting: after your feedback you asked 'what do you take from "
        "that?'. Nobody looked uncomfortable. Keep that question.",
    )
    s.move("maria", feedback, Stage.REFLECTION, 80, "09:30")
    s.reflect(
        "maria",
        feedback,
        80,
        "10:00",
        wanted=(
            "Give feedback that is specific enough to act on, in every 1:1, without a big build-up."
        ),
        did=(
            "Prepared one SBI note before each 1:1 and asked the person to say what they "
            "would do with it. Eleven 1:1s in six weeks, one of them a difficult conversation."
        ),
        effect=(
            "People answer with concrete next steps instead of defending themselves. Jonas "
            "told me it was the clearest feedback he had had in a long time."
        ),
        next_time=(
            "Give positive feedback with the same care as critical feedback, and not save it "
            "all for the 1:1."
        ),
    )
    s.rate("maria", feedback, 4, 79, "17:05")
    s.move("maria", feedback, Stage.SUCCESS, 60, "09:15")
    s.praise(
        "kwame",
        "maria",
        PraiseKind.RESULT,
        58,
        "12:10",
        "The pulse survey is back: 'I know where I stand' went from 3.1 to 4.0. That is your "
        "feedback routine showing up in the numbers.",
        feedback,
    )
    s.rate("maria", feedback, 5, 57, "08:40")
    s.check_in(
        "kwame",
        feedback,
        CheckInKind.LONG_TERM,
        25,
        "14:00",
        "Goals reached: SBI is routine in Maria's 1:1s. What works: writing the note "
        "beforehand. Needs attention: feedback still happens mostly in 1:1s, hardly ever in "
        "the moment.",
    )

    saying_no = s.experiment(
        "maria",
        10,
        "13:45",
        title="Saying no to roadmap requests with a clear reason",
        training="Product strategy masterclass (online, three sessions)",
        why_me=(
            "Sales brings me three or four 'small' requests a week, and I say yes too often "
            "because I have no quick way to explain why not."
        ),
        must_deliver=(
            "A short answer I can repeat for requests that do not fit the strategy: what we "
            "are doing instead, and what would change our mind."
        ),
        # Written in a hurry after the masterclass: the team's side and her own benefit
        # came two days later (the insights count it as a plan not complete at the start).
        team_goals="",
        personal_benefit="",
        opportunity=None,
        target_in_days=40,
        confidence=2,
    )
    s.support("maria", saying_no, "priya", 9, "09:05")
    s.edit(
        "maria",
        saying_no,
        8,
        "18:20",
        team_goals="Protects the team's focus on the onboarding redesign this quarter.",
        personal_benefit=(
            "Less time in follow-up meetings and fewer evenings spent rewriting the roadmap."
        ),
    )
    s.note(
        "priya",
        saying_no,
        6,
        "15:30",
        "Happy to role-play the next sales request with you before the roadmap review. I "
        "hear most of them first anyway.",
    )
    s.praise(
        "kwame",
        "maria",
        PraiseKind.EFFORT,
        5,
        "12:30",
        "You handled the request for a custom export on Tuesday really well: a clear no, the "
        "reason, and an alternative sales was happy with.",
        saying_no,
    )
    s.rate("maria", saying_no, 3, 4, "18:10")


def _kwame(s: _Script) -> None:
    retros = s.experiment(
        "kwame",
        110,
        "10:00",
        title="Facilitating retrospectives",
        training="Agile facilitation training (two days, Liberating Structures)",
        why_me=(
            "I run the engineering retros, and they have turned into the same five people "
            "saying the same things."
        ),
        must_deliver=(
            "Retros where everyone speaks in the first ten minutes and that end with at most "
            "two actions, each with an owner."
        ),
        team_goals=(
            "Our goal for the half year is less work carried over between sprints; the retro "
            "is where we should find out why it happens."
        ),
        personal_benefit=(
            "Facilitation is the part of leading I find hardest, and I want to get better at "
            "it beyond retros."
        ),
        opportunity=(
            ApplicationKind.PROJECT,
            "Retros of the checkout rebuild",
            "Every second Friday",
        ),
        target_in_days=14,
        confidence=2,
    )
    s.support("zoe", retros, "zoe", 109, "11:30")
    s.move("kwame", retros, Stage.PRACTICE, 104, "09:00")
    s.practice(
        "kwame",
        retros,
        103,
        "15:30",
        "Tried 1-2-4-All for 'what slowed us down'. Everyone spoke, even Ömer, who usually "
        "stays quiet. Took twenty minutes longer than planned.",
    )
    s.support("omer", retros, "omer", 102, "10:15")
    s.check_in(
        "maria",
        retros,
        CheckInKind.SOON_AFTER,
        100,
        "14:30",
        "Kwame's key learning: silence at the start is structure, not failure. He will use "
        "1-2-4-All and Impromptu Networking in the next two retros and keep the actions to two.",
    )
    s.rate("kwame", retros, 3, 96, "09:20")
    s.practice(
        "kwame",
        retros,
        89,
        "16:00",
        "Used 'What, So what, Now what' on the failed release. Good at separating facts from "
        "blame, but we ran out of time before 'now what'.",
    )
    s.note(
        "zoe",
        retros,
        88,
        "09:45",
        "The timebox card on the table worked well. Maybe give 'now what' its own fixed "
        "fifteen minutes next time?",
    )
    s.practice(
        "kwame",
        retros,
        75,
        "15:45",
        "Gave 'now what' a fixed fifteen minutes, as Zoë suggested. Left with two actions and "
        "two owners for the first time.",
    )
    s.practice(
        "kwame",
        retros,
        61,
        "16:10",
        "Let Zoë facilitate while I took part. Useful to see the method from the other side: "
        "the first question decides almost everything.",
    )
    s.move("kwame", retros, Stage.REFLECTION, 55, "08:55")
    s.reflect(
        "kwame",
        retros,
        54,
        "17:30",
        wanted="Retros where everyone contributes and we leave with two actions that get done.",
        did=(
            "Ran five retros with Liberating Structures (1-2-4-All; What, So what, Now what), "
            "with a fixed timebox for actions, and handed one over to Zoë."
        ),
        effect=(
            "Carry-over dropped from about 30% to 15% of sprint scope over three sprints. The "
            "quieter people bring up the most useful issues now."
        ),
        next_time=(
            "Prepare the opening question more carefully. A vague question gives a vague "
            "retro, whatever the method."
        ),
    )
    s.rate("kwame", retros, 4, 54, "17:40")
    s.praise(
        "maria",
        "kwame",
        PraiseKind.RESULT,
        20,
        "11:00",
        "Carry-over work has halved since the new retros. Thank you for sticking with it "
        "through the first awkward sessions.",
        retros,
    )
    s.check_in(
        "maria",
        retros,
        CheckInKind.LONG_TERM,
        15,
        "10:30",
        "Goals reached for the retros themselves. What works: the fixed timebox for actions. "
        "Needs attention: retro actions still compete with feature work, so we agreed to "
        "reserve time for them in planning.",
    )

    incidents = s.experiment(
        "kwame",
        45,
        "09:40",
        title="Writing clear incident reports",
        training="Incident management and blameless postmortems (SRE course)",
        why_me=(
            "I am on call for the checkout services and wrote four incident reports this "
            "year. Nobody outside engineering read them."
        ),
        must_deliver=(
            "Reports that customer success can forward to a client: what happened, the "
            "impact, what we changed, in plain words, within two working days."
        ),
        team_goals=(
            "Supports our reliability goal, and Priya's team, who have to explain outages to "
            "clients."
        ),
        personal_benefit="Less time answering the same questions in Slack after every incident.",
        opportunity=(
            ApplicationKind.IMPROVEMENT,
            "New postmortem template for the engineering wiki",
            "Before the end of the quarter",
        ),
        target_in_days=30,
        confidence=3,
    )
    s.support("kwame", incidents, "priya", 44, "10:05")
    s.move("kwame", incidents, Stage.PRACTICE, 40, "08:45")
    s.practice(
        "kwame",
        incidents,
        37,
        "14:20",
        "Drafted the template: summary in three sentences, timeline, customer impact, what we "
        "changed, what we still don't know.",
    )
    s.check_in(
        "maria",
        incidents,
        CheckInKind.SOON_AFTER,
        33,
        "15:00",
        "Main learning: write for the reader who was not there. Kwame tests the template on "
        "the next real incident and asks Priya whether she could forward it as it is.",
    )
    s.practice(
        "kwame",
        incidents,
        20,
        "13:10",
        "Used the template for the payment provider timeouts. Priya sent the summary to two "
        "clients without changing a word.",
    )
    s.note(
        "priya",
        incidents,
        19,
        "09:25",
        "The summary is exactly what I need. Could the customer impact say how many orders "
        "were affected, not just 'some customers'?",
    )
    s.practice(
        "kwame",
        incidents,
        8,
        "17:50",
        "Added order numbers to the impact section and wrote the report on the search outage "
        "within a day.",
    )
    s.rate("kwame", incidents, 4, 8, "18:00")
    s.praise(
        "maria",
        "kwame",
        PraiseKind.EFFORT,
        7,
        "09:30",
        "Writing the search outage report within a day, on a Friday, made a real difference "
        "for Priya's client calls on Monday.",
        incidents,
    )


def _zoe(s: _Script) -> None:
    a11y = s.experiment(
        "zoe",
        105,
        "11:20",
        title="Accessibility testing with a screen reader",
        training="Web accessibility (WCAG 2.2) hands-on course",
        why_me=(
            "I design most of our flows, and we learned from a customer complaint that our "
            "sign-up form did not work with a screen reader."
        ),
        must_deliver=(
            "Every new screen is tested with VoiceOver and with the keyboard only before it "
            "goes to development, and the issues are in the design ticket."
        ),
        team_goals=(
            "The onboarding redesign must meet WCAG 2.2 AA; two of our public-sector clients "
            "require it in their contracts."
        ),
        personal_benefit=(
            "I want to design accessibly from the start instead of patching things "
            "afterwards. It is also a skill I want on my CV."
        ),
        opportunity=(
            ApplicationKind.PROJECT,
            "Onboarding redesign",
            "Design phase, before the handover to development",
        ),
        target_in_days=-20,
        confidence=2,
    )
    s.support("omer", a11y, "omer", 104, "13:00")
    s.move("zoe", a11y, Stage.PRACTICE, 101, "09:10")
    s.practice(
        "zoe",
        a11y,
        99,
        "14:40",
        "Tested the current sign-up form with VoiceOver. Seven problems; the worst is that "
        "error messages are never announced.",
    )
    s.check_in(
        "zoe",
        a11y,
        CheckInKind.SOON_AFTER,
        95,
        "10:00",
        "What I learned: test with the keyboard first, it finds half the problems in five "
        "minutes. How I will apply it: a fifteen-minute screen reader pass before every "
        "handover to development.",
    )
    s.practice(
        "zoe",
        a11y,
        85,
        "11:30",
        "Keyboard-only pass on the new onboarding wireframes before the handover. Found a "
        "focus trap in the date picker.",
    )
    s.note(
        "omer",
        a11y,
        84,
        "16:45",
        "Fixed the focus trap. Could you put the expected focus order in the ticket next "
        "time? Then I can test it myself before review.",
    )
    s.rate("zoe", a11y, 3, 84, "17:30")
    s.practice(
        "zoe",
        a11y,
        70,
        "10:50",
        "Added focus order and screen reader labels to every onboarding ticket. Ömer tested "
        "against them on his side.",
    )
    s.move("zoe", a11y, Stage.REFLECTION, 66, "09:00")
    s.reflect(
        "zoe",
        a11y,
        65,
        "15:15",
        wanted="Catch accessibility problems in design instead of after the release.",
        did=(
            "Ran a keyboard and VoiceOver pass on every onboarding screen and wrote the focus "
            "order and labels into the tickets."
        ),
        effect=(
            "The external audit of the new onboarding found two minor issues, against 23 on "
            "the old flow."
        ),
        next_time=(
            "Test with people who use a screen reader every day, earlier, not only with my "
            "own VoiceOver skills."
        ),
    )
    s.move("zoe", a11y, Stage.SUCCESS, 50, "09:20")
    s.rate("zoe", a11y, 5, 50, "09:25")
    s.praise(
        "maria",
        "zoe",
        PraiseKind.RESULT,
        49,
        "10:40",
        "Two minor findings in the accessibility audit, down from 23. The public-sector "
        "renewal went through because of it. Thank you, Zoë!",
        a11y,
    )
    s.check_in(
        "maria",
        a11y,
        CheckInKind.LONG_TERM,
        12,
        "14:00",
        "Goals reached: the audit passed. What works: the checklist in every ticket, which "
        "Ömer and Jonas now use too. Needs attention: testing with screen reader users is "
        "still not planned.",
    )

    readout = s.experiment(
        "zoe",
        27,
        "10:30",
        title="Presenting research findings in ten minutes",
        training="Storytelling with data workshop",
        why_me=(
            "My user research readouts run 45 minutes, and the decisions get made in the last five."
        ),
        must_deliver=(
            "A ten-minute readout that starts with the decision we need and shows three "
            "findings, not thirty."
        ),
        team_goals=(
            "Faster decisions in product reviews: research should shape the roadmap, not "
            "arrive after it."
        ),
        personal_benefit="I get nervous presenting to leadership; a tight structure helps me.",
        opportunity=(
            ApplicationKind.PRESENTATION,
            "Research readout in the quarterly product review",
            "Next quarterly review",
        ),
        target_in_days=25,
        confidence=2,
    )
    s.support("jonas", readout, "jonas", 27, "11:00")
    s.move("zoe", readout, Stage.PRACTICE, 24, "09:15")
    s.practice(
        "zoe",
        readout,
        21,
        "16:20",
        "Cut the churn interview readout from 38 slides to 9. It opens with the decision: do "
        "we keep the free tier?",
    )
    s.practice(
        "zoe",
        readout,
        9,
        "14:00",
        "Dry run with Jonas and Priya: twelve minutes. Priya asked the question the VP will "
        "ask, so I added one backup slide.",
    )
    s.rate("zoe", readout, 3, 9, "15:10")
    s.praise(
        "maria",
        "zoe",
        PraiseKind.EFFORT,
        8,
        "08:55",
        "Going from 38 slides to 9 takes courage. The dry run was already clearer than "
        "anything we had in the last review.",
        readout,
    )
    # Since the last stand-up: the readout given, and the card on to Reflection.
    s.practice(
        "zoe",
        readout,
        2,
        "10:40",
        "Gave the churn readout in the product review: nine minutes, and we decided to keep "
        "the free tier.",
    )
    s.move("zoe", readout, Stage.REFLECTION, 2, "11:20")
    s.reflect(
        "zoe",
        readout,
        2,
        "16:30",
        wanted="A readout that starts with the decision and gets one in ten minutes.",
        did="Nine slides, the decision on the first one, three findings, one backup slide.",
        effect="The review decided on the free tier in nine minutes; nobody asked for more.",
        next_time="Send the one-page summary the day before, so the questions come early.",
    )
    s.rate("zoe", readout, 4, 2, "11:25")
    s.praise(
        "kwame",
        "zoe",
        PraiseKind.RESULT,
        1,
        "09:30",
        "The review decided on the free tier in nine minutes, on your evidence. That is the "
        "result we wanted from the workshop.",
        readout,
    )


def _omer(s: _Script) -> None:
    sql = s.experiment(
        "omer",
        95,
        "09:50",
        title="SQL window functions",
        training="Advanced SQL (online course, four weeks)",
        why_me=(
            "I maintain the reporting service, and half of its queries are Python loops over "
            "results that SQL could do in one pass."
        ),
        must_deliver=(
            "Rewrite the three slowest report queries with window functions and get the "
            "nightly job under ten minutes."
        ),
        team_goals=(
            "Jonas and the analysts wait for the nightly numbers every morning; the job often "
            "finishes after nine."
        ),
        personal_benefit="More confidence with SQL. I have been avoiding it for years.",
        opportunity=(
            ApplicationKind.IMPROVEMENT,
            "Nightly reporting job",
            "Before the year-end reporting",
        ),
        target_in_days=10,
        confidence=2,
    )
    s.support("jonas", sql, "jonas", 94, "14:10")
    s.move("omer", sql, Stage.PRACTICE, 90, "10:00")
    s.practice(
        "omer",
        sql,
        88,
        "15:25",
        "Rewrote the retention report with LAG and a running SUM. Same numbers, 14 minutes "
        "down to 40 seconds.",
    )
    s.note(
        "jonas",
        sql,
        87,
        "09:40",
        "Checked the retention numbers against last month's export: identical. Nice!",
    )
    s.rate("omer", sql, 3, 87, "11:00")
    s.check_in(
        "kwame",
        sql,
        CheckInKind.SOON_AFTER,
        86,
        "13:30",
        "Ömer's take-away: ROW_NUMBER and running totals replace most of our loops. He starts "
        "with the retention report because it is the slowest and Jonas can check the numbers.",
    )
    s.practice(
        "omer",
        sql,
        70,
        "17:15",
        "Tried to rewrite the revenue report as one big query. Gave up: nobody could review "
        "it. Split it into two CTEs instead.",
    )
    s.rate("omer", sql, 2, 70, "17:20")
    s.practice(
        "omer",
        sql,
        52,
        "14:45",
        "Revenue and cohort reports done with CTEs and window functions. The nightly job now "
        "runs in eight minutes.",
    )
    s.rate("omer", sql, 4, 50, "09:05")
    s.move("omer", sql, Stage.REFLECTION, 45, "10:10")
    s.reflect(
        "omer",
        sql,
        44,
        "16:30",
        wanted="Move the report logic from Python loops into SQL and make the nightly job fast.",
        did=(
            "Rewrote three reports with window functions and CTEs; Jonas checked every number "
            "against the old output."
        ),
        effect=(
            "The nightly job went from 52 to 8 minutes, and the numbers are ready before the "
            "stand-up."
        ),
        next_time=(
            "Keep queries readable first: one clever query was harder to review than two "
            "simple ones."
        ),
    )
    s.praise(
        "kwame",
        "omer",
        PraiseKind.RESULT,
        40,
        "11:45",
        "Nightly job from 52 to 8 minutes. The analysts noticed before I had a chance to tell "
        "them.",
        sql,
    )

    reviews = s.experiment(
        "omer",
        40,
        "15:00",
        title="Code review comments that teach",
        training="Mentoring junior developers (half-day workshop)",
        why_me=(
            "Two junior developers joined in the summer, and most of their learning happens in "
            "my code reviews."
        ),
        must_deliver=(
            "Review comments that explain why, link to an example and say whether something "
            "is a must or a suggestion."
        ),
        team_goals=(
            "Shorter review cycles, and juniors who can review each other's code by the spring."
        ),
        personal_benefit=(
            "I want to grow towards a lead role, and teaching is what I have practised least."
        ),
        opportunity=(
            ApplicationKind.PROJECT,
            "Code reviews in the checkout rebuild",
            "Every pull request from the two new developers",
        ),
        target_in_days=45,
        confidence=3,
    )
    s.support("omer", reviews, "kwame", 39, "09:30")
    s.move("omer", reviews, Stage.PRACTICE, 36, "10:00")
    s.practice(
        "omer",
        reviews,
        34,
        "16:40",
        "Labelled every comment in three reviews as 'must' or 'suggestion'. One of the juniors "
        "said it was the first time she knew which comments really mattered.",
    )
    s.check_in(
        "kwame",
        reviews,
        CheckInKind.SOON_AFTER,
        30,
        "11:30",
        "Ömer labels every comment as must or suggestion and explains the why. We agreed he "
        "asks the juniors after two weeks whether it helps.",
    )
    s.practice(
        "omer",
        reviews,
        24,
        "15:55",
        "Wrote a longer 'why' comment on error handling, with a link to our guidelines "
        "instead of just 'please fix'.",
    )
    s.praise(
        "maria",
        "omer",
        PraiseKind.EFFORT,
        14,
        "16:20",
        "Thank you for staying late to help Priya's client with the export bug. They "
        "mentioned you by name in their email.",
    )


def _jonas(s: _Script) -> None:
    kpi = s.experiment(
        "jonas",
        115,
        "10:15",
        title="Automating the weekly KPI report with Python",
        training="Python for analysts (evening course, eight weeks)",
        why_me="I spend every Monday morning copying numbers from four exports into one sheet.",
        must_deliver=(
            "A script that builds the weekly KPI report from the exports, with tests for the "
            "calculations, so anyone in the team can run it."
        ),
        team_goals=(
            "Frees analyst time for the pricing work, and the numbers stop depending on "
            "whether I am on holiday."
        ),
        personal_benefit="Python skills, and my Monday mornings back.",
        opportunity=(
            ApplicationKind.IMPROVEMENT,
            "Weekly KPI report",
            "Every Monday, starting with the CRM export",
        ),
        target_in_days=-40,
        confidence=2,
    )
    s.support("omer", kpi, "omer", 114, "09:00")
    s.move("jonas", kpi, Stage.PRACTICE, 110, "08:30")
    s.practice(
        "jonas",
        kpi,
        108,
        "09:15",
        "Read and cleaned the CRM export with pandas. Matches the spreadsheet to the cent.",
    )
    s.check_in(
        "maria",
        kpi,
        CheckInKind.SOON_AFTER,
        104,
        "13:00",
        "Jonas learned the pandas basics and pytest. Plan: automate one export a week, "
        "starting with the CRM one; Ömer reviews the code.",
    )
    s.practice(
        "jonas",
        kpi,
        101,
        "10:40",
        "Added the product usage export and wrote the first tests for the churn calculation.",
    )
    s.note(
        "omer",
        kpi,
        100,
        "15:20",
        "Reviewed the script: very readable. Put the file paths in a config file so others "
        "can run it too.",
    )
    s.practice(
        "jonas",
        kpi,
        94,
        "09:05",
        "All four exports in; the report is generated in 30 seconds. Moved the paths to a "
        "config file as Ömer suggested.",
    )
    s.rate("jonas", kpi, 4, 94, "09:10")
    s.praise(
        "kwame",
        "jonas",
        PraiseKind.EFFORT,
        92,
        "16:00",
        "Your tests caught the churn rounding bug before it reached the board report. Good "
        "habit, keep it.",
        kpi,
    )
    s.move("jonas", kpi, Stage.REFLECTION, 80, "08:50")
    s.reflect(
        "jonas",
        kpi,
        79,
        "16:15",
        wanted="Stop building the KPI report by hand every Monday.",
        did=(
            "Wrote a Python script with pandas for the four exports and tests for the "
            "calculations; Ömer reviewed it."
        ),
        effect=(
            "The Monday report takes five minutes instead of two hours, and Priya ran it on "
            "her own while I was on holiday."
        ),
        next_time=(
            "Write the tests first: two bugs in the churn calculation only turned up when I "
            "added tests at the end."
        ),
    )
    s.move("maria", kpi, Stage.SUCCESS, 70, "11:00")
    s.praise(
        "maria",
        "jonas",
        PraiseKind.RESULT,
        69,
        "09:45",
        "The KPI report ran without you during your holiday, and nobody had to ask a single "
        "question. That is what good automation looks like.",
        kpi,
    )
    s.rate("jonas", kpi, 5, 68, "10:00")
    s.check_in(
        "maria",
        kpi,
        CheckInKind.LONG_TERM,
        24,
        "11:15",
        "Goals reached: the report is fully automated. What works: the tests and the config "
        "file. Needs attention: nobody but Jonas can change the script yet, so he walks Priya "
        "through it this month.",
    )

    numbers = s.experiment(
        "jonas",
        33,
        "14:30",
        title="Explaining numbers to people who are not analysts",
        training="Storytelling with data workshop",
        why_me=(
            "My analyses are right, but people stop listening after the second chart. The "
            "churn analysis got five minutes in the leadership meeting and was then ignored."
        ),
        must_deliver=(
            "Each analysis starts with one sentence on what it means for the reader, and has "
            "at most three charts."
        ),
        team_goals="Supports our goal to decide the pricing change on data, not on gut feeling.",
        personal_benefit=(
            "I would like my work to be used. And less rework when people misread a chart."
        ),
        opportunity=(
            ApplicationKind.PRESENTATION,
            "Pricing analysis for the leadership meeting",
            "End of the quarter",
        ),
        target_in_days=35,
        confidence=2,
    )
    s.support("zoe", numbers, "zoe", 32, "10:10")
    s.edit(
        "jonas",
        numbers,
        25,
        "17:20",
        must_deliver=(
            "Each analysis starts with one sentence on what it means for the reader, has at "
            "most three charts, and gets a dry run with someone outside data before it goes "
            "out."
        ),
    )
    s.note(
        "zoe",
        numbers,
        16,
        "13:40",
        "Happy to be your dry-run audience for the pricing analysis. I know nothing about "
        "pricing, so I am the perfect test.",
    )


def _priya(s: _Script) -> None:
    negotiation = s.experiment(
        "priya",
        75,
        "09:20",
        title="Negotiation basics for client calls",
        training="Negotiation skills seminar (Harvard method, two days)",
        why_me=(
            "I lead the renewal calls with our larger clients, and I tend to offer discounts "
            "before the client even asks."
        ),
        must_deliver=(
            "Renewals without unplanned discounts: prepare interests and options before each "
            "call, and know my walk-away point."
        ),
        team_goals="Renewal margin is one of our three team goals this year.",
        personal_benefit=(
            "More confidence in calls with procurement people, whom I find intimidating."
        ),
        opportunity=(
            ApplicationKind.CLIENT_CASE,
            "Contract renewal with Nordwind Logistics",
            "Renewal call in about four weeks",
        ),
        target_in_days=5,
        confidence=2,
    )
    s.support("priya", negotiation, "maria", 74, "11:40")
    s.move("priya", negotiation, Stage.PRACTICE, 68, "09:00")
    s.practice(
        "priya",
        negotiation,
        66,
        "15:10",
        "Wrote a one-page plan for Nordwind: their interests, our options and my walk-away point.",
    )
    s.check_in(
        "maria",
        negotiation,
        CheckInKind.SOON_AFTER,
        63,
        "10:00",
        "Priya's biggest insight: separate the client's position from their interests. She "
        "prepares a one-page plan for the Nordwind call and we role-play it beforehand.",
    )
    s.practice(
        "priya",
        negotiation,
        60,
        "14:00",
        "Role-play with Maria as the procurement lead. I caught myself offering 10% in the "
        "first five minutes.",
    )
    s.note(
        "maria",
        negotiation,
        59,
        "09:30",
        "In the second round of the role-play you waited, asked about their budget cycle and "
        "found the option with the longer contract. That was the moment.",
    )
    s.rate("priya", negotiation, 3, 59, "12:00")
    s.practice(
        "priya",
        negotiation,
        47,
        "16:30",
        "The real Nordwind call: renewed for two years, no discount, with quarterly reviews "
        "added instead.",
    )
    s.rate("priya", negotiation, 4, 46, "08:45")
    s.praise(
        "maria",
        "priya",
        PraiseKind.RESULT,
        45,
        "10:15",
        "A two-year renewal with Nordwind and no discount. Your preparation showed in every "
        "minute of that call.",
        negotiation,
    )
    s.practice(
        "priya",
        negotiation,
        30,
        "15:00",
        "Used the same preparation for a smaller client. They asked for 15% and we settled "
        "at 5% with a longer term.",
    )
    s.move("priya", negotiation, Stage.REFLECTION, 26, "09:10")
    s.reflect(
        "priya",
        negotiation,
        25,
        "16:45",
        wanted="Stop giving discounts away before a client asks, and prepare renewal calls.",
        did=(
            "Prepared a one-page plan for two renewal calls, role-played the first with Maria "
            "and held back offers until I knew the client's interests."
        ),
        effect=(
            "Nordwind renewed for two years without a discount; the second client settled at "
            "5% instead of the 15% they asked for."
        ),
        next_time=(
            "Agree the walk-away point with finance earlier. For the second call I had to guess it."
        ),
    )
    s.praise(
        "kwame",
        "priya",
        PraiseKind.EFFORT,
        18,
        "17:05",
        "Thanks for explaining the search outage to your clients so quickly. It took a lot of "
        "pressure off the on-call team.",
    )

    articles = s.experiment(
        "priya",
        6,
        "11:00",
        title="Writing help-center articles in plain language",
        training="Plain language writing (online course)",
        why_me=(
            "Most of our tickets could be answered by the help center, but clients tell us the "
            "articles are hard to follow."
        ),
        must_deliver=(
            "Rewrite the ten most viewed articles: short sentences, one task per article, "
            "each tested with a colleague outside the team."
        ),
        team_goals="",
        personal_benefit="I write all day, and I would like to do it faster and more clearly.",
        opportunity=None,
        target_in_days=60,
        confidence=3,
    )
    # How it serves the team came after a word with Kwame.
    s.edit(
        "priya",
        articles,
        4,
        "09:40",
        team_goals="Fewer repeat tickets, one of the customer success targets for next year.",
    )
    s.ask_help(
        "priya",
        articles,
        1,
        "10:15",
        "Someone outside support to test my first rewritten article this week",
    )
