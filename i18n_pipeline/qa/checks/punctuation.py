"""End punctuation: a full stop, question mark, exclamation, colon or ellipsis kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18n_pipeline.qa.checks.base import CheckContext, pair_check

# End-of-string punctuation classes and what counts as each, across scripts.
_END_CLASSES: tuple[tuple[str, str], ...] = (
    ("ellipsis", "…"),  # checked before the full stop: "..." is normalised to "…" first
    ("question mark", "?？؟;;՞"),
    ("exclamation mark", "!！՜"),
    ("colon", ":："),
    ("full stop", ".。।۔։።"),
)
_TRAILING_CLOSERS = "\"'”’»)]」』›"


def _end_class(text: str) -> str | None:
    text = text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    text = re.sub(r"\.\.\.$", "…", text)
    if not text:
        return None
    for name, chars in _END_CLASSES:
        if text[-1] in chars:
            return name
    return None


@pair_check(
    "end-punctuation",
    "warning",
    "the translation should end like the source: full stop, question mark, colon, ellipsis, …",
)
def check_end_punctuation(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `endpunc` treats "..." and "…" as different."""
    wanted, got = _end_class(source), _end_class(target)
    if wanted != got:
        yield f"source ends with {wanted or 'no punctuation'}, translation with {got or 'none'}"
