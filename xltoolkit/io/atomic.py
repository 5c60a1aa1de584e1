"""Atomic file writes and a write lock: a crash, a full disk or a second writer never costs a file.

The new content goes to a temporary file in the same folder, is flushed to disk, and then
replaces the target in one rename (atomic on the same file system). On any failure the
temporary file is removed and the target is left exactly as it was.

Two commands that update the same workbook at the same moment (`validate --write` and
`reconcile --write`) would each replace it with their own edit of the old content, and the
last one would win. `write_lock` serialises them with an OS file lock on a sidecar file, so
the second waits, reads the workbook again and adds its result to the first one's.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

LOCK_POLL_SECONDS = 0.05


class LockTimeout(Exception):
    """Another process held the write lock for longer than the caller wanted to wait."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_file(path) as fh:
        fh.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write the new content of `path` to; it replaces `path` only when the
    block ends without an exception. Streaming into it keeps memory bounded for big files."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fh, tmp = _open_temp(path)
    try:
        with fh:
            os.chmod(tmp, _mode_for(path))
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _open_temp(path: Path) -> tuple[BinaryIO, Path]:
    """A new temporary file beside `path` (same file system, so the rename is atomic)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    return os.fdopen(fd, "wb"), Path(tmp)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a folder cannot be opened for this on Windows."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is synced
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# -- the write lock ------------------------------------------------------------------------------


def lock_path(path: Path) -> Path:
    """The sidecar lock file of `path`: hidden, beside it, removed again after each write."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


@contextmanager
def write_lock(path: Path, wait: float) -> Iterator[None]:
    """Hold the exclusive write lock of `path` for the block; wait at most `wait` seconds for
    another holder, then raise LockTimeout. Only writers that take this lock are kept out;
    readers never need it because every write replaces the file in one rename."""
    lock = lock_path(path)
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        fd = _acquire_once(lock)
        if fd is not None:
            break
        if time.monotonic() >= deadline:
            raise LockTimeout(str(lock))
        time.sleep(LOCK_POLL_SECONDS)
    try:
        yield
    finally:
        _release(fd, lock)


def _acquire_once(lock: Path) -> int | None:
    """The locked descriptor of the current lock file, or None when someone else holds it.
    A holder removes the file when done, so after locking check that the file we locked is
    still the one at that path; a waiter that locked a removed file tries again."""
    fd = _open_lock_file(lock)
    if not _try_lock(fd):
        os.close(fd)
        return None
    try:
        same = os.path.samestat(os.fstat(fd), os.stat(lock))
    except FileNotFoundError:
        same = False
    if not same:
        _unlock(fd)
        os.close(fd)
        return None
    return fd


def _open_lock_file(lock: Path) -> int:
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        if not lock.exists():
            raise  # the folder is not writable: the write itself would fail too
        return os.open(lock, os.O_RDONLY)  # a lock file of another user: locking needs no write access


def _release(fd: int, lock: Path) -> None:
    # Remove the file while still holding the lock (POSIX allows it), so no waiter can lock a file
    # that a third process then creates anew beside it. Windows refuses to remove an open file:
    # there it is removed after closing, when nobody else has it open.
    if sys.platform != "win32":
        lock.unlink(missing_ok=True)
    _unlock(fd)
    os.close(fd)
    if sys.platform == "win32":
        try:
            lock.unlink()
        except OSError:
            pass  # another process has it open and will remove it


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


__all__ = ["LockTimeout", "atomic_file", "atomic_write_bytes", "lock_path", "write_lock"]
