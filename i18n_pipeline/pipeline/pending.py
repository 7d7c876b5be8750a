"""A text waiting for the engine: split into sentences and masked before, restored and joined
after (with what the model lost), plural forms with sample numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from i18n_pipeline import catalogs
from i18n_pipeline.locales import LocaleInfo
from i18n_pipeline.pipeline.memory import SentenceMatch
from i18n_pipeline.pipeline.saving import CatalogWork
from i18n_pipeline.text import plurals
from i18n_pipeline.text.protect import Masked, mask, restore
from i18n_pipeline.text.sentences import Sentence, join_sentences, split_sentences


@dataclass
class PendingEntry:
    """A text waiting for the engine: its sentences, masked, and the entry it belongs to."""

    item: CatalogWork
    key: tuple[str, str]
    plural: bool  # a plural entry (gets every plural form)
    plural_source: bool  # the msgid_plural of a plural entry, not its msgid
    sentences: list[Sentence]
    masked: list[Masked | None]  # None for whitespace-only pieces
    # (form, number, placeholder): the plural source with the count written as a number that
    # plural form is used for, so the model inflects for it (see plurals.py)
    sample: tuple[int, int, str] | None = None


def prepare_entries(
    item: CatalogWork, unit: catalogs.Unit, source: str, locale: LocaleInfo
) -> list[PendingEntry]:
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
        sentences, masked = prepare_text(text, source)
        entries.append(
            PendingEntry(item, key, unit.hasplural(), is_plural, sentences, masked, sample)
        )
    return entries


def memory_for_sentence(
    entry: PendingEntry, sentence: Sentence, reused: dict[str, SentenceMatch] | None
) -> SentenceMatch | None:
    """The memory's translation of one sentence of a pending text. Plural entries take none:
    their forms are translated together (see plurals.py)."""
    return None if entry.plural or not reused else reused.get(sentence.text)


def finish_entry(
    entry: PendingEntry,
    translations: dict[str, str],
    cut_short: set[str],
    reused: dict[str, SentenceMatch] | None = None,
    origins: list[str] | None = None,
) -> tuple[str, list[str]]:
    """The entry's text translated: each sentence from the engine or, where `reused` has it,
    from the translation memory (its origin appended to `origins`)."""

    def from_memory(sentence: Sentence) -> str | None:
        match = memory_for_sentence(entry, sentence, reused)
        if match is None:
            return None
        if origins is not None:
            origins.append(match.origin)
        return match.target

    return finish_text(entry.sentences, entry.masked, translations, cut_short, from_memory)


def prepare_text(text: str, source: str) -> tuple[list[Sentence], list[Masked | None]]:
    """A text as the model gets it: its sentences, each masked (None for whitespace only)."""
    sentences = split_sentences(text, source)
    return sentences, [mask(s.text) if s.text.strip() else None for s in sentences]


def finish_text(
    sentences: list[Sentence],
    masked: list[Masked | None],
    translations: dict[str, str],
    cut_short: set[str],
    from_memory: Callable[[Sentence], str | None] = lambda sentence: None,
) -> tuple[str, list[str]]:
    """The text put back together from its sentences' translations (the engine's, restored,
    or `from_memory`'s), and what went wrong on the way (the entry's `#. mt-check:` lines)."""
    texts: list[str] = []
    problems: list[str] = []
    for sentence, m in zip(sentences, masked, strict=True):
        if m is None:
            texts.append(sentence.text)
            continue
        remembered = from_memory(sentence)
        if remembered is not None:
            texts.append(remembered)
            continue
        output = translations[m.text]
        restored = restore(output, m)
        if not output.strip():
            problems.append(f"the model returned nothing for: {sentence.text[:60]}")
        if m.text in cut_short:
            problems.append(f"output stopped at --max-length for: {sentence.text[:60]}")
        problems.extend(f"lost {original}" for original in restored.missing)
        problems.extend(f"repeated {original}" for original in restored.duplicated)
        problems.extend(f"stray {token} in the output" for token in restored.extra)
        texts.append(restored.text)
    return join_sentences(texts, sentences), problems
