"""Placeholders: printf (`%s %d %(name)s %1$s`) and Python brace format, with msgfmt's plural rule.

A singular entry must keep every placeholder of its msgid. In a plural entry every form is
compared with msgid_plural, as `msgfmt -c` does, and how strictly depends on how many numbers
the catalog's own Plural-Forms uses that form for:

- a form used for one number at most (Arabic's zero, one and two; English's one) may leave
  placeholders out, "ساعة واحدة" ("one hour") for "%(num)d hours", but may not add unknown ones;
- a form used for two numbers or more (Russian form 0: 1, 21, 31 ...) must keep every one:
  "Перемещён на 1 позицию" for "%(counter)s places" shows "1" for 21.

Where msgfmt is looser than a program at run time we are stricter: msgfmt only checks forms used
for five numbers or more strictly (Turkish form 0, used for 0 and 1, passes without the count).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from translate.filters.checks import FilterFailure, SeriousFilterFailure

from i18n_pipeline.qa.checks.base import CheckContext, CheckFailure, CheckFunction, Entry, register
from i18n_pipeline.text.protect import placeholders

_PRINTF_NAMED = re.compile(r"^%\(")
_PRINTF_POSITIONAL = re.compile(r"^%\d+\$")
# glibc's `I` flag (locale digits, "%Id"): allowed in a C msgstr, unknown to Python's `%`.
_GLIBC_I_FLAG = re.compile(r"%((?:\d+\$)?[-+ #0']*)I(?=[-+ #0']*\d*(?:\.\d+)?[hlLqjzt]*[diouxX])")

# (context, source, target, strict, flags) -> what is wrong with the target
FormTest = Callable[[CheckContext, str, str, bool, frozenset[str]], Iterable[str]]


def _used_for(context: CheckContext, index: int) -> str:
    numbers = context.form_numbers[index] if index < len(context.form_numbers) else ()
    if not numbers:
        return "no whole number"
    shown = ", ".join(str(n) for n in numbers[:3])
    return f"n = {shown}{' …' if len(numbers) > 3 else ''}"


def plural_aware_check(
    name: str, explanation: str, origin: str = "own"
) -> Callable[[FormTest], CheckFunction]:
    """Register a placeholder test, run with msgfmt's plural rule (see the module docstring)."""

    def decorate(test: FormTest) -> CheckFunction:
        def run(context: CheckContext, entry: Entry) -> None:
            plural = entry.msgid_plural
            messages: list[str] = []
            if plural is None:
                source, target = entry.pairs[0]
                messages.extend(test(context, source, target, True, entry.flags))
            else:
                for index, (_, target) in enumerate(entry.pairs):
                    if not target:
                        continue
                    strict = not context.single_number_form(index)
                    found = list(test(context, plural, target, strict, entry.flags))
                    if found:
                        where = f"msgstr[{index}] ({_used_for(context, index)})"
                        messages.append(f"{where}: {'; '.join(found)}")
            if messages:
                raise CheckFailure("; ".join(messages))

        run.__doc__ = test.__doc__
        run.__name__ = test.__name__
        return register(name, "error", explanation, origin)(run)

    return decorate


def _printf(text: str) -> list[str]:
    return [p for p in placeholders(text) if p.startswith("%") and p != "%%"]


def _free(found: list[str]) -> list[str]:
    """Named and numbered placeholders: they may move."""
    return [p for p in found if _PRINTF_NAMED.match(p) or _PRINTF_POSITIONAL.match(p)]


@plural_aware_check(
    "printf",
    "printf and python-format placeholders (%s, %d, %(name)s, %1$s) must match the source",
)
def check_printf(
    context: CheckContext, source: str, target: str, strict: bool, flags: frozenset[str]
) -> Iterator[str]:
    """Named and numbered placeholders may move; plain %s/%d must keep their order.

    Our own rather than pofilter's `printf`: that one reads "50% of" as the `% o` conversion,
    and it knows neither plural forms nor glibc's `I` flag.
    """
    python = "python-format" in flags
    if _GLIBC_I_FLAG.search(target):
        if python:
            yield "glibc's I flag (%Id) is for C; Python's % raises ValueError on it"
        target = _GLIBC_I_FLAG.sub(r"%\1", target)
    wanted, got = _printf(source), _printf(target)
    if wanted == got:
        return
    # A named or numbered placeholder may appear any number of times (Python's mapping, C's %1$s).
    free, free_got = dict.fromkeys(_free(wanted)), dict.fromkeys(_free(got))
    if strict:
        for placeholder in [p for p in free if p not in free_got]:
            yield f"missing {placeholder}"
    for placeholder in [p for p in free_got if p not in free]:
        yield f"unknown {placeholder} (not in the source)"
    plain = [p for p in wanted if p not in free]
    plain_got = [p for p in got if p not in free_got]
    if plain == plain_got:
        return
    if not strict and not python and plain_got == plain[: len(plain_got)]:
        return  # C ignores trailing arguments; Python's % raises TypeError on unused ones
    if sorted(plain) == sorted(plain_got):
        yield (
            f"placeholders reordered: {' '.join(plain)} → {' '.join(plain_got)} "
            "(number them, %1$s, to reorder)"
        )
        return
    before, after = " ".join(plain) or "none", " ".join(plain_got) or "none"
    message = f"placeholders differ: {before} → {after}"
    if not strict and python and len(plain_got) < len(plain):
        message += " (Python's % raises TypeError on an unused argument; use %(name)d)"
    yield message


@plural_aware_check(
    "python-brace-format",
    "str.format placeholders ({name}, {0}) must match the source",
    origin="translate-toolkit:pythonbraceformat",
)
def check_pythonbraceformat(
    context: CheckContext, source: str, target: str, strict: bool, flags: frozenset[str]
) -> Iterator[str]:
    """pofilter's `pythonbraceformat`; in a single-number form only its serious failures count
    (an unknown name or more arguments than the source): str.format ignores unused ones."""
    try:
        context.tt_checker.pythonbraceformat(source, target)
    except SeriousFilterFailure as failure:
        yield str(failure)
    except FilterFailure as failure:
        if strict:
            yield str(failure)
