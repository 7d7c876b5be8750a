"""Language identification (lingua, built for short and mixed text): text left in another language.

News pages in one language often carry strings in another ("Bağla", "Bize yazin" on an English
page of an Azerbaijani site). Sending them through an en→az model would garble them, so the
segmenter labels them and `translate` leaves them out; `check` uses the same judge to find a
translation that still reads as the source ("Close" → "Close").

lingua (its models ship in the wheel) is asked to choose only among the languages the text
can be in: the source, the run's targets and the site's usual languages (`SITE_LANGUAGES`). A
free choice among 75 languages takes short Azerbaijani for Turkish and English UI words for
anything. Measured on 5,854 real one-to-five-word UI strings (Django and Wagtail catalogs,
`benchmarks/langid.py`): this rule finds 93% of the Azerbaijani, Turkish and Russian strings on
an English page with 99% precision; py3langid, used before, found 27%.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W\d_]+")
# Besides the source and the run's targets, the languages a page of our sites may hold.
SITE_LANGUAGES = ("en", "az", "tr", "ru")
# A block is in another language when that language is the likeliest and the source's own
# probability is below this (measured: 0.2 gives precision 0.99, recall 0.93 on UI strings).
SOURCE_BELOW = 0.2
# For an English source: the share of words with letters outside ASCII up to which a block of
# more than SHORT_WORDS words is English without asking (headlines full of Azerbaijani names
# stay English); shorter blocks are always asked about.
FOREIGN_WORD_SHARE = 0.5
SHORT_WORDS = 5
# Short English-page text is first screened by lingua's light trigram model (11 MB, 0.1 s to
# load); only text it finds less English than this goes to the full model (100+ MB, ~1 s).
SCREEN_ENGLISH = 0.5


def primary_language(code: str) -> str:
    """`az` for `az_AZ`, `az-Latn` or `AZ`."""
    return code.replace("-", "_").split("_", 1)[0].lower()


@lru_cache(maxsize=16)
def _detector(codes: tuple[str, ...], accurate: bool) -> Any | None:
    """lingua's detector for these languages, loaded once; None when fewer than two are known
    to lingua (or lingua is not installed)."""
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None
    languages = []
    for code in codes:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            languages.append(Language.from_iso_code_639_1(iso))
    if len(languages) < 2:
        return None
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder if accurate else builder.with_low_accuracy_mode()).build()


def language_scores(
    text: str, candidates: Iterable[str], *, accurate: bool = True
) -> dict[str, float]:
    """Each candidate language's probability for `text` (they sum to 1); {} when lingua cannot
    choose among them."""
    codes = tuple(sorted({primary_language(c) for c in candidates if c}))
    detector = _detector(codes, accurate)
    if detector is None:
        return {}
    return {
        value.language.iso_code_639_1.name.lower(): float(value.value)
        for value in detector.compute_language_confidence_values(text)
    }


def language_spans(text: str, candidates: Iterable[str]) -> list[tuple[str, int, str]]:
    """`text` cut into runs of one language each (lingua's mixed-language detection): (language,
    words, the run's text); [] when lingua cannot choose among the candidates."""
    codes = tuple(sorted({primary_language(c) for c in candidates if c}))
    detector = _detector(codes, True)
    if detector is None:
        return []
    return [
        (
            result.language.iso_code_639_1.name.lower(),
            int(result.word_count),
            text[result.start_index : result.end_index],
        )
        for result in detector.detect_multiple_languages_of(text)
    ]


def identify_language(
    text: str, candidates: Sequence[str] | None = None
) -> tuple[str, float] | None:
    """The likeliest language of `text` among `candidates` (default: the site's languages) and
    its probability; None when there is nothing to choose between."""
    scores = language_scores(text, candidates or SITE_LANGUAGES)
    if not scores:
        return None
    best = max(scores, key=lambda code: scores[code])
    return best, scores[best]


def block_language(text: str, source: str, others: Iterable[str] = ()) -> str:
    """The language a block is written in: `source` unless language ID is sure of another.

    `others` are the languages besides the source the text may be in (a run's targets); the
    site's usual languages are always among them. English text of more than a few words, mostly
    in ASCII letters, is English without asking, so most English articles never load a model.
    """
    language = primary_language(source)
    words = _WORD.findall(text)
    if not words:
        return language
    candidates = {language, *SITE_LANGUAGES, *(primary_language(o) for o in others if o)}
    if language == "en":
        if len(words) <= SHORT_WORDS:
            # Names carry the non-ASCII letters ("Gəncə mayor visits Şəki"): the screen reads the
            # other words, which in a leftover ("Bize yazin Bağla") are not English either.
            plain = " ".join(word for word in words if word.isascii())
            screen = language_scores(plain, candidates, accurate=False) if plain else {}
            if plain and (not screen or screen.get("en", 0.0) >= SCREEN_ENGLISH):
                return language
        elif sum(1 for word in words if not word.isascii()) <= FOREIGN_WORD_SHARE * len(words):
            return language
    scores = language_scores(text, candidates)
    if not scores:
        return language
    best = max(scores, key=lambda code: scores[code])
    if best != language and scores.get(language, 0.0) < SOURCE_BELOW:
        return best
    return language
