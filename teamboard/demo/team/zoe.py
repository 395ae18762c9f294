"""Zoë Lambert designs: their experiments, as the demo's script."""

from __future__ import annotations

from teamboard.demo.script import Script
from teamboard.domain.events import ApplicationKind, CheckInKind, PraiseKind, Stage


def write(s: Script) -> None:
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
