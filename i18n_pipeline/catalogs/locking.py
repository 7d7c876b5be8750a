"""One writer at a time per catalog: a lock file beside it, held only around read-merge-write.

Two runs that write the same catalog (two articles into one `--domain`, or `translate` while
`review` saves decisions) each take the lock, re-read the file under it, merge their own work
into what is there now, and write it atomically. Nobody's entries are lost, and neither run
waits for the other's model. The lock is an OS file lock (`filelock`, `flock` on POSIX): the
kernel releases it when its process dies, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from i18n_pipeline.errors import PipelineError

# How long a writer waits before it says so, and before it gives up (a save takes milliseconds;
# minutes of waiting mean the other process is stuck, not busy).
NOTICE_AFTER_SECONDS = 0.5
GIVE_UP_AFTER_SECONDS = 300.0


def _acquire(lock: FileLock, timeout: float) -> bool:
    try:
        lock.acquire(timeout=timeout)
    except Timeout:  # a TimeoutError, hence an OSError: told apart before those
        return False
    return True


def lock_path(path: Path) -> Path:
    """`locales/az/LC_MESSAGES/.news.po.lock`: hidden, beside the catalog, never a `*.po`."""
    return path.with_name(f".{path.name}.lock")


@contextmanager
def catalog_lock(
    path: str | Path,
    notify: Callable[[str], None] | None = None,
    timeout: float = GIVE_UP_AFTER_SECONDS,
) -> Iterator[None]:
    """Hold the catalog's lock; say on `notify` (stderr in the CLI) when another run has it."""
    path = Path(path)
    lock = FileLock(lock_path(path), thread_local=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not _acquire(lock, NOTICE_AFTER_SECONDS):
            if notify:
                notify(f"waiting for {path}: another i18n-pipeline run is writing it")
            if not _acquire(lock, max(timeout - NOTICE_AFTER_SECONDS, 0)):
                raise PipelineError(
                    f"{path}: still locked by another run after {timeout:.0f} s "
                    f"({lock_path(path)}); is it stuck?"
                )
    except OSError as error:
        raise PipelineError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        yield
    finally:
        lock.release()
