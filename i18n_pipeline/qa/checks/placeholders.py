"""Placeholders: printf (`%s %d %(name)s %1$s`) and Python brace format."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from i18n_pipeline.qa.checks.base import CheckContext, _wrap_translate_toolkit, pair_check
from i18n_pipeline.text.protect import placeholders

_PRINTF_NAMED = re.compile(r"^%\(")
_PRINTF_POSITIONAL = re.compile(r"^%\d+\$")


def _printf(text: str) -> list[str]:
    return [p for p in placeholders(text) if p.startswith("%") and p != "%%"]


@pair_check(
    "printf",
    "error",
    "printf and python-format placeholders (%s, %d, %(name)s, %1$s) must match the source",
)
def check_printf(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Named and numbered placeholders may move; plain %s/%d must keep their order.

    Our own rather than pofilter's `printf`: that one reads "50% of" as the `% o` conversion.
    """
    wanted, got = _printf(source), _printf(target)
    if wanted == got:
        return
    free = [p for p in wanted if _PRINTF_NAMED.match(p) or _PRINTF_POSITIONAL.match(p)]
    free_got = [p for p in got if _PRINTF_NAMED.match(p) or _PRINTF_POSITIONAL.match(p)]
    missing = Counter(free) - Counter(free_got)
    extra = Counter(free_got) - Counter(free)
    for placeholder in missing:
        yield f"missing {placeholder}"
    for placeholder in extra:
        yield f"unknown {placeholder} (not in the source)"
    named, named_got = set(free), set(free_got)
    plain = [p for p in wanted if p not in named]
    plain_got = [p for p in got if p not in named_got]
    if plain != plain_got:
        if sorted(plain) == sorted(plain_got):
            yield (
                f"placeholders reordered: {' '.join(plain)} → {' '.join(plain_got)} "
                "(number them, %1$s, to reorder)"
            )
        else:
            before, after = " ".join(plain) or "none", " ".join(plain_got) or "none"
            yield f"placeholders differ: {before} → {after}"


_wrap_translate_toolkit(
    "python-brace-format",
    "pythonbraceformat",
    "error",
    "str.format placeholders ({name}, {0}) must match the source",
)
