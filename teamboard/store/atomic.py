"""Writing a whole file so that readers see the old one or the new one, never half.

Written for Windows too (Python 3.11 or newer): `os.fchmod` exists there only from 3.13,
so the temp file's mode is set through its path when it is missing; and Windows refuses
to replace a file that another process has open (the app's watcher and colleagues read
people's files all the time) with PermissionError, so the rename is tried again a few
times, briefly, as git for Windows does. Both are simulated on Linux
(tests/unit/test_atomic.py); no test runs on Windows.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from pathlib import Path

# A new file's mode before the umask: a board's files get what `open()` gives a file (the
# group may write where the umask lets it); an export, 0644 minus the umask.
FILE_MODE = 0o666
EXPORT_MODE = 0o644

# The waits before each new try of a rename refused with PermissionError: git for Windows
# waits 0, 1, 10, 20 and 40 ms and then asks; nobody is asked here, so two longer waits
# follow. 0.31 s in all; elsewhere a refusal that lasts costs only that.
REPLACE_WAITS = (0.0, 0.001, 0.01, 0.02, 0.04, 0.08, 0.16)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    new_mode: int = FILE_MODE,
    only_new: bool = False,
    durable: bool = True,
) -> None:
    """Write to a temp file in the same folder, fsync, then rename over `path`.

    The rename replaces `path` itself: a link at `path` is replaced, never followed. A
    regular file keeps its mode; anything else (a new name) gets `new_mode`. With
    `only_new`, raises FileExistsError rather than replace anything at `path`: the name is
    taken first (an empty file, made only if nothing is there, never through a link), and
    the whole file renamed over that. `durable=False` leaves out the fsyncs, for what a
    crash may only make forget (this computer's memory of a board): readers still see the
    old file or the new one.
    """
    path = Path(path)
    reserved = False
    if only_new:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        reserved = True
    # Made with `new_mode`, so the system takes the umask off as for any new file.
    fd, tmp = _temp_file(path, new_mode)
    try:
        if not reserved:
            with contextlib.suppress(FileNotFoundError):
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode):
                    _set_mode(fd, tmp, info.st_mode & 0o777)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if reserved:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise
    if durable:
        fsync_dir(path.parent)


_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOINHERIT", 0)  # Windows; elsewhere os.open's files are not inherited
)


def _temp_file(path: Path, mode: int) -> tuple[int, str]:
    """A new file beside `path`, `.<name>.<random>.tmp` (what a writer killed mid-write
    leaves behind: the journal clears them), as mkstemp makes but with `mode`."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, _TEMP_FLAGS, mode), tmp
        except FileExistsError:
            continue
    raise OSError(f"no free name for a temporary file beside {path}")


def _set_mode(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # Windows before Python 3.13 (where a mode only says read-only or not)
        os.chmod(path, mode)


def replace(source: str | Path, target: str | Path) -> None:
    """`os.replace`, tried again a few times (`REPLACE_WAITS`) while it is refused with
    PermissionError, as Windows does while another process has `target` open. When it is
    still refused, raises PermissionError saying so; `target` is as it was."""
    for wait in REPLACE_WAITS:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(wait)
    try:
        os.replace(source, target)
    except PermissionError as error:
        tries = len(REPLACE_WAITS) + 1
        raise PermissionError(
            error.errno,
            f"{error.strerror or 'permission denied'}, still after {tries} tries in "
            f"{sum(REPLACE_WAITS):.2f} s (does another program hold it open?); "
            "it is left as it was",
            str(target),
        ) from None


def fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible (or needed) on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
