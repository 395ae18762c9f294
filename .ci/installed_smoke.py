"""Smoke test of an installed wheel: `teamboard demo` makes a board and the app opens
with its stylesheet, then quits on q."""

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

import teamboard
from teamboard.tui.app import TeamboardApp

here = Path(teamboard.__file__).resolve().parent
assert "site-packages" in str(here), f"imported the source tree, not the wheel: {here}"
stylesheet = here / "tui" / "app.tcss"
assert stylesheet.is_file(), f"the stylesheet is not inside the package: {stylesheet}"

board = Path(tempfile.mkdtemp()) / "demo"
teamboard_bin = Path(sys.executable).parent / "teamboard"
subprocess.run([str(teamboard_bin), "demo", "--dir", str(board), "--no-open"], check=True)


async def main() -> None:
    app = TeamboardApp(board, "maria")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(300):
            if app.loaded:
                break
            await pilot.pause(0.01)
        assert app.loaded and len(app.state.experiments) > 0, "the demo board did not load"
        assert any("app.tcss" in str(path) for path, _ in app.stylesheet.source), "no stylesheet"
        await pilot.press("q")
    assert app.return_code == 0


asyncio.run(main())
print("installed wheel: demo board made, app opened with its stylesheet and quit on q")
