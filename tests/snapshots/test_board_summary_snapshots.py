"""The board at a glance pinned: the summary strip under the header and the "new" marks
on the cards changed since the demo's last stand-up, at 80x24 (the strip on two lines)
and 160x45 (one line, the full words), in a dark and a light theme; and the presenter
view at 160x45. The demo board and the app's clock are fixed, and "since the last
stand-up (…)" is shown in UTC here. Update after an intended change with:
pytest tests/snapshots/test_board_summary_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from keys import send_keys

from .helpers import loaded


def _board_in(theme: str, *keys: str):
    async def before(pilot) -> None:
        await loaded(pilot)
        pilot.app.theme = theme
        await send_keys(pilot, *keys)

    return before


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_board_with_the_summary_strip(
    snap_compare, demo_app, theme: str, size: tuple[int, int]
) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=_board_in(theme))


def test_board_in_the_presenter_view_at_160x45(snap_compare, demo_app) -> None:
    assert snap_compare(
        demo_app, terminal_size=(160, 45), run_before=_board_in("textual-dark", "v")
    )


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_board_with_a_standup_running_at_80x24(snap_compare, demo_app, theme: str) -> None:
    """A stand-up someone started and left running: a line above the strip says so, and
    the footer's `s` joins it."""
    from teamboard.domain import actions

    async def before(pilot) -> None:
        await loaded(pilot)
        pilot.app.theme = theme
        pilot.app.live.perform("kwame", actions.start_standup())
        pilot.app.broadcast([])
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=before)
