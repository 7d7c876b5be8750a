"""Language ID: a translation that still reads as the source language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18n_pipeline.qa.checks.base import CheckContext, pair_check
from i18n_pipeline.text.langid import identify_language, language_spans, primary_language
from i18n_pipeline.text.protect import without_placeholders

# lingua, choosing between the source and the target language only: on 529 real Azerbaijani UI
# strings of one to five words (Django, Wagtail), a single word is judged with precision 0.998
# and recall 0.82 at 90% (py3langid needed 4+ words and 99% to avoid false alarms).
LANGUAGE_ID_MIN_WORDS = 1
LANGUAGE_ID_CONFIDENCE = 0.9


def _other_target_language(context: CheckContext) -> str | None:
    """The catalog's language when it is not the source's (nothing to judge otherwise)."""
    language = context.target_language
    if not language or primary_language(language) == primary_language(context.source_language):
        return None
    return language


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
    language = _other_target_language(context)
    if not language or target.strip() == source.strip():
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


# Words a run of source-language text must have inside a translation to count as left over:
# shorter runs are mostly names and titles ("BBC News", "Ilham Aliyev") kept on purpose.
LEFTOVER_MIN_WORDS = 3


@pair_check(
    "leftover",
    "warning",
    "part of the translation is still in the source language, beside the target language",
)
def check_leftover(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own (lingua's mixed-language detection): a sentence or phrase nobody translated
    inside a translated text ("Ətraflı oxu: Read more about the festival")."""
    language = _other_target_language(context)
    if not language:
        return
    spans = language_spans(without_placeholders(target), [context.source_language, language])
    own = primary_language(context.source_language)
    if not any(found != own for found, _, _ in spans):
        return  # all of it reads as the source: the `language` check's to report
    for found, words, text in spans:
        if found == own and words >= LEFTOVER_MIN_WORDS:
            yield f"still {own}: {text.strip()[:80]!r}"
