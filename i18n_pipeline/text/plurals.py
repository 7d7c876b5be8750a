"""Plural forms a model can inflect: translate "5 files", not "%d files", for Russian's 5+ form.

A model given "%d files" (masked, "[1] files") writes one plural, so every non-singular form of
a language with several (ru, uk, pl, cs, ar ...) would get the same word: "%d файла" for 2-4 and
for 5+. Given a number that the form is used for instead ("2 files", "5 files"), the model
inflects the noun for it ("2 файла", "5 файлов"); the number is then put back as the
placeholder. The numbers come from the catalog's own plural expression, so the forms line up
with what gettext will choose at run time.
"""

from __future__ import annotations

import gettext
import re

from i18n_pipeline.text.protect import placeholders

# Placeholders that stand for the count: integer printf conversions, and names people give the
# count (Jinja's {% trans count=n %} extracts as "%(count)s"; i18next writes "{{count}}").
_COUNT_NAMES = r"(?:count|n|num|number|total|amount|quantity)"
_COUNT_RE = re.compile(
    r"%(?:\d+\$)?[-+#0]*\d*(?:hh|h|ll|l|j|z|t)?[diu]"
    rf"|%\({_COUNT_NAMES}\)[-+#0]*\d*[dius]"
    rf"|%\([A-Za-z_]\w*\)[-+#0]*\d*[diu]"
    rf"|\{{\{{\s*{_COUNT_NAMES}\s*\}}\}}"
    rf"|\{{{_COUNT_NAMES}(?::[^{{}}\s]*)?\}}",
    re.IGNORECASE,
)
_SEARCH_LIMIT = 1000


def count_placeholder(text: str) -> str | None:
    """The one placeholder in `text` that holds the count; None if there is none, or several
    ("%d of %d": which one would the number stand for?)."""
    found = [p for p in placeholders(text) if _COUNT_RE.fullmatch(p)]
    return found[0] if len(found) == 1 else None


def sample_numbers(plural_expr: str, nplurals: int, avoid: str = "") -> dict[int, int]:
    """For each plural form not used for 1, a number it is used for; {} if that is one form.

    Numbers from 2 up come first (a 0 form reads oddly in most languages), 0 last. A number
    whose digits occur in `avoid` (the source text) is skipped: it could not be found again.
    """
    plural = gettext.c2py(plural_expr)
    singular = plural(1)
    samples: dict[int, int] = {}
    for n in [*range(2, _SEARCH_LIMIT), 0]:
        form = plural(n)
        usable = str(n) not in avoid and 0 <= form < nplurals
        if usable and form != singular and form not in samples:
            samples[form] = n
    return samples if len(samples) >= 2 else {}


def with_number(text: str, placeholder: str, number: int) -> str:
    return text.replace(placeholder, str(number))


def put_back(translated: str, number: int, placeholder: str) -> str | None:
    """The translation with `number` turned back into `placeholder`; None unless it is there
    exactly once as a number of its own (the model dropped it, spelled it out or repeated it)."""
    pattern = re.compile(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)")
    if len(pattern.findall(translated)) != 1:
        return None
    return pattern.sub(lambda _: placeholder, translated, count=1)


# The numbers a plural expression is evaluated on to see how often each form is used: every n up
# to 1000 (what msgfmt samples), and large ones, where rules on n%100 or n%1000 also apply.
PLURAL_SAMPLE: tuple[int, ...] = (
    *range(1001),
    *(base + offset for base in (10**4, 10**5, 10**6, 10**9) for offset in (0, 1, 2, 5, 11, 21)),
)


def numbers_per_form(plural_expr: str, nplurals: int) -> tuple[tuple[int, ...], ...]:
    """For each form 0..nplurals-1, the sample numbers the expression picks it for.

    Computed from the catalog's own expression with Python's `gettext.c2py` (what Python's
    gettext evaluates at run time), so a catalog that deviates from CLDR is judged as it is.
    A value outside 0..nplurals-1 is ignored here (the catalog reader reports such headers).
    """
    plural = gettext.c2py(plural_expr)
    used: list[list[int]] = [[] for _ in range(nplurals)]
    for n in PLURAL_SAMPLE:
        form = plural(n)
        if 0 <= form < nplurals:
            used[form].append(n)
    return tuple(tuple(numbers) for numbers in used)


def single_number_forms(form_numbers: tuple[tuple[int, ...], ...]) -> frozenset[int]:
    """The forms used for one number at most (Arabic's zero, one and two; English's one), given
    `numbers_per_form`.

    Such a form may leave the count out ("ساعة واحدة" = "one hour"): the number is implied.
    A form used for two numbers or more (Russian form 0: 1, 21, 31 ...; Turkish form 0: 0 and
    1) must show it.
    """
    return frozenset(form for form, numbers in enumerate(form_numbers) if len(numbers) <= 1)
