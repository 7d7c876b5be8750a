"""URLs and e-mail addresses of the source, kept as they are."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from i18n_pipeline.qa.checks.base import CheckContext, pair_check
from i18n_pipeline.text.protect import placeholders

_EMAIL_RE = re.compile(r"^[^\s@<>{}%]+@[^\s@<>]+$")


def _urls(text: str) -> list[str]:
    return [p for p in placeholders(text) if re.match(r"(?:https?://|ftp://|www\.)", p)]


def _emails(text: str) -> list[str]:
    return [p for p in placeholders(text) if _EMAIL_RE.match(p)]


def _compare_items(kind: str, wanted: list[str], got: list[str]) -> Iterator[str]:
    for item in Counter(wanted) - Counter(got):
        yield f"missing {kind} {item}"
    for item in Counter(got) - Counter(wanted):
        yield f"{kind} {item} is not in the source"


@pair_check("urls", "error", "every URL of the source must be in the translation unchanged")
def check_urls(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """URLs inside tags are compared by `markup` (as attributes)."""
    yield from _compare_items("URL", _urls(source), _urls(target))


@pair_check("emails", "error", "every e-mail address of the source must be in the translation")
def check_emails(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `emails` fails when the address is followed by a full stop."""
    yield from _compare_items("e-mail address", _emails(source), _emails(target))
