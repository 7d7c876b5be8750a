"""Writing catalogs atomically (temporary file, fsync, rename); cleaning up after killed runs."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from i18n_pipeline.catalogs.store import Store
from i18n_pipeline.errors import PipelineError


def serialize_catalog(store: Store) -> bytes:
    _move_obsolete_last(store)
    return bytes(store)


def write_catalog(store: Store, path: str | Path) -> None:
    """Write atomically (temp file + rename): readers see the old file or the new one."""
    write_atomic(Path(path), serialize_catalog(store))


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file beside `path` (named for our pid), fsync, rename: old or new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise PipelineError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise PipelineError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete temp files a killed writer left beside `path` (`.<name>.<pid>.*.tmp`, pid gone).

    A live process's temp file is never touched: it may be renamed into place any moment.
    Nothing reads these files anyway (`find_catalogs` only takes `*.po`).
    """
    return _remove_stale(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"), path.name)


def remove_stale_temp_files_in(directory: Path) -> list[Path]:
    """The same for every catalog of a directory, in one listing (a run may open thousands)."""
    if not directory.is_dir():
        return []
    removed = []
    for candidate in directory.glob(".*.po.*.tmp"):
        name = candidate.name[1:].split(".po.", 1)[0] + ".po"
        removed += _remove_stale([candidate], name)
    return removed


class StaleTempSweeper:
    """`remove_stale_temp_files_in` for a run that saves many times: a directory is listed
    again only when it changed since it was last clean (its mtime), and not more often than
    the listing is worth (at most a twentieth of the run's time).

    Listing a directory of 4,000 per-article catalogs at every save made saving quadratic
    (every save changes the directory: its lock file, its temp file). A temp file a writer
    killed meanwhile may stay until a later sweep or the next run: harmless, since nothing
    reads these files.
    """

    def __init__(self) -> None:
        self._clean: dict[Path, int] = {}
        self._listed_at: dict[Path, float] = {}
        self._cost: dict[Path, float] = {}

    def sweep(self, directory: Path) -> list[Path]:
        """Remove the stale temp files of `directory`, unless it is unchanged since clean or
        was listed moments ago."""
        if _mtime(directory) == self._clean.get(directory, -1):
            return []
        now = time.monotonic()
        if directory in self._listed_at and now - self._listed_at[directory] < (
            SWEEP_COST_SHARE * self._cost[directory]
        ):
            return []
        removed = remove_stale_temp_files_in(directory)
        self._listed_at[directory] = time.monotonic()
        self._cost[directory] = self._listed_at[directory] - now
        self.mark_clean(directory)
        return removed

    def mark_clean(self, directory: Path) -> None:
        """Record that `directory` holds no stale temp file now (after our own write)."""
        mtime = _mtime(directory)
        if mtime is not None:
            self._clean[directory] = mtime


# A directory is listed again only after this many times what its last listing cost.
SWEEP_COST_SHARE = 20.0


def _mtime(directory: Path) -> int | None:
    try:
        return directory.stat().st_mtime_ns
    except OSError:
        return None


def _remove_stale(candidates: Iterable[Path], name: str) -> list[Path]:
    removed = []
    for candidate in candidates:
        pid = candidate.name[len(name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but someone else's (EPERM)
        return True
    return True


def _move_obsolete_last(store: Store) -> None:
    live = [unit for unit in store.units if not unit.isobsolete()]
    gone = [unit for unit in store.units if unit.isobsolete()]
    store.units[:] = live + gone
