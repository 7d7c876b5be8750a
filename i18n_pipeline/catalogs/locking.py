"""One writer at a time per catalog: a lock file beside it, held only around read-merge-write.

Two runs that write the same catalog (two articles into one `--domain`, or `translate` while
`review` saves decisions) each take the lock, re-read the file under it, merge their own work
into what is there now, and write it atomically. Nobody's entries are lost, and neither run
waits for the other's model. The lock is an OS file lock (`flock` on POSIX): the kernel
releases it when its process dies, so a killed run never leaves a stale lock behind.

The lock file is removed again when the lock is released, so a run leaves no
`.<domain>.po.lock` in the working tree. Removing it is safe because it is unlinked *while
held*, and a writer that got the lock checks that the file it locked is still the one at the
path (a waiter may have opened the old file just before it went): if not, it tries again on
the new file. Where `flock` is missing (Windows, some network file systems) `filelock` takes
over and the file stays.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from i18n_pipeline.errors import PipelineError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

# How long a writer waits before it says so, and before it gives up (a save takes milliseconds;
# minutes of waiting mean the other process is stuck, not busy).
NOTICE_AFTER_SECONDS = 0.5
GIVE_UP_AFTER_SECONDS = 300.0
_POLL_SECONDS = 0.02


def lock_path(path: Path) -> Path:
    """`locales/az/LC_MESSAGES/.news.po.lock`: hidden, beside the catalog, never a `*.po`."""
    return path.with_name(f".{path.name}.lock")


class _Unsupported(Exception):
    """flock is not available here: fall back to filelock."""


def _try_flock(path: Path) -> int | None:
    """The lock file's descriptor, locked, if the lock is free now; None if another holds it."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.ENOSYS, errno.EOPNOTSUPP):
                raise _Unsupported from None
            raise
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        # The previous holder removed the file we opened before it went: lock the new one.
        os.close(fd)


def _acquire_flock(path: Path, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while True:
        fd = _try_flock(path)
        if fd is not None or time.monotonic() >= deadline:
            return fd
        time.sleep(_POLL_SECONDS)


def _release_flock(path: Path, fd: int) -> None:
    try:
        os.unlink(path)  # while held: nobody can have locked this file and kept it
    except OSError:
        pass
    finally:
        os.close(fd)  # closing releases the flock


def _acquire_filelock(lock: FileLock, timeout: float) -> bool:
    try:
        lock.acquire(timeout=timeout)
    except Timeout:  # a TimeoutError, hence an OSError: told apart before those
        return False
    return True


@contextmanager
def catalog_lock(
    path: str | Path,
    notify: Callable[[str], None] | None = None,
    timeout: float = GIVE_UP_AFTER_SECONDS,
) -> Iterator[None]:
    """Hold the catalog's lock; say on `notify` (stderr in the CLI) when another run has it."""
    path = Path(path)
    lockfile = lock_path(path)
    fallback: FileLock | None = None
    fd: int | None = None

    def acquire(wait: float) -> bool:
        nonlocal fallback, fd
        if fallback is None and fcntl is not None:
            try:
                fd = _acquire_flock(lockfile, wait)
                return fd is not None
            except _Unsupported:
                fallback = FileLock(lockfile, thread_local=False)
        if fallback is None:
            fallback = FileLock(lockfile, thread_local=False)
        return _acquire_filelock(fallback, wait)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not acquire(NOTICE_AFTER_SECONDS):
            if notify:
                notify(f"waiting for {path}: another i18n-pipeline run is writing it")
            if not acquire(max(timeout - NOTICE_AFTER_SECONDS, 0)):
                raise PipelineError(
                    f"{path}: still locked by another run after {timeout:.0f} s "
                    f"({lockfile}); is it stuck?"
                )
    except OSError as error:
        raise PipelineError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        yield
    finally:
        if fd is not None:
            _release_flock(lockfile, fd)
        elif fallback is not None:
            fallback.release()
