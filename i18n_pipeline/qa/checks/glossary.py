"""Glossary: terms translated as the glossary says, do-not-translate terms kept; CSV, TBX."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from i18n_pipeline.errors import InputError
from i18n_pipeline.qa.checks.base import CheckContext, GlossaryTerm, pair_check

TURKIC = frozenset({"az", "tr", "crh", "gag", "kk", "tt"})


def _fold(text: str, turkic: bool) -> str:
    """Lower case; in Turkic languages "I" is "ı" and "İ" is "i" (str.lower gets both wrong)."""
    if turkic:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def _term_in(term: str, text: str, turkic: bool = False, suffixes: bool = False) -> bool:
    """Whole-word and case-insensitive; with `suffixes` a word may go on ("Bakı" in "Bakıda")."""
    term, text = _fold(term, turkic), _fold(text, turkic)
    left = r"(?<!\w)" if term[:1].isalnum() else ""
    right = "" if suffixes or not term[-1:].isalnum() else r"(?!\w)"
    return re.search(left + re.escape(term) + right, text) is not None


@pair_check(
    "glossary",
    "warning",
    "a glossary term of the source must be translated as the glossary says, "
    "and do-not-translate terms kept verbatim",
)
def check_glossary(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `musttranslatewords`/`notranslatewords` take no term pairs."""
    for term in context.glossary:
        if term.do_not_translate:
            if _term_in(term.source, source) and term.source not in target:
                yield f"do-not-translate term {term.source!r} not kept verbatim"
        elif _term_in(term.source, source) and not _term_in(
            term.target, target, turkic=context.target_language in TURKIC, suffixes=True
        ):
            yield f"{term.source!r} should be translated as {term.target!r}"


def load_glossary(path: str | Path) -> list[GlossaryTerm]:
    """Read a CSV (source,target columns; a header row is optional) or TBX glossary.

    A term whose target is empty or equal to its source is a do-not-translate term.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such glossary file")
    if path.suffix.lower() in {".tbx", ".xml"}:
        return _load_tbx(path)
    return _load_csv(path)


def _load_csv(path: Path) -> list[GlossaryTerm]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read glossary: {error}") from None
    rows = list(csv.reader(text.splitlines()))
    terms = []
    source_col, target_col, start = 0, 1, 0
    if rows:
        lowered = [cell.strip().lower() for cell in rows[0]]
        if "source" in lowered:
            source_col = lowered.index("source")
            target_col = lowered.index("target") if "target" in lowered else source_col + 1
            start = 1
    for number, row in enumerate(rows[start:], start=start + 1):
        if not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) <= source_col or not row[source_col].strip():
            raise InputError(path, "glossary row has no source term", number)
        source = row[source_col].strip()
        target = row[target_col].strip() if len(row) > target_col else ""
        terms.append(GlossaryTerm(source, target or source))
    return terms


def _load_tbx(path: Path) -> list[GlossaryTerm]:
    """Through Translate Toolkit's TBX storage (first langSet = source, second = target)."""
    from translate.storage import tbx

    try:
        store = tbx.tbxfile(path.read_bytes())
    except Exception as error:  # lxml and TT raise many kinds for a broken file
        raise InputError(path, f"cannot read TBX glossary: {error}") from None
    terms = []
    for unit in store.units:
        source = str(unit.source or "").strip()
        target = str(unit.target or "").strip()
        if source:
            terms.append(GlossaryTerm(source, target or source))
    return terms
