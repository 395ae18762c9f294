"""The board's questions and labels in words, shared by the screens, the exports and the
success stories (so a question is asked and reported in the same words everywhere)."""

from __future__ import annotations

from teamboard.domain.events import CheckInKind
from teamboard.domain.state import Opportunity

# Lever 4: the four questions of a reflection, by the Reflection field that answers each.
REFLECTION_QUESTIONS = {
    "wanted": "What did you want to apply?",
    "did": "What did you do?",
    "effect": "What was the effect?",
    "next_time": "What will you do differently next time?",
}

# Lever 5: what each check-in asks.
CHECK_IN_QUESTIONS = {
    CheckInKind.SOON_AFTER: "What did you learn, and how will you apply it?",
    CheckInKind.LONG_TERM: "Goals reached? What works? What needs attention?",
}

# Lever 1: the transfer plan, by the TransferPlan field.
PLAN_LABELS = {
    "why_me": "Why me",
    "must_deliver": "What it must deliver",
    "team_goals": "How it serves the team's goals",
    "personal_benefit": "My personal benefit",
}
APPLIED_LABEL = "Where I will apply it"

# Lever 3: where the learning is applied, by ApplicationKind value.
KIND_WORDS = {
    "project": "a project",
    "client-case": "a client case",
    "improvement": "an improvement",
    "presentation": "a presentation",
    "other": "something else",
}


def describe_opportunity(opportunity: Opportunity | None) -> str:
    """'a project: the checkout redesign (in March)', or 'not named yet'."""
    if opportunity is None:
        return "not named yet"
    words = KIND_WORDS.get(opportunity.kind.value, opportunity.kind.value)
    if opportunity.what:
        words += f": {opportunity.what}"
    if opportunity.when:
        words += f" ({opportunity.when})"
    return words


# --- what needs attention: one word for each thing --------------------------------------
# The same words on the board's cards (`?` explains them), in `teamboard list` and `show`,
# on an experiment's screen, in the stand-up, on the team, in the exports and the README.
# (The cards and the summary strip shorten a few where room is short: views.cards.Flag.)
HELP_ASKED = "help asked"
NO_SUPPORTER = "no supporter"
STALLED = "stalled"
CHECK_IN_DUE = "check-in due"  # its time has come: 2 weeks (soon after) or 3 months after the start
CHECK_IN_OVERDUE = "check-in overdue"  # not held 2 weeks after it was due
NO_APPLICATION = "no application"
PAST_TARGET_DATE = "past target date"  # not in Success by its target date


def check_in_word(overdue: bool) -> str:
    return CHECK_IN_OVERDUE if overdue else CHECK_IN_DUE
