"""Language ID: a translation that still reads as the source language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18n_pipeline.qa.checks.base import CheckContext, pair_check
from i18n_pipeline.text.langid import identify_language
from i18n_pipeline.text.protect import without_placeholders

LANGUAGE_ID_MIN_WORDS = 4
LANGUAGE_ID_CONFIDENCE = 0.99


@pair_check(
    "language",
    "warning",
    "the translation reads as the source language, not the target language (language ID)",
)
def check_language(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own (py3langid): finds text the model or a translator left in English.

    The choice is between the source and the target language only: a free choice among 97
    languages mistakes short Azerbaijani for Turkish; short texts are not judged at all.
    """
    language = context.target_language
    if not language or language == context.source_language:
        return
    text = without_placeholders(target)
    if len(re.findall(r"[^\W\d_]{2,}", text)) < LANGUAGE_ID_MIN_WORDS:
        return
    result = identify_language(text, [context.source_language, language])
    if result is None:
        return
    found, probability = result
    if found != language and probability >= LANGUAGE_ID_CONFIDENCE:
        yield f"translation looks like {found}, not {language} ({probability:.0%} sure)"
