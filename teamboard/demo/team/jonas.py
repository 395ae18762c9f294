"""Jonas Becker analyses data: their experiments, as the demo's script."""

from __future__ import annotations

from teamboard.demo.script import Script
from teamboard.domain.events import ApplicationKind, CheckInKind, PraiseKind, Stage


def write(s: Script) -> None:
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
