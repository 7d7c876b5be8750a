"""The translation as a whole: unchanged, repeated words, sentence count, length ratio."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from translate.filters.checks import FilterFailure, StandardChecker
from translate.lang.common import Common

from i18n_pipeline.qa.checks.base import CheckContext, pair_check
from i18n_pipeline.text.langid import language_scores, primary_language
from i18n_pipeline.text.protect import placeholder_spans

_NAME_WORD = re.compile(r"^(?:[\d\W_]+|[A-Z\u00c0-\u024f][\w'’.-]*|[A-Z0-9&.-]+)$")
_ACRONYM_OR_NUMBER = re.compile(r"^(?:[\d\W_]+|[A-Z0-9&.-]*[A-Z0-9][A-Z0-9&.-]*)$")
# A name-like text (capitalised words) left as it is counts as untranslated when language ID,
# choosing between the source and the target language, is this sure it is the source: "Close",
# "Read more", "Subscribe" (0.98-1.0) are; "Ilham Aliyev" (0.03), "Baku" (0.32), "Paris" (0.72),
# "BBC News" (0.93) are not.
UNCHANGED_SOURCE_CONFIDENCE = 0.95


def _is_name_or_number(text: str, source_language: str, target_language: str) -> bool:
    """ "Ilham Aliyev", "BBC", "2024", "COP29": left as they are on purpose; "Close" is not."""
    words = [w for w in re.split(r"[\s,;:/()-]+", text) if w]
    if not words or len(words) > 4 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if all(_ACRONYM_OR_NUMBER.match(w) for w in words):
        return True
    if not target_language or target_language == source_language:
        return True
    scores = language_scores(text, [source_language, target_language])
    return scores.get(primary_language(source_language), 0.0) < UNCHANGED_SOURCE_CONFIDENCE


@pair_check(
    "unchanged",
    "warning",
    "translation is identical to the source (names, acronyms, numbers and glossary terms kept "
    "as they are excepted)",
    origin="translate-toolkit:unchanged",
)
def check_unchanged(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """pofilter's `unchanged`, except names, acronyms, numbers and do-not-translate terms.

    A capitalised word is not a name by its capital alone: "Close" → "Close" in an az catalog
    is a string nobody translated (pofilter and Weblate report it); language ID tells it from
    "Baku" or "Ilham Aliyev".
    """
    text = source.strip()
    if any(term.do_not_translate and term.source.strip() == text for term in context.glossary):
        return
    if _is_name_or_number(text, context.source_language, context.target_language or ""):
        return
    try:
        context.tt_checker.unchanged(source, target)
    except FilterFailure:
        yield "translation is the same as the source"


def _repeated_words(checker: StandardChecker, text: str) -> list[str]:
    """Words that follow themselves, as pofilter's `doublewords` reads the text (markup,
    placeholders and full stops left out, case folded)."""
    plain = checker.filteraccelerators(checker.removevariables(checker.filterxml(text)))
    words = plain.replace(".", "").lower().split()
    valid = checker.config.lang.validdoublewords
    return [word for last, word in itertools.pairwise(words) if word == last and word not in valid]


@pair_check(
    "repeated-words",
    "warning",
    'a word is repeated ("the the") that the source does not repeat',
    origin="translate-toolkit:doublewords",
)
def check_repeated_words(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """pofilter's `doublewords`, except a repeat the source has too: "J. R. R. Tolkien" reads
    as "j r r", and a name or an echo the author wrote is no typo of the translator's."""
    in_source = set(_repeated_words(context.tt_checker, source))
    for word in _repeated_words(context.tt_checker, target):
        if word not in in_source:
            yield f"The word '{word}' is repeated"
            return


def _sentence_text(text: str) -> str:
    """Placeholders become a capitalised word, so "var? press@kitab.az yazın" is two sentences.

    One pass over the text (replacing each distinct placeholder everywhere, one after another,
    cost the text's length for each of them)."""
    pieces: list[str] = []
    last = 0
    for start, end in placeholder_spans(text):
        pieces.append(text[last:start])
        pieces.append("" if text.startswith("<", start) else "Xx")
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _sentence_count(language: type[Common] | Common, text: str) -> int:
    """``len(language.sentences(text))``, in time linear in the text.

    Translate Toolkit's sentence patterns all start with a lazy ``(?s).*?``, so a match found
    from any later offset is also found from where the last one ended, and `match` there gives
    the same sentences as its `finditer`. `finditer`, though, after the last sentence mark
    retries at every later offset, each try scanning to the end: quadratic (a 100,000-character
    word took 90 s).
    """
    pattern = language.sentencere
    count = 0
    position = 0
    while (found := pattern.match(text, position)) is not None:
        count += bool(found.group().strip())
        position = found.end()
    return count + bool(text[position:].strip())


@pair_check(
    "sentence-count",
    "warning",
    "the translation has a different number of sentences (a dropped sentence?)",
    origin="translate-toolkit:sentencecount",
)
def check_sentence_count(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """pofilter's `sentencecount` splitter, after hiding URLs, e-mails and tags from it.

    A sentence that starts with an e-mail address or a lower-case URL is a sentence all the
    same; pofilter's splitter only starts one at a capital letter.
    """
    config = context.tt_checker.config
    wanted = _sentence_count(config.sourcelang, _sentence_text(source))
    got = _sentence_count(config.lang, _sentence_text(target))
    if wanted != got:
        plural = "s" if wanted != 1 else ""
        yield f"{wanted} sentence{plural} in the source, {got} in the translation"


# Typical length of a translation relative to its English source, in characters. A ratio far
# outside [LOW, HIGH] x norm on a text long enough to judge means something was dropped or added.
LENGTH_NORMS: dict[str, float] = {
    "az": 1.1,
    "tr": 1.1,
    "de": 1.25,
    "fr": 1.2,
    "es": 1.2,
    "it": 1.15,
    "pt": 1.15,
    "ru": 1.15,
    "uk": 1.15,
    "ar": 0.95,
    "fa": 1.0,
    "ur": 1.05,
    "ka": 1.2,
    "ja": 0.5,
    "zh": 0.35,
    "ko": 0.6,
}
LENGTH_LOW, LENGTH_HIGH = 0.5, 2.0
LENGTH_MIN_SOURCE = 40  # characters: shorter texts vary too much to judge


@pair_check(
    "length-ratio",
    "warning",
    "translation much shorter or longer than the language pair's norm (dropped or added text)",
)
def check_length_ratio(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: catches a sentence the model dropped from a long paragraph."""
    if len(source) < LENGTH_MIN_SOURCE or context.source_language != "en":
        return
    norm = LENGTH_NORMS.get(context.target_language or "", 1.0)
    ratio = len(target) / len(source)
    if not LENGTH_LOW * norm <= ratio <= LENGTH_HIGH * norm:
        yield f"translation is {ratio:.0%} of the source's length (usual for this pair: {norm:.0%})"
