"""After each engine step: store every entry whose sentences are all back, then save."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from i18n_pipeline import catalogs
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.locales import LocaleInfo
from i18n_pipeline.pipeline import saving  # saving.save_catalog: one place to replace in tests
from i18n_pipeline.pipeline.memory import SentenceMatch
from i18n_pipeline.pipeline.options import TranslateSummary
from i18n_pipeline.pipeline.pending import PendingEntry, finish_entry, memory_for_sentence
from i18n_pipeline.pipeline.saving import CatalogWork
from i18n_pipeline.text import plurals


@dataclass
class Checkpoint:
    """After each engine step: store every entry whose sentences are all back, then save.

    Each entry counts the sentences it still waits for, and each sentence knows the entries
    waiting for it, so a step costs what it translated: looking at every waiting entry after
    every step was quadratic in the size of a run.
    """

    waiting: dict[tuple[int, tuple[str, str]], list[PendingEntry]]
    items: Sequence[CatalogWork]
    engine: Engine | None  # None: every sentence came from the memory
    locale: LocaleInfo
    provenance: str | None
    summary: TranslateSummary
    notify: Callable[[str], None] | None
    reused: dict[str, SentenceMatch] = field(default_factory=dict)
    save_every: float = 0.0  # see `CatalogWork.save_due`
    min_score: float = catalogs.LOW_CONFIDENCE  # see TranslateOptions.min_score
    _missing: dict[tuple[int, tuple[str, str]], int] = field(init=False)
    _waiting_on: dict[str, list[tuple[int, tuple[str, str]]]] = field(init=False)
    _order: dict[tuple[int, tuple[str, str]], int] = field(init=False)
    _ready: list[tuple[int, tuple[str, str]]] = field(init=False)

    def __post_init__(self) -> None:
        self._missing = {}
        self._waiting_on = {}
        self._order = {key: n for n, key in enumerate(self.waiting)}
        self._ready = []
        for key, group in self.waiting.items():
            needed = {
                m.text
                for entry in group
                for sentence, m in zip(entry.sentences, entry.masked, strict=True)
                if m and memory_for_sentence(entry, sentence, self.reused) is None
            }
            self._missing[key] = len(needed)
            if not needed:
                self._ready.append(key)
            for text in needed:
                self._waiting_on.setdefault(text, []).append(key)

    def __call__(self, translations: dict[str, str], new: Iterable[str] = ()) -> None:
        """`translations`: every sentence translated so far; `new`: those this step added."""
        engine = self.engine  # None: a run that only reuses the memory
        cut_short: set[str] = engine.cut_short if engine else set()
        scores: dict[str, float] = engine.scores if engine else {}
        for text in new:
            for key in self._waiting_on.pop(text, ()):
                self._missing[key] -= 1
                if self._missing[key] == 0:
                    self._ready.append(key)
        ready, self._ready = self._ready, []
        for key in sorted(ready, key=self._order.__getitem__):  # in document order
            group = self.waiting.pop(key)
            _store_translation(
                group,
                translations,
                cut_short,
                self.locale,
                self.provenance,
                self.summary,
                self.reused,
                scores,
                self.min_score,
            )
        for item in self.items:
            # Only catalogs this step added to, and not more often than saving is worth.
            if len(item.filled) > item.saved and item.save_due(self.save_every):
                saving.save_catalog(item, self.summary, self.notify)


def group_by_entry(
    entries: Sequence[PendingEntry],
) -> dict[tuple[int, tuple[str, str]], list[PendingEntry]]:
    """An entry's texts (two for a plural entry), in document order."""
    groups: dict[tuple[int, tuple[str, str]], list[PendingEntry]] = {}
    for entry in entries:
        groups.setdefault((id(entry.item), entry.key), []).append(entry)
    return groups


