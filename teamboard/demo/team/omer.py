"""Ömer Yıldız builds the backend: their experiments, as the demo's script."""

from __future__ import annotations

from teamboard.demo.script import Script
from teamboard.domain.events import ApplicationKind, CheckInKind, PraiseKind, Stage


def write(s: Script) -> None:
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
