"""QA checks for PO catalogs: what pofilter and Weblate find, as small registered functions.

Every check has the shape of Babel's `checkers.py`: a function `(context, entry) -> None` that
raises `CheckFailure` with a one-line message, registered in `CHECKS` with a name, a severity and
an explanation. Where Translate Toolkit's `translate.filters.checks` (what `pofilter` runs) gets
a case right for news text, the check wraps it; where it is wrong or has nothing (printf in
prose with "50%", markup nesting, numbers with locale separators, "..." vs "…", e-mails before a
full stop, glossary, length, language, plural counts), the check is our own.

Checks run on translated and fuzzy entries; an untranslated entry gets only the `untranslated`
warning (it has nothing else to check). Checks read catalogs and never write them.

One module per family of checks (`placeholders`, `markup`, `addresses`, `numbers`,
`whitespace`, `punctuation`, `wording`, `entries`, `glossary`, `language`), each registering
its checks with `base.register`; `running` applies them to entries and catalogs.
"""

# Each family registers its checks when imported: this order is the order in which checks run
# and `check --list` shows them.
# isort: off
from i18n_pipeline.qa.checks import placeholders as placeholders
from i18n_pipeline.qa.checks import markup as markup
from i18n_pipeline.qa.checks import addresses as addresses
from i18n_pipeline.qa.checks import numbers as numbers
from i18n_pipeline.qa.checks import whitespace as whitespace
from i18n_pipeline.qa.checks import punctuation as punctuation
from i18n_pipeline.qa.checks import wording as wording
from i18n_pipeline.qa.checks import entries as entries
from i18n_pipeline.qa.checks import glossary as glossary
from i18n_pipeline.qa.checks import language as language
# isort: on

from i18n_pipeline.qa.checks.base import (
    CHECKS,
    Check,
    CheckContext,
    CheckFailure,
    Entry,
    Finding,
    GlossaryTerm,
    Severity,
    register,
)
from i18n_pipeline.qa.checks.glossary import load_glossary
from i18n_pipeline.qa.checks.running import (
    catalog_paths,
    check_catalog,
    check_entry,
    check_store,
    context_for,
    entry_for,
    header_findings,
    live_units,
    msgid_line,
    select_checks,
)

__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckFailure",
    "Entry",
    "Finding",
    "GlossaryTerm",
    "Severity",
    "catalog_paths",
    "check_catalog",
    "check_entry",
    "check_store",
    "context_for",
    "entry_for",
    "header_findings",
    "live_units",
    "load_glossary",
    "msgid_line",
    "register",
    "select_checks",
]
