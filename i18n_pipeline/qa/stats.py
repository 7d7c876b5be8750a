"""Translation progress per locale and domain, counted the way `msgfmt --statistics` counts.

msgfmt calls an entry untranslated when its first msgstr is empty (fuzzy or not), fuzzy when it
is marked fuzzy and has text, translated otherwise; obsolete entries and the header are not
counted. We follow that exactly so the numbers agree, and add source word counts (Translate
Toolkit's `pocount` rules: tags and numbers are not words) and obsolete entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from translate.tools.pocount import wordcount

from i18n_pipeline.catalogs import STATES, Store, Unit, entry_state, locale_code, read_catalog


@dataclass
class Counts:
    """Entries and source words in one state."""

    entries: int = 0
    words: int = 0


@dataclass
class CatalogStats:
    """Progress of one catalog (or, summed, of several)."""

    path: str
    locale: str
    domain: str
    translated: Counts = field(default_factory=Counts)
    fuzzy: Counts = field(default_factory=Counts)
    untranslated: Counts = field(default_factory=Counts)
    obsolete: Counts = field(default_factory=Counts)

    @property
    def total(self) -> int:
        """Live entries (what msgfmt counts): obsolete ones are not part of the catalog."""
        return self.translated.entries + self.fuzzy.entries + self.untranslated.entries

    @property
    def total_words(self) -> int:
        return self.translated.words + self.fuzzy.words + self.untranslated.words

    @property
    def percent(self) -> float:
        """Share of live entries translated and reviewed (not fuzzy); 100 for an empty catalog."""
        return 100.0 * self.translated.entries / self.total if self.total else 100.0

    @property
    def percent_words(self) -> float:
        return 100.0 * self.translated.words / self.total_words if self.total_words else 100.0

    def msgfmt_line(self) -> str:
        """The same sentence `msgfmt --statistics` prints (C locale), for comparison."""
        parts = [f"{self.translated.entries} translated message{_s(self.translated.entries)}"]
        if self.fuzzy.entries:
            parts.append(f"{self.fuzzy.entries} fuzzy translation{_s(self.fuzzy.entries)}")
        if self.untranslated.entries:
            parts.append(
                f"{self.untranslated.entries} untranslated message{_s(self.untranslated.entries)}"
            )
        return ", ".join(parts) + "."

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "locale": self.locale, "domain": self.domain}
        for state in STATES:
            counts: Counts = getattr(self, state)
            data[state] = {"entries": counts.entries, "words": counts.words}
        data["total"] = {"entries": self.total, "words": self.total_words}
        data["percent"] = round(self.percent, 1)
        data["percent_words"] = round(self.percent_words, 1)
        return data


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def source_words(unit: Unit) -> int:
    """Words of the msgid (and msgid_plural), by Translate Toolkit's pocount rules."""
    strings = unit.source.strings if unit.hasplural() else [unit.source or ""]
    return sum(wordcount(str(s)) for s in strings)


def store_stats(store: Store, path: Path) -> CatalogStats:
    stats = CatalogStats(path=str(path), locale=locale_code(path, store), domain=path.stem)
    for unit in store.units:
        if unit.isheader():
            continue
        counts: Counts = getattr(stats, entry_state(unit))
        counts.entries += 1
        counts.words += source_words(unit)
    return stats


def catalog_stats(path: str | Path) -> CatalogStats:
    """Read one catalog strictly (InputError when malformed) and count it."""
    path = Path(path)
    return store_stats(read_catalog(path), path)


def total_stats(rows: Iterable[CatalogStats], locale: str = "", domain: str = "") -> CatalogStats:
    """Sum of several catalogs, e.g. one locale over all its domains."""
    total = CatalogStats(path="", locale=locale, domain=domain)
    for row in rows:
        for state in STATES:
            mine: Counts = getattr(total, state)
            theirs: Counts = getattr(row, state)
            mine.entries += theirs.entries
            mine.words += theirs.words
    return total
