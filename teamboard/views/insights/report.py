"""Insights per lever for scripts and terminals: the JSON of `teamboard insights --json`
and the lines it prints otherwise. Pure functions of `levers.insights`' answer."""

from __future__ import annotations

from typing import Any

from teamboard.domain.state import BoardState
from teamboard.domain.text import one_line, plural, without_control
from teamboard.views.insights.levers import Insights
from teamboard.views.insights.signals import Signal, describe, trend_spark
from teamboard.views.people import person_json


def _signal_json(signal: Signal) -> dict[str, Any]:
    return {
        "key": signal.key,
        "label": signal.label,
        "unit": signal.unit.value,
        "value": signal.value,
        "count": signal.count,
        "of": signal.of,
        "text": describe(signal),
        "trend": list(signal.trend),
        **({"extra": dict(signal.extra)} if signal.extra else {}),
    }


def insights_json(found: Insights, state: BoardState, board_name: str) -> dict[str, Any]:
    """The documented, stable JSON (README: `teamboard insights --json`)."""
    return {
        "board": board_name,
        "now": found.now.isoformat(),
        "member": person_json(state, found.member),
        "experiments": found.experiments,
        "weeks": [end.isoformat() for end in found.week_ends],
        "levers": [
            {
                "number": lever.number,
                "key": lever.key,
                "name": lever.name,
                "verdict": lever.verdict.value,
                "advice": lever.advice,
                "signals": [_signal_json(s) for s in lever.signals],
                "experiments": list(lever.experiments),
                "chart": {name: list(values) for name, values in lever.chart},
            }
            for lever in found.levers
        ],
        "flow": {stage.value: list(counts) for stage, counts in found.flow},
        "check_ins_by_manager": [
            {
                "manager": person_json(state, row.manager),
                "held": row.held,
                "on_time": row.on_time,
                "overdue": [
                    {"experiment_id": experiment_id, "kind": kind.value}
                    for experiment_id, kind in row.overdue
                ],
            }
            for row in found.check_ins
        ],
        "support": {
            "pairs": [
                {
                    "supporter": person_json(state, supporter),
                    "owner": person_json(state, owner),
                    "experiments": count,
                }
                for supporter, owner, count in found.network.pairs
            ],
            "supports_nobody": [person_json(state, m) for m in found.network.supports_nobody],
            "unsupported": list(found.network.unsupported),
        },
    }


def _words(text: str) -> str:
    """People's words on one line, without control codes (a title could move the cursor)."""
    return one_line(without_control(text))


def insights_lines(found: Insights, state: BoardState, board_name: str) -> list[str]:
    """The same numbers as lines of text (names and titles as people wrote them)."""

    def name(member_id: str) -> str:
        return _words(state.name_of(member_id))

    who = name(found.member) if found.member else "the team"
    lines = [
        f"{_words(board_name)}: insights for {who}, {plural(found.experiments, 'experiment')}, "
        f"twelve weeks to "
        f"{found.now:%Y-%m-%d} (trends oldest first; · no data)",
    ]
    width = max(len(s.label) for lever in found.levers for s in lever.signals)
    for lever in found.levers:
        lines.append("")
        lines.append(f"{lever.number} {lever.name}: {lever.verdict.value}")
        for s in lever.signals:
            lines.append(f"  {s.label:<{width}}  {trend_spark(s)}  {describe(s)}")
        lines.append(f"  → {lever.advice}")
        if lever.experiments:
            titles = [
                _words(state.experiments[e].title)
                for e in lever.experiments
                if e in state.experiments
            ]
            shown = "; ".join(titles[:3]) + (
                f"; and {len(titles) - 3} more" if len(titles) > 3 else ""
            )
            lines.append(f"  behind the number: {shown}")
    lines.append("")
    lines.append("Check-ins per manager (held in twelve weeks, on time, overdue now):")
    for row in found.check_ins:
        manager = name(row.manager) if row.manager else "nobody yet"
        lines.append(
            f"  {manager}: {row.held} held, {row.on_time} on time, {len(row.overdue)} overdue"
        )
    lines.append("Who supports whom:")
    for supporter, owner, count in found.network.pairs:
        many = f" ({count} experiments)" if count > 1 else ""
        lines.append(f"  {name(supporter)} → {name(owner)}{many}")
    if not found.network.pairs:
        lines.append("  nobody yet")
    if found.network.supports_nobody:
        names = ", ".join(name(m) for m in found.network.supports_nobody)
        lines.append(f"  supports nobody: {names}")
    return lines
