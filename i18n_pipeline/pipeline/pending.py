"""A text waiting for the engine: split into sentences and masked before, restored and joined
after (with what the model lost), plural forms with sample numbers."""

from __future__ import annotations

from dataclasses import dataclass

from i18n_pipeline import catalogs
from i18n_pipeline.locales import LocaleInfo
from i18n_pipeline.pipeline.memory import SentenceMatch
from i18n_pipeline.pipeline.saving import _Catalog
from i18n_pipeline.text import plurals
from i18n_pipeline.text.protect import Masked, mask, restore
from i18n_pipeline.text.sentences import Sentence, join_sentences, split_sentences


@dataclass
class _PendingEntry:
    """A text waiting for the engine: its sentences, masked, and the entry it belongs to."""

    item: _Catalog
    key: tuple[str, str]
    plural: bool  # a plural entry (gets every plural form)
    plural_source: bool  # the msgid_plural of a plural entry, not its msgid
    sentences: list[Sentence]
    masked: list[Masked | None]  # None for whitespace-only pieces
    # (form, number, placeholder): the plural source with the count written as a number that
    # plural form is used for, so the model inflects for it (see plurals.py)
    sample: tuple[int, int, str] | None = None


def _prepare(
    item: _Catalog, unit: catalogs.Unit, source: str, locale: LocaleInfo
) -> list[_PendingEntry]:
    """One text per entry; for a plural entry its singular and its plural source, plus the
    plural source with a sample number for each form where the locale has several plurals."""
    texts: list[tuple[str, bool, tuple[int, int, str] | None]] = [(str(unit.source), False, None)]
    if unit.hasplural():
        strings = unit.source.strings
        singular, plural = str(strings[0]), str(strings[-1])
        texts = [(singular, False, None), (plural, True, None)]
        count = plurals.count_placeholder(plural)
        if count is not None:
            numbers = plurals.sample_numbers(locale.plural_expr, locale.nplurals, plural)
            texts += [
                (plurals.with_number(plural, count, n), True, (form, n, count))
                for form, n in numbers.items()
            ]
    entries = []
    key = catalogs.entry_key(unit)
    for text, is_plural, sample in texts:
        sentences = split_sentences(text, source)
        masked = [mask(s.text) if s.text.strip() else None for s in sentences]
        entries.append(
            _PendingEntry(item, key, unit.hasplural(), is_plural, sentences, masked, sample)
        )
    return entries


def _from_memory(
    entry: _PendingEntry, sentence: Sentence, reused: dict[str, SentenceMatch] | None
) -> SentenceMatch | None:
    """The memory's translation of one sentence of a pending text. Plural entries take none:
    their forms are translated together (see plurals.py)."""
    return None if entry.plural or not reused else reused.get(sentence.text)


def _finish(
    entry: _PendingEntry,
    translations: dict[str, str],
    cut_short: set[str],
    reused: dict[str, SentenceMatch] | None = None,
    origins: list[str] | None = None,
) -> tuple[str, list[str]]:
    """The entry's text translated: each sentence from the engine or, where `reused` has it,
    from the translation memory (its origin appended to `origins`)."""
    texts: list[str] = []
    problems: list[str] = []
    for sentence, masked in zip(entry.sentences, entry.masked, strict=True):
        if masked is None:
            texts.append(sentence.text)
            continue
        match = _from_memory(entry, sentence, reused)
        if match is not None:
            texts.append(match.target)
            if origins is not None:
                origins.append(match.origin)
            continue
        output = translations[masked.text]
        restored = restore(output, masked)
        if not output.strip():
            problems.append(f"the model returned nothing for: {sentence.text[:60]}")
        if masked.text in cut_short:
            problems.append(f"output stopped at --max-length for: {sentence.text[:60]}")
        problems.extend(f"lost {original}" for original in restored.missing)
        problems.extend(f"repeated {original}" for original in restored.duplicated)
        problems.extend(f"stray {token} in the output" for token in restored.extra)
        texts.append(restored.text)
    return join_sentences(texts, entry.sentences), problems
