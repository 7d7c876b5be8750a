"""Read, change and write a catalog under its lock: the one way any command changes a PO file.

`translate`'s saves, `review`'s decisions, `import`, `init` and `update` all call
`rewrite_catalog`: it takes the catalog's lock, reads what is on disk *now* (another run may
have written since this one read it), lets the caller apply its change to that, and writes the
result atomically, and only if its bytes differ from the file's. Bytes are the one change
detector: "did someone write since I read?" is `found.changed_since(bytes_i_read)`, "is there
anything to write?" is `unchanged(store, bytes_on_disk)`. A file's mtime is not asked: two
writes in one clock tick, or a copy that keeps the mtime, would fool it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from i18n_pipeline.catalogs.layout import catalog_locale, touch_header
from i18n_pipeline.catalogs.locking import catalog_lock
from i18n_pipeline.catalogs.reading import parse_catalog, read_catalog
from i18n_pipeline.catalogs.store import Store
from i18n_pipeline.catalogs.writing import serialize_catalog, write_atomic
from i18n_pipeline.errors import InputError, refuse_special_file
from i18n_pipeline.locales import LocaleInfo


def read_catalog_bytes(path: str | Path) -> bytes | None:
    """The catalog's bytes, or None where there is none yet (a new catalog)."""
    path = Path(path)
    try:
        refuse_special_file(path)
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise InputError(path, f"cannot read catalog: {error.strerror}") from None


def unchanged(store: Store, data: bytes | None) -> bool:
    """Whether writing `store` would leave the file `data` byte for byte as it is."""
    return data is not None and serialize_catalog(store) == data


@dataclass(frozen=True)
class Found:
    """The catalog as it is on disk under the lock."""

    path: Path
    data: bytes | None  # None: there is no file (yet, or any more)

    def store(self) -> Store:
        """It, parsed strictly; a missing file is an error (use `data` to allow one)."""
        if self.data is None:  # still missing under the lock: read_catalog says so, as ever
            return read_catalog(self.path)
        return parse_catalog(self.data, self.path)

    def changed_since(self, seen: bytes | None) -> bool:
        """Whether another program wrote (or removed) the file since we read `seen`."""
        return self.data != seen


@dataclass(frozen=True)
class Rewritten:
    """What `rewrite_catalog` left: the file's bytes now, and whether it wrote them."""

    data: bytes | None
    written: bool


def rewrite_catalog(
    path: str | Path,
    edit: Callable[[Found], Store | None],
    *,
    notify: Callable[[str], None] | None = None,
    touch: LocaleInfo | bool = False,
    differs_from: bytes | None = None,
) -> Rewritten:
    """Under the catalog's lock: `edit` gets the file as it is now and returns the catalog to
    write (None: nothing to do); it is written atomically unless its bytes are the file's.

    `touch`: refresh PO-Revision-Date and X-Generator (and add a missing Language or
    Plural-Forms) before writing, for this locale, or, with True, for the catalog's own
    (`catalog_locale`). Only a real change is touched, so a no-op leaves the file alone.
    An exception in `edit` writes nothing.

    `differs_from`: the caller promises that, when the file holds exactly these bytes, the
    catalog `edit` returns differs from them (it compared already), so the compare is skipped:
    a large catalog is not serialized once more just to learn what the caller knows.
    """
    path = Path(path)
    with catalog_lock(path, notify):
        found = Found(path, read_catalog_bytes(path))
        store = edit(found)
        known = differs_from is not None and found.data == differs_from
        if store is None or (not known and unchanged(store, found.data)):
            return Rewritten(found.data, False)
        if touch is not False:
            touch_header(store, catalog_locale(path, store) if touch is True else touch)
        data = serialize_catalog(store)
        write_atomic(path, data)
    return Rewritten(data, True)
