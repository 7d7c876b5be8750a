"""Language identification (py3langid, which ships its model): text left in another language.

News pages in one language often carry strings in another ("Bağla", "Bizə yazın" on an English
page of an Azerbaijani site). Sending them through an en→az model would garble them, so the
segmenter labels them and `translate` leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W\d_]+")
# For an English source: the share of words with letters outside ASCII above which the model is
# asked at all, and how sure it must then be. English headlines full of Azerbaijani names
# ("Gəncə mayor visits Şəki": half its words) stay English, whatever the model says.
FOREIGN_WORD_SHARE = 0.5
CONFIDENCE_FOR_ENGLISH = 0.7
# For other sources, where letters tell less: only texts of 4+ words, judged with 95% certainty.
MIN_WORDS = 4
CONFIDENCE = 0.95


@lru_cache(maxsize=1)
def _identifier() -> Any | None:
    """py3langid's model (0.6 s to load, once); None when the package is not installed."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(
    text: str, candidates: Sequence[str] | None = None
) -> tuple[str, float] | None:
    """The likeliest language of `text` (among `candidates` when given) and its probability."""
    identifier = _identifier()
    if identifier is None:
        return None
    if candidates is not None:
        known = [c for c in candidates if c in identifier.nb_classes]
        if len(known) < 2:
            return None
        identifier.set_languages(known)
    try:
        language, probability = identifier.classify(text)
    finally:
        if candidates is not None:
            identifier.set_languages(None)
    return str(language), float(probability)


def block_language(text: str, source: str) -> str:
    """The language a block is written in: `source` unless language ID is sure of another.

    Short strings fool any language identifier, so the model only decides when the text itself
    points away from the source. English text whose words mostly use ASCII letters alone is
    English without asking the model (which is then never loaded for most English articles).
    """
    language = source.replace("-", "_").split("_", 1)[0].lower()
    words = _WORD.findall(text)
    if not words:
        return language
    if language == "en":
        foreign = sum(1 for word in words if not word.isascii())
        if foreign <= FOREIGN_WORD_SHARE * len(words):
            return language
        threshold = CONFIDENCE_FOR_ENGLISH
    else:
        if len(words) < MIN_WORDS:
            return language
        threshold = CONFIDENCE
    found = identify_language(text)
    if found is None:
        return language
    other, probability = found
    return other if other != language and probability >= threshold else language
