"""This machine's cache of a folded board: used only when it holds the shape of the state's
classes as they are now; and the board packed in slices reads back as it was."""

from __future__ import annotations

import dataclasses
import enum
import pickle
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import boards
import pytest

from teamboard.demo import build_demo_board
from teamboard.domain import state as state_module
from teamboard.domain.state import Praise
from teamboard.store import cache
from teamboard.store.folder import BoardFolder, FileMark
from teamboard.store.live import LiveBoard
from teamboard.store.reading import Stat

from .factories import dump

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_demo_board(tmp_path_factory.mktemp("demo") / "board", now=NOW).root
    boards.share_keys(tmp_path_factory.getbasetemp())
    return root


@pytest.fixture
def fresh_shape():
    """The shape is worked out once per process: work it out again, before and after."""
    shape = cache.board_shape  # (a test may put another in its place meanwhile)
    shape.cache_clear()
    yield
    shape.cache_clear()


# --- the shape ------------------------------------------------------------------------------


def _shape_of(*classes: type) -> str:
    return cache.shape_digest(classes)


def test_the_shape_changes_with_any_field_of_a_state_class() -> None:
    @dataclass
    class Member:
        id: str
        name: str

    before = _shape_of(Member)

    @dataclass  # the same again: the same shape
    class Member:  # type: ignore[no-redef]
        id: str
        name: str

    assert _shape_of(Member) == before

    @dataclass  # the same fields, swapped: a cache would put one into the other
    class Member:  # type: ignore[no-redef]
        name: str
        id: str

    assert _shape_of(Member) != before

    @dataclass  # a field's type changed
    class Member:  # type: ignore[no-redef]
        id: str
        name: int

    assert _shape_of(Member) != before

    @dataclass  # a field added
    class Member:  # type: ignore[no-redef]
        id: str
        name: str
        role: str = ""

    assert _shape_of(Member) != before

    @dataclass  # renamed
    class Person:
        id: str
        name: str

    assert _shape_of(Person) != before


def test_the_shape_holds_enums_and_event_types() -> None:
    class Kind(enum.StrEnum):
        A = "a"

    before = _shape_of(Kind)

    class Kind(enum.StrEnum):  # type: ignore[no-redef]
        A = "a"
        B = "b"

    assert _shape_of(Kind) != before
    names = {c.__qualname__ for c in cache.state_classes()}
    # The state's dataclasses, the events' TypedDicts and enums.
    assert {"BoardState", "Experiment", "Praise", "StageVisit"} <= names
    assert {"StageMoved", "PraisePosted", "Envelope", "Stage", "Role"} <= names
    with pytest.raises(TypeError):
        _shape_of(int)


def test_the_shape_is_worked_out_once_and_quickly(fresh_shape) -> None:
    t0 = time.perf_counter()
    shape = cache.board_shape(FileMark, Stat)
    took = time.perf_counter() - t0
    assert cache.board_shape(FileMark, Stat) is shape
    assert cache.board_shape.cache_info().misses == 1
    assert took < 0.05, took


# --- the cache is used only with the shape it was kept with ---------------------------------


def test_a_cache_kept_before_a_state_class_changed_is_not_used(
    demo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_shape
) -> None:
    board = BoardFolder.open(demo_root)
    kept = LiveBoard(board, cache_dir=tmp_path)
    kept.open()
    assert kept.save_cache()

    again = LiveBoard(board, cache_dir=tmp_path)
    again.open()
    assert again.cache_used  # unchanged classes: the cache is used

    # Praise with two fields swapped, as a careless edit of state.py would: a cache read
    # by position would put the author into `to`. The shape says so and the cache is unused.
    fields = [(f.name, f.type, f) for f in dataclasses.fields(Praise)]
    fields[2], fields[3] = fields[3], fields[2]
    changed = dataclasses.make_dataclass("Praise", fields, bases=(state_module._Lean,), slots=True)
    changed.__module__ = Praise.__module__
    monkeypatch.setattr(state_module, "Praise", changed)
    cache.board_shape.cache_clear()

    after = LiveBoard(board, cache_dir=tmp_path)
    result = after.open()
    assert not after.cache_used
    assert result.refolded
    assert dump(after.state) == dump(board.load().state)


def test_a_cache_with_another_shape_in_its_header_is_not_read_further(
    demo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_shape
) -> None:
    board = BoardFolder.open(demo_root)
    kept = LiveBoard(board, cache_dir=tmp_path)
    kept.open()
    kept.save_cache()

    def unpacked(stream):  # pragma: no cover - must not run
        raise AssertionError("a cache of another shape was unpickled")

    monkeypatch.setattr(cache, "board_shape", lambda *extra: "another shape")
    monkeypatch.setattr(cache, "unpack", unpacked)
    other = LiveBoard(board, cache_dir=tmp_path)
    assert other.open().refolded
    assert not other.cache_used


def test_an_old_cache_file_without_the_header_is_not_used(demo_root: Path, tmp_path: Path) -> None:
    board = BoardFolder.open(demo_root)
    kept = LiveBoard(board, cache_dir=tmp_path)
    kept.load()
    path = kept.cache_file
    assert path is not None
    # What an older teamboard kept: one pickle with a hand-kept version number.
    payload = {"version": 7, "root": str(board.root), "founder": board.meta.founder}
    path.write_bytes(pickle.dumps(payload | {"state": kept.state}))
    other = LiveBoard(board, cache_dir=tmp_path)
    assert other.open().refolded
    assert not other.cache_used


# --- the board in slices -----------------------------------------------------------------------


def test_a_board_packed_in_slices_reads_back_the_same(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Slices smaller than the demo's collections, so that each is cut in several.
    monkeypatch.setattr(cache, "SLICE_SIZE", 3)
    monkeypatch.setattr(cache, "SLICES", {"experiments": 2})
    state = BoardFolder.open(demo_root).load().state
    slices = list(cache.pack(state, extra={"marks": 1}))
    assert len(slices) > len(state.experiments) // 2
    back, extra = cache.unpack_bytes(b"".join(slices))
    assert extra == {"marks": 1}
    assert dump(back) == dump(state)
    assert list(back.experiments) == list(state.experiments)  # in the same order
    assert type(back.event_ids) is set and type(back.praise) is list


def test_no_object_of_the_state_is_in_two_places(demo_root: Path) -> None:
    """Each slice is a pickle of its own, so an object held in two slices would come back
    as two: the state is a tree (each list, dict, set and state object held once), and
    only values that nothing changes in place (text, times, enum members) may be shared."""
    state = BoardFolder.open(demo_root).load().state
    seen: set[int] = set()
    immutable = (str, int, float, bool, type(None), datetime, date, enum.Enum)

    def walk(value: object, where: str) -> None:
        if isinstance(value, immutable):
            return
        if isinstance(value, tuple):
            for item in value:
                walk(item, where)
            return
        assert id(value) not in seen, f"{where} is held twice"
        seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}[{key!r}]")
        elif isinstance(value, list | set):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")
        else:
            assert dataclasses.is_dataclass(value), f"{where}: {type(value)}"
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{where}.{f.name}")

    walk(state, "state")
    assert len(seen) > 200  # (the demo board's objects, each once)


def test_a_cut_cache_is_not_used(demo_root: Path, tmp_path: Path) -> None:
    board = BoardFolder.open(demo_root)
    kept = LiveBoard(board, cache_dir=tmp_path)
    kept.open()
    kept.save_cache()
    path = kept.cache_file
    assert path is not None
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    other = LiveBoard(board, cache_dir=tmp_path)
    assert other.open().refolded
    assert dump(other.state) == dump(board.load().state)
