"""Kwame Mensah leads engineering and is a manager too: their experiments, as the demo's script."""

from __future__ import annotations

from teamboard.demo.script import Script
from teamboard.domain.events import ApplicationKind, CheckInKind, PraiseKind, Stage


def write(s: Script) -> None:
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
