"""This machine's cache of a folded board, and the folded board packed to cross a process.

The cache keeps what `LiveBoard` folded (the state, and what it read of each file) so that
the next start reads only the files that changed since. It is pickled, and a pickle stores
the state's classes by field position: read by a teamboard whose classes have changed, it
would put one field's value into another. So every cache carries the *shape* of what it
holds, a digest of the state's dataclasses (qualified name, field names and types), of the
events' types and of the enums they hold, worked out from the classes themselves once per
process: any change to them makes old caches unused, with no version number to bump by hand.

The file: `MAGIC`, then pickles one after the other (`pack`): a header first (the shape,
the board's folder and founder), checked before anything else is read; then every field of
BoardState in one, except the big collections, cut into slices of a few thousand entries
(a few hundred experiments). A slice unpickles in a few milliseconds, so that a thread
reading a big board (`unpack`) lets the interpreter go to the screen between two: one
pickle of the whole board holds it for over 100 ms. The fold in another process (the
app's refold) sends its board the same way.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import io
import pickle
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from typing_extensions import is_typeddict

from teamboard.domain import events as events_module
from teamboard.domain import state as state_module
from teamboard.domain.fold import paused_gc
from teamboard.domain.state import BoardState
from teamboard.store.atomic import atomic_write_bytes

MAGIC = b"teamboard board cache: pickled slices\n"
# Entries per slice: an experiment holds a few dozen objects, an event id one string.
SLICE_SIZE = 4000
SLICES: dict[str, int] = {"experiments": 250}
_PROTOCOL = pickle.HIGHEST_PROTOCOL


# --- the shape --------------------------------------------------------------------------


def shape_digest(classes: Iterable[type]) -> str:
    """A digest of these classes' shape: for a dataclass its qualified name and every
    field's name and type (as written), for a TypedDict its keys, their types and which
    are required, for an enum its members' names and values. Two sets of classes that
    differ in any of these differ here (with a 128-bit digest's certainty)."""
    parts: list[str] = []
    for cls in sorted(classes, key=_qualified):
        parts.append(_qualified(cls))
        if dataclasses.is_dataclass(cls):
            parts.extend(f"{f.name}: {_type_words(f.type)}" for f in dataclasses.fields(cls))
        elif isinstance(cls, enum.EnumMeta):
            members: list[enum.Enum] = list(cls)
            parts.extend(f"{m.name} = {m.value!r}" for m in members)
        elif is_typeddict(cls):
            required = cls.__required_keys__  # type: ignore[attr-defined]
            for name, hint in cls.__annotations__.items():
                parts.append(f"{name}{'' if name in required else '?'}: {_type_words(hint)}")
        else:
            raise TypeError(f"{_qualified(cls)}: neither a dataclass, an enum nor a TypedDict")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _type_words(hint: object) -> str:
    # Under `from __future__ import annotations` a field's type is the text written (a
    # TypedDict's a ForwardRef of it): that text is its shape here.
    if isinstance(hint, typing.ForwardRef):
        return hint.__forward_arg__
    return hint if isinstance(hint, str) else repr(hint)


def state_classes() -> list[type]:
    """What a cached board is made of: the state module's dataclasses, and the events
    module's event types (its TypedDicts) and enums (which the state holds)."""
    found: list[type] = []
    for module, wanted in ((state_module, _is_dataclass), (events_module, _is_event_type)):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and wanted(value):
                found.append(value)
    return found


def _is_dataclass(cls: type) -> bool:
    return dataclasses.is_dataclass(cls)


def _is_event_type(cls: type) -> bool:
    return is_typeddict(cls) or isinstance(cls, enum.EnumMeta)


@functools.cache
def board_shape(*extra: type) -> str:
    """The shape of a cached board (with the `extra` classes the cache also holds): worked
    out once per process, in well under a millisecond."""
    return shape_digest([*state_classes(), *extra])


# --- packing a board in slices ------------------------------------------------------------


def pack(state: BoardState, extra: object = None, before: Iterable[object] = ()) -> Iterator[bytes]:
    """The state (and `extra`, anything picklable that goes with it) as slices, each a
    pickle of its own: `before` first, then every field of the state but the big
    collections, then those a slice at a time. Each slice is a pickle of its own, so that
    reading one leaves nothing to free at the end (one memo for the whole board took
    20-30 ms to free, at once): an object in two slices would be read back as two. None
    is (the state is a tree: `test_cache.test_no_object_of_the_state_is_in_two_places`);
    strings, times and enum members may be, and are equal either way."""
    with paused_gc():
        for value in before:
            yield _dumps(value)
        rest: dict[str, object] = {}
        big: list[tuple[str, list[Any]]] = []
        for f in dataclasses.fields(state):
            value = getattr(state, f.name)
            size = SLICES.get(f.name, SLICE_SIZE)
            if isinstance(value, dict | list | set) and len(value) > size:
                big.append(
                    (f.name, list(value.items()) if isinstance(value, dict) else list(value))
                )
            else:
                rest[f.name] = value
        # The first slice says how to put the others back: each big field's name and kind.
        kinds = [(name, type(getattr(state, name)).__name__) for name, _ in big]
        yield _dumps((rest, kinds, extra))
        for name, items in big:
            size = SLICES.get(name, SLICE_SIZE)
            for start in range(0, len(items), size):
                yield _dumps(items[start : start + size])
            yield _dumps(None)  # the end of this field


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=_PROTOCOL)