def _store_translation(
    group: Sequence[PendingEntry],
    translations: dict[str, str],
    cut_short: set[str],
    locale: LocaleInfo,
    provenance: str | None,
    summary: TranslateSummary,
    reused: dict[str, SentenceMatch] | None = None,
    scores: dict[str, float] | None = None,
    min_score: float = catalogs.LOW_CONFIDENCE,
) -> None:
    """Put one entry's machine translation into the run's current copy of its catalog."""
    item = group[0].item
    unit = item.unit(group[0].key)
    if unit is None or (catalogs.has_translation(unit) and not item.replaces(unit)):
        return  # another process translated or removed it meanwhile: theirs stands
    origins: list[str] = []
    sentences = sum(1 for entry in group if entry.sample is None for m in entry.masked if m)
    done, inflected = _finish_group(group, translations, cut_short, reused, origins)
    problems = [p for _, found in done.values() for p in found]
    if group[0].plural:
        target: str | list[str] = [
            inflected.get(form) or done[not _is_singular_form(locale, form)][0]
            for form in range(locale.nplurals)
        ]
    else:
        target = done[False][0]
    item.filled[group[0].key] = unit
    places = ", ".join(dict.fromkeys(origins))
    if origins and len(origins) == sentences:  # every sentence from the memory, none from a model
        # Pieced together from other texts: never reviewed as a whole, so fuzzy.
        catalogs.set_memory_translation(unit, str(target), f"{places} (sentences)", False)
        summary.from_memory += 1
        return
    assert provenance is not None  # an engine ran for this entry's other sentences
    score = _entry_score(group, scores or {}, reused)
    # A pseudo-locale's entries are final as made (compiled, shown); anything flagged stays fuzzy.
    fuzzy = not locale.pseudo or bool(problems)
    catalogs.set_machine_translation(unit, target, provenance, problems, score, fuzzy=fuzzy)
    if origins:
        catalogs.set_own_comments(
            unit, catalogs.TM_PREFIX, [f"{len(origins)} of {sentences} sentences from {places}"]
        )
    summary.translated += 1
    summary.flagged += bool(problems)
    summary.low_confidence += score is not None and score < min_score


def _entry_score(
    group: Sequence[PendingEntry],
    scores: dict[str, float],
    reused: dict[str, SentenceMatch] | None,
) -> float | None:
    """The entry's least confident sentence from the model: one doubtful sentence is what a
    reviewer must find, and an average over the others would hide it."""
    found = [
        scores[m.text]
        for entry in group
        for sentence, m in zip(entry.sentences, entry.masked, strict=True)
        if m and memory_for_sentence(entry, sentence, reused) is None and m.text in scores
    ]
    return min(found) if found else None


def _finish_group(
    group: Sequence[PendingEntry],
    translations: dict[str, str],
    cut_short: set[str],
    reused: dict[str, SentenceMatch] | None,
    origins: list[str],
) -> tuple[dict[bool, tuple[str, list[str]]], dict[int, str]]:
    """Each text of an entry put together from its sentences' translations: the singular and
    plural source's (text, problems) by `plural_source`, and each plural form translated from
    a sample number (`inflected`; a form without one keeps the plain plural translation).
    Where a sentence came from the memory is added to `origins`."""
    done: dict[bool, tuple[str, list[str]]] = {}
    inflected: dict[int, str] = {}
    for entry in group:
        text, found = finish_entry(
            entry, translations, cut_short, reused, origins if entry.sample is None else None
        )
        if entry.sample is None:
            done[entry.plural_source] = (text, found)
            continue
        form, number, placeholder = entry.sample
        back = None if found else plurals.put_back(text, number, placeholder)
        if back is not None:  # else the form keeps the plain plural translation
            inflected[form] = back
    return done, inflected


def _is_singular_form(locale: LocaleInfo, form: int) -> bool:
    """Whether plural form `form` of the locale is used for n = 1 (gets the msgid's translation).

    A form used for 1 (English "one") takes the translated singular source; every other form
    takes the translated plural source. For az/tr that gives the same word twice, as it should;
    for ru, form 0 (1, 21, 31 …) reads "комментарий", forms 1 and 2 the plural.
    """
    plural = gettext.c2py(locale.plural_expr)
    return plural(1) == form
