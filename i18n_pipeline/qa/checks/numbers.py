"""Numbers: the same value whatever the locale's separators (`1,200` = `1.200` = `1 200`)."""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from i18n_pipeline.qa.checks.base import CheckContext, pair_check
from i18n_pipeline.text.protect import without_placeholders

# A number with optional digit grouping (3-digit groups) and an optional decimal part. Group
# separators: , . NBSP, narrow NBSP, thin space, apostrophe (Swiss). Plain spaces are not
# grouping: "in 2024 300 people" is two numbers.
_NUMBER_RE = re.compile(r"\d+(?:[,.\u00a0\u202f\u2009'’]\d{3}(?!\d))*(?:[.,]\d+)?")
_SEPARATORS = ",.\u00a0\u202f\u2009'’"


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _readings(token: str) -> frozenset[Decimal]:
    """Every value the token can mean under some locale's decimal and grouping separators."""
    if token.isascii() and token.isdigit():  # most numbers: one reading, nothing to try
        return frozenset({Decimal(token).normalize()})
    token = _ascii_digits(token)
    seps = [c for c in token if c in _SEPARATORS]
    values = set()
    for decimal_sep in {None, *(s for s in seps if s in ".,")}:
        if decimal_sep is not None and token.count(decimal_sep) > 1:
            continue
        if decimal_sep is not None and seps[-1] != decimal_sep:
            continue
        integer, _, fraction = token.rpartition(decimal_sep) if decimal_sep else (token, "", "")
        groups = re.split(f"[{re.escape(_SEPARATORS)}]", integer)
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        try:
            values.add(Decimal("".join(groups) + ("." + fraction if fraction else "")))
        except InvalidOperation:
            continue
    return frozenset(value.normalize() for value in values)


def _numbers(text: str) -> list[tuple[str, frozenset[Decimal]]]:
    text = without_placeholders(text)  # numbers inside tags, URLs, placeholders are not prose
    return [(m.group(), _readings(m.group())) for m in _NUMBER_RE.finditer(text)]


def _pair_numbers(
    source: list[tuple[str, frozenset[Decimal]]], target: list[tuple[str, frozenset[Decimal]]]
) -> tuple[list[str], list[str]]:
    """Each source number takes the first target number left that can mean the same value.

    Returns the source numbers without one and the target numbers left over, in order. The
    target's numbers are indexed by value, so this is linear (searching the list of those
    left for every source number was quadratic in a text of many numbers).
    """
    by_value: dict[Decimal, deque[int]] = {}
    for index, (_, readings) in enumerate(target):
        for value in readings:
            by_value.setdefault(value, deque()).append(index)
    taken = [False] * len(target)
    missing = []
    for text, readings in source:
        best: int | None = None
        for value in readings:
            queue = by_value.get(value)
            while queue and taken[queue[0]]:
                queue.popleft()
            if queue and (best is None or queue[0] < best):
                best = queue[0]
        if best is None:
            missing.append(text)
        else:
            taken[best] = True
    return missing, [text for (text, _), used in zip(target, taken, strict=True) if not used]


@pair_check(
    "numbers",
    "error",
    "every number of the source must be in the translation (locale separators allowed)",
)
def check_numbers(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `numbers` rejects "3,5" for "3.5", which is right in az, de, ru.

    A number the translation adds is not reported: translators may write "three" as "3".
    """
    missing, available = _pair_numbers(_numbers(source), _numbers(target))
    if missing and available:
        yield (
            f"number {', '.join(missing)} changed: the translation has "
            f"{', '.join(available)} instead"
        )
    elif missing:
        yield f"number {', '.join(missing)} missing from the translation"
