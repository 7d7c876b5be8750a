"""MO files through Babel, leaving out fuzzy and untranslated entries as `msgfmt` does."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

from i18n_pipeline.catalogs.mofile import MoEntry, glibc_i_flags, mo_with_system_dependent_strings
from i18n_pipeline.catalogs.reading import read_catalog
from i18n_pipeline.catalogs.store import Unit, unit_flags
from i18n_pipeline.catalogs.writing import write_atomic


@dataclass(frozen=True)
class CompileResult:
    po_path: Path
    mo_path: Path
    translated: int
    fuzzy: int
    untranslated: int
    header_fuzzy: bool


class _VerbatimHeaderCatalog(Catalog):
    """A Babel catalog whose MO header is the PO header as written, as msgfmt keeps it."""

    def __init__(self, header: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._verbatim_header = header

    def __iter__(self) -> Iterator[Message]:
        messages = super().__iter__()
        next(messages)  # Babel's regenerated header
        yield Message("", self._verbatim_header)
        yield from messages


def _mo_entry(unit: Unit, msgid: str, msgstr: str) -> MoEntry:
    """The MO key (context\\x04msgid) and translation; where a C string uses glibc's I flag."""
    context = unit.getcontext()
    key = f"{context}\x04{msgid}" if context else msgid
    flags = glibc_i_flags(msgstr) if "c-format" in unit_flags(unit) else []
    return MoEntry(key, msgstr, tuple(flags))


def compile_catalog(
    po_path: str | Path, mo_path: str | Path | None = None, *, use_fuzzy: bool = False
) -> CompileResult:
    """Compile one PO file to MO, leaving out fuzzy and incomplete entries as msgfmt does.

    `use_fuzzy` keeps fuzzy entries, as `msgfmt --use-fuzzy` and `pybabel compile
    --use-fuzzy` do: for a preview of machine output on a site before anyone has reviewed it.
    `fuzzy` in the result still counts them.

    Babel's `write_mo` would keep untranslated plural entries with the English text, and Babel's
    front end skips a whole catalog whose header is fuzzy; we do neither. A catalog whose C
    translations use glibc's `I` flag is written as msgfmt writes it (`mofile`).
    """
    po_path = Path(po_path)
    mo_path = Path(mo_path) if mo_path else po_path.with_suffix(".mo")
    store = read_catalog(po_path)
    header_unit = store.header()
    header_text = str(header_unit.target) if header_unit is not None else ""
    catalog = _VerbatimHeaderCatalog(
        header_text, domain=po_path.stem, charset=store.encoding or "utf-8"
    )
    translated = fuzzy = untranslated = 0
    entries = [MoEntry("", header_text)]
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        counted_fuzzy = bool(unit.isfuzzy() and unit.target)
        if counted_fuzzy:
            fuzzy += 1
            if not use_fuzzy:
                continue
        if unit.hasplural():
            forms = [str(s) for s in unit.target.strings] if unit.target else []
            if not forms or not all(forms):
                untranslated += 1
                continue
            msgid: str | tuple[str, ...] = (
                str(unit.source),
                *[str(s) for s in unit.source.strings[1:]],
            )
            catalog[msgid] = Message(msgid, tuple(forms), context=unit.getcontext() or None)
            entries.append(_mo_entry(unit, "\x00".join(msgid), "\x00".join(forms)))
            translated += not counted_fuzzy
        elif unit.target:
            catalog[str(unit.source)] = Message(
                str(unit.source), str(unit.target), context=unit.getcontext() or None
            )
            entries.append(_mo_entry(unit, str(unit.source), str(unit.target)))
            translated += not counted_fuzzy
        else:
            untranslated += 1
    if any(entry.i_flags for entry in entries):
        write_atomic(mo_path, mo_with_system_dependent_strings(entries, catalog.charset))
    else:
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        write_atomic(mo_path, buffer.getvalue())
    return CompileResult(
        po_path=po_path,
        mo_path=mo_path,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=untranslated,
        header_fuzzy=bool(header_unit is not None and header_unit.isfuzzy()),
    )
