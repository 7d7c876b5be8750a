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

from i18n_pipeline.qa.checks.base import CHECKS as CHECKS
from i18n_pipeline.qa.checks.base import PSEUDO_EXEMPT as PSEUDO_EXEMPT
from i18n_pipeline.qa.checks.base import Check as Check
from i18n_pipeline.qa.checks.base import CheckContext as CheckContext
from i18n_pipeline.qa.checks.base import CheckFailure as CheckFailure
from i18n_pipeline.qa.checks.base import Entry as Entry
from i18n_pipeline.qa.checks.base import Finding as Finding
from i18n_pipeline.qa.checks.base import GlossaryTerm as GlossaryTerm
from i18n_pipeline.qa.checks.base import Severity as Severity
from i18n_pipeline.qa.checks.base import register as register
from i18n_pipeline.qa.checks.glossary import load_glossary as load_glossary
from i18n_pipeline.qa.checks.running import check_catalog as check_catalog
from i18n_pipeline.qa.checks.running import check_entry as check_entry
from i18n_pipeline.qa.checks.running import check_store as check_store
from i18n_pipeline.qa.checks.running import context_for as context_for
from i18n_pipeline.qa.checks.running import entry_for as entry_for
from i18n_pipeline.qa.checks.running import header_findings as header_findings
from i18n_pipeline.qa.checks.running import live_units as live_units
from i18n_pipeline.qa.checks.running import msgid_line as msgid_line
from i18n_pipeline.qa.checks.running import select_checks as select_checks
