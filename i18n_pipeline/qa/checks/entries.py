"""Entry-level checks: untranslated entries and incomplete plural forms."""

from __future__ import annotations

from i18n_pipeline.catalogs import machine_score
from i18n_pipeline.qa.checks.base import CheckContext, CheckFailure, Entry, register


@register(
    "untranslated",
    "warning",
    "the entry has no translation yet (reported so that nothing is forgotten)",
)
def check_untranslated(context: CheckContext, entry: Entry) -> None:
    """Our own; also covers pofilter's `blank` (an empty translation of a non-empty source)."""
    if not entry.translated:
        raise CheckFailure("not translated")


@register(
    "plural-forms",
    "error",
    "plural entries need every form the header's nplurals asks for, and the header must fit "
    "the language",
)
def check_plural_forms(context: CheckContext, entry: Entry) -> None:
    """Our own: msgfmt only counts forms; an empty msgstr[1] ships the English plural."""
    if not entry.unit.hasplural() or not entry.translated:
        return
    if context.header_nplurals is None:
        raise CheckFailure("plural entry, but the header has no Plural-Forms")
    forms = [target for _, target in entry.pairs]
    empty = [str(i) for i, form in enumerate(forms) if not form]
    if empty:
        raise CheckFailure(f"plural form msgstr[{'], msgstr['.join(empty)}] is empty")
    if len(forms) != context.header_nplurals:
        raise CheckFailure(
            f"{len(forms)} plural forms, but the header says nplurals={context.header_nplurals}"
        )


@register(
    "language-header",
    "warning",
    "the Language header names another locale than the <locale>/LC_MESSAGES/ folder the "
    "catalog is in (gettext serves it as the folder's locale, and so does every command)",
)
def check_language_header(context: CheckContext, entry: Entry) -> None:
    """Our own, about the catalog rather than an entry: `running.header_findings` runs it."""


@register(
    "low-confidence",
    "warning",
    "an unreviewed machine translation the model itself was unsure of: its `#. mt-score:` "
    "(mean log-probability per token of the least sure sentence) is under --min-score",
)
def check_low_confidence(context: CheckContext, entry: Entry) -> None:
    """Our own. Only fuzzy entries: once a person has reviewed it, the model's doubt is moot."""
    score = machine_score(entry.unit)
    if score is not None and entry.unit.isfuzzy() and score < context.min_score:
        raise CheckFailure(
            f"the model was unsure of this translation (score {score:.2f}, under "
            f"{context.min_score:.2f}): review it first"
        )
