"""A real headless Chromium for the tests, driven through the DevTools protocol.

The protocol is JSON over a websocket; aiohttp (which textual-serve brings) is the
client, so no browser-automation package (and no browser download) is needed: the
browser is the system's own (Debian's `chromium` package; .ci/run installs it).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    """$TEAMBOARD_CHROMIUM, else the first Chromium or Chrome on the PATH."""
    if given := os.environ.get("TEAMBOARD_CHROMIUM"):
        return shutil.which(given)
    return next((found for name in NAMES if (found := shutil.which(name))), None)


# xterm.js draws the terminal on a canvas, and textual-serve keeps its Terminal in a
# closure: this script, run before the page's own, keeps every xterm Terminal the page
# makes (its constructor assigns `this._core`), so that the test can read the screen
# from the terminal's own buffer, as drawn.
KEEP_TERMINALS = """
(() => {
  const kept = (window.__terminals = []);
  Object.defineProperty(Object.prototype, "_core", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "_core", {
        value, writable: true, configurable: true, enumerable: true,
      });
      if (typeof this.loadAddon === "function" && typeof this.write === "function") {
        kept.push(this);
      }
    },
  });
})();
"""

SCREEN_TEXT = """
(() => {
  const terminal = (window.__terminals || [])[0];
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""

# What a key press sends: the DOM key, its code and Windows key code, and its text.
KEYS: dict[str, tuple[str, str, int, str]] = {
    "down": ("ArrowDown", "ArrowDown", 40, ""),
    "up": ("ArrowUp", "ArrowUp", 38, ""),
    "enter": ("Enter", "Enter", 13, "\r"),
    "escape": ("Escape", "Escape", 27, ""),
    "]": ("]", "BracketRight", 221, "]"),
    "[": ("[", "BracketLeft", 219, "["),
}


class Page:
    """One browser tab: send protocol commands, read its terminal, press keys."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Run one command and return its result (events that arrive meanwhile are
        not needed here and are passed over)."""
        command_id = next(self.ids)
        await self.socket.send_json({"id": command_id, "method": method, "params": params})
        async for message in self.socket:
            reply = json.loads(message.data)
            if reply.get("id") == command_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
        raise RuntimeError(f"{method}: the browser closed the connection")

    async def open(self, url: str) -> None:
        """Load url, keeping the terminals it makes (KEEP_TERMINALS runs first)."""
        await self.send("Page.enable")  # the script below runs only with it on
        await self.send("Page.addScriptToEvaluateOnNewDocument", source=KEEP_TERMINALS)
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def screen(self) -> str:
        """The terminal's screen as text, one line per row ("" before it exists)."""
        return await self.evaluate(SCREEN_TEXT) or ""

    async def wait_for(self, shown: Callable[[str], bool], what: str, timeout: float = 60) -> str:
        """The screen, once `shown(screen)` holds."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = await self.screen()
            if shown(screen):
                return screen
            await asyncio.sleep(0.2)
        raise AssertionError(f"the browser never showed {what}; its screen:\n{screen}")

    async def wait_for_text(self, *texts: str, timeout: float = 60) -> str:
        """The screen, once it shows every one of texts."""
        return await self.wait_for(
            lambda screen: all(text in screen for text in texts), repr(texts), timeout
        )

    async def press(self, key: str) -> None:
        """Press and release a key, as a person at the browser's keyboard does."""
        dom_key, code, key_code, text = KEYS[key]
        down = {"key": dom_key, "code": code, "windowsVirtualKeyCode": key_code}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **down)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **down)


@asynccontextmanager
async def chromium(executable: str, profile: Path) -> AsyncIterator[Page]:
    """A headless Chromium with one blank tab, closed afterwards."""
    process = subprocess.Popen(
        [
            executable,
            "--headless",
            "--no-sandbox",  # as root (CI) Chromium runs only without its sandbox
            "--disable-gpu",
            "--no-first-run",
            "--window-size=1280,800",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = await _devtools_port(profile / "DevToolsActivePort", process)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            (tab,) = [t for t in targets if t["type"] == "page"]
            async with http.ws_connect(tab["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                yield Page(socket)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _devtools_port(path: Path, process: subprocess.Popen, timeout: float = 30) -> int:
    """The port Chromium chose; it writes it to its profile once it listens."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Chromium stopped at once (exit code {process.returncode})")
        try:
            return int(path.read_text().split()[0])
        except (OSError, IndexError, ValueError):
            await asyncio.sleep(0.1)
    raise RuntimeError("Chromium did not open its DevTools port")
