"""Markup: tags missing, extra, changed, unclosed or badly nested."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from i18n_pipeline.qa.checks.base import CheckContext, pair_check
from i18n_pipeline.text.protect import placeholders

_TAG_RE = re.compile(r"^<(/?)([A-Za-z][\w:.-]*)(.*?)(/?)>$", re.DOTALL)
_ATTR_RE = re.compile(r"([\w:.@-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)
# Attribute values a translator is expected to translate.
_TRANSLATABLE_ATTRS = frozenset({"title", "alt", "aria-label", "placeholder", "summary"})


@dataclass(frozen=True)
class _Tag:
    kind: Literal["open", "close", "empty"]
    name: str
    attrs: tuple[tuple[str, str], ...]
    text: str

    @property
    def key(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        return (self.kind, self.name, self.attrs)


def _tags(text: str) -> list[_Tag]:
    tags = []
    for item in placeholders(text):
        match = _TAG_RE.match(item)
        if not match:
            continue
        closing, name, rest, selfclosing = match.groups()
        name = name.lower()
        attrs = tuple(
            sorted(
                (key.lower(), value.strip("\"'"))
                for key, value in _ATTR_RE.findall(rest)
                if key.lower() not in _TRANSLATABLE_ATTRS
            )
        )
        if closing:
            kind: Literal["open", "close", "empty"] = "close"
        elif selfclosing or name in _VOID:
            kind = "empty"
        else:
            kind = "open"
        tags.append(_Tag(kind, name, attrs, item))
    return tags


def _nesting_error(tags: Sequence[_Tag]) -> str | None:
    stack: list[_Tag] = []
    for tag in tags:
        if tag.kind == "open":
            stack.append(tag)
        elif tag.kind == "close":
            if not stack:
                return f"{tag.text} closes nothing"
            if stack[-1].name != tag.name:
                return f"{tag.text} closes {stack[-1].text}: tags are not nested as in the source"
            stack.pop()
    if stack:
        return f"{stack[-1].text} is never closed"
    return None


@pair_check(
    "markup",
    "error",
    "HTML/XML tags must all be kept, with their attributes, and nested properly",
)
def check_markup(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `xmltags` also rejects tags that legitimately change order."""
    wanted, got = _tags(source), _tags(target)
    if not wanted and not got:
        return
    by_key = {tag.key: tag.text for tag in [*wanted, *got]}
    missing = Counter(t.key for t in wanted) - Counter(t.key for t in got)
    extra = Counter(t.key for t in got) - Counter(t.key for t in wanted)
    opened = {t.name for t in got if t.kind == "open"}
    for key in missing:
        kind, name, _ = key
        if kind == "close" and name in opened:
            yield f"unclosed <{name}>: missing {by_key[key]}"
        else:
            yield f"missing {by_key[key]}"
    for key in extra:
        yield f"unexpected {by_key[key]} (not in the source)"
    if not missing and not extra and _nesting_error(wanted) is None:
        problem = _nesting_error(got)
        if problem:
            yield problem
