"""Language ID: a translation that still reads as the source language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18n_pipeline.qa.checks.base import CheckContext, pair_check
from i18n_pipeline.text.langid import identify_language
from i18n_pipeline.text.protect import without_placeholders

# lingua, choosing between the source and the target language only: on 529 real Azerbaijani UI
# strings of one to five words (Django, Wagtail), a single word is judged with precision 0.998
# and recall 0.82 at 90% (py3langid needed 4+ words and 99% to avoid false alarms).
LANGUAGE_ID_MIN_WORDS = 1
LANGUAGE_ID_CONFIDENCE = 0.9


@pair_check(
    "language",
    "warning",
    "the translation reads as the source language, not the target language (language ID)",
)
def check_language(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own (lingua): finds text the model or a translator left in English.

    The choice is between the source and the target language only: a free choice among 75
    languages mistakes short Azerbaijani for Turkish. A translation identical to its source is
    the `unchanged` check's to report.
    """
    language = context.target_language
    if not language or language == context.source_language or target.strip() == source.strip():
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
