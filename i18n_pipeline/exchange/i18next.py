"""i18next v4 flat JSON: CLDR plural keys, `{{name}}` placeholders, msgctxt as `key_context`."""

from __future__ import annotations

import gettext
import re
from collections.abc import Sequence

from babel import Locale
from translate.misc.multistring import multistring
from translate.storage import jsonl10n

from i18n_pipeline import catalogs
from i18n_pipeline.exchange.common import is_finished, language_tag
from i18n_pipeline.locales import LocaleInfo

CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
_PERCENT_NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACE_NAMED = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")


def plural_categories(locale: LocaleInfo) -> list[tuple[str, int]]:
    """(CLDR category, gettext form index) pairs, found by evaluating both rules on samples.

    Mapping by position goes wrong where CLDR has categories gettext lacks (French `many`
    is for 1 000 000); sampling integers gives each category the form gettext really uses.
    Categories only fractions reach (Russian `other`) have no gettext form and are left out.
    """
    # A pseudo-locale has no CLDR data; browsers give en-XA English rules, as its catalog has.
    code = "en" if locale.pseudo else locale.code.split("@", 1)[0].replace("-", "_")
    cldr = Locale.parse(code).plural_form
    formula = gettext.c2py(locale.plural_expr)
    found: dict[str, int] = {}
    for n in [*range(0, 1001), 10**4, 10**5, 10**6, 10**7]:
        found.setdefault(cldr(n), formula(n))
    return [(tag, found[tag]) for tag in CLDR_ORDER if tag in found]


def i18next_placeholders(text: str) -> str:
    """`%(name)s` and `{name}` → i18next's `{{name}}`; `{{`/`}}` and other text untouched."""
    text = _PERCENT_NAMED.sub(lambda m: "{{" + m[1] + "}}", text)
    return _BRACE_NAMED.sub(lambda m: "{{" + m[1] + "}}", text)


class _I18NextStore(jsonl10n.FlatI18NextV4File):
    """Flat i18next v4 JSON whose plural suffixes come from the catalog's own plural rule."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__()
        self._tags = list(tags)

    def get_plural_tags(self, target: object = None) -> list[str]:
        return self._tags


def catalog_to_i18next(
    store: catalogs.Store, locale: LocaleInfo, keep_placeholders: bool = False
) -> tuple[bytes, int, int]:
    """Flat i18next v4 JSON (keys are msgids: load with keySeparator and nsSeparator false).

    Returns (data, entries written, entries left out).
    """
    categories = plural_categories(locale)
    out = _I18NextStore([tag for tag, _ in categories])
    out.settargetlanguage(language_tag(locale.code))
    convert = (lambda s: s) if keep_placeholders else i18next_placeholders
    written = left_out = 0
    for unit in catalogs.live_units(store):
        if not is_finished(unit):
            left_out += 1
            continue
        forms = catalogs.target_forms(unit)
        key = str(unit.source)
        if unit.getcontext():
            key = f"{key}_{unit.getcontext()}"
        if unit.hasplural():
            value: str | multistring = multistring(
                [convert(forms[index]) for _, index in categories if index < len(forms)]
            )
        else:
            value = convert(forms[0])
        entry = out.UnitClass(value)
        entry.setid(key)
        out.addunit(entry)
        written += 1
    return bytes(out), written, left_out
