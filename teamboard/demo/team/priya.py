"""Priya Raman looks after the clients: their experiments, as the demo's script."""

from __future__ import annotations

from teamboard.demo.script import Script
from teamboard.domain.events import ApplicationKind, CheckInKind, PraiseKind, Stage


def write(s: Script) -> None:
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