def unpack(stream: BinaryIO) -> tuple[BoardState, Any]:
    """The state and `extra` that `pack` packed, read from the stream one slice after the
    other (in a thread, the interpreter may serve another between two)."""
    with paused_gc():
        rest, kinds, extra = pickle.load(stream)
        state = BoardState(**rest)
        for name, kind in kinds:
            value, add = _COLLECTIONS[kind]()
            while (part := pickle.load(stream)) is not None:
                add(part)
            setattr(state, name, value)
        return state, extra


def unpack_bytes(data: bytes, start: int = 0) -> tuple[BoardState, Any]:
    """`unpack` from the slices joined (from `start` on), without copying them."""
    stream = io.BytesIO(data)  # (shares the bytes until written to)
    stream.seek(start)
    return unpack(stream)


def _dict() -> tuple[dict[Any, Any], Callable[[Any], object]]:
    value: dict[Any, Any] = {}
    return value, value.update


def _list() -> tuple[list[Any], Callable[[Any], object]]:
    value: list[Any] = []
    return value, value.extend


def _set() -> tuple[set[Any], Callable[[Any], object]]:
    value: set[Any] = set()
    return value, value.update


_COLLECTIONS: dict[str, Callable[[], tuple[object, Callable[[Any], object]]]] = {
    "dict": _dict,
    "list": _list,
    "set": _set,
}


# --- the cache file -----------------------------------------------------------------------


@dataclass
class Header:
    shape: str
    root: str
    founder: str | None


def cache_path(cache_dir: Path, root: Path) -> Path:
    """The cache of the board in `root` (one file per board folder)."""
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
    return cache_dir / f"board-{key}.pickle"


def save(path: Path, header: Header, state: BoardState, extra: object) -> None:
    """Keep a folded board (and what goes with it) for the next start."""
    data = MAGIC + b"".join(pack(state, extra, before=[dataclasses.astuple(header)]))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)


def load(path: Path, header: Header) -> tuple[BoardState, Any] | None:
    """The board kept in `path`, if it was kept with this header: of this shape, for this
    folder and founder. None when there is none, or it is another's, old or broken (then the
    board is read in full)."""
    try:
        data = path.read_bytes()
        if not data.startswith(MAGIC):
            return None
        stream = io.BytesIO(data)
        stream.seek(len(MAGIC))
        if Header(*pickle.load(stream)) != header:
            return None
        return unpack(stream)
    except Exception:
        # A missing, old or broken cache only means reading the board in full.
        return None
