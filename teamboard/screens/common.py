"""Actions that more than one screen offers."""

from __future__ import annotations

from textual.app import App

from teamboard.model import STAGES, Experiment


def move_stage(app: App, experiment: Experiment, step: int) -> None:
    """Move an experiment one stage back (-1) or forward (+1), through the rules."""
    target = experiment.stage.index + step
    if not 0 <= target < len(STAGES):
        edge = "first" if step < 0 else "last"
        app.notify(f"{experiment.stage.label} is the {edge} stage", severity="warning")
        return
    app.perform(  # type: ignore[attr-defined]
        {"type": "stage_moved", "experiment_id": experiment.id, "to": STAGES[target].value}
    )
