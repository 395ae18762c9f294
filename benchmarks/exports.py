"""Time the exports, the import and a success story on a big synthetic board.

    .venv/bin/python benchmarks/exports.py [--experiments 10000] [--people 200]

Builds the board of benchmarks/big_board.py, then prints for reference the time to open it
(read, validate, fold), and the time and size of each export (JSONL reads and folds the
stored events again), of checking and folding that JSONL for an import, of writing the
imported board, and of one `teamboard export --format jsonl` process from start.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from big_board import NOW, build

from teamboard.exchange.export import Scope, export_board
from teamboard.exchange.importing import read_events
from teamboard.exchange.story import success_story
from teamboard.store.folder import BoardFolder
from teamboard.store.live import LiveBoard


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teamboard-exports-") as tmp:
        root = Path(tmp) / "board"
        count = build(root, options.people, options.experiments)
        board = BoardFolder.open(root)
        seconds, loaded = timed(board.load)
        state = loaded.state
        print(f"board: {options.experiments} experiments, {count} events")
        print(f"open (read, validate, fold), for reference: {seconds:6.2f} s")
        texts = {}
        for fmt in ("md", "csv", "json", "jsonl"):
            seconds, exported = timed(
                lambda fmt=fmt: export_board(
                    state, fmt, board.meta.name, NOW, Scope(), board.raw_events()
                )
            )
            texts[fmt] = exported.text
            size = len(exported.text.encode("utf-8")) / 1e6
            print(f"export {fmt:<5}: {seconds:6.2f} s, {size:6.1f} MB ({exported.what})")
        done = [e for e in state.active if e.stage.value == "success"]
        if done:
            seconds, _ = timed(lambda: [success_story(state, e) for e in done[:100]])
            print(f"success story: {seconds / min(100, len(done)) * 1000:6.2f} ms each")
        data = texts["jsonl"].encode("utf-8")
        seconds, imported = timed(lambda: read_events(data, NOW, name="big.jsonl"))
        print(f"import: check and fold the JSONL: {seconds:6.2f} s")
        seconds, _ = timed(lambda: LiveBoard.import_board(Path(tmp) / "copy", "Copy", imported))
        print(f"import: write the new board (and open it): {seconds:6.2f} s")
        env = dict(os.environ, XDG_CACHE_HOME=str(Path(tmp) / "cache"))
        command = [sys.executable, "-m", "teamboard", "export", "--format", "jsonl"]
        command += ["--board", str(root), "-o", str(Path(tmp) / "out.jsonl"), "--force"]
        subprocess.run(command, check=True, env=env, capture_output=True)  # fills the cache
        seconds, _ = timed(lambda: subprocess.run(command, check=True, env=env))
        print(f"teamboard export --format jsonl, from process start: {seconds:6.2f} s")


if __name__ == "__main__":
    main()
