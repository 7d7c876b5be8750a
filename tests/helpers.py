"""Checks every test of a written catalog uses: msgfmt -c, compile, load with Python's gettext."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

from i18n_pipeline.catalogs import compile_catalog

MSGFMT = shutil.which("msgfmt")

# A Russian catalog's header (CLDR's three plural forms) and one untranslated plural entry.
RU_PLURAL_CATALOG = """\
msgid ""
msgstr ""
"Language: ru\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
"(n%100<10 || n%100>=20) ? 1 : 2);\\n"

#, python-format
msgid "%(count)s comment"
msgid_plural "%(count)s comments"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
"""


def msgfmt_check(po_path: Path) -> None:
    """`msgfmt -c` must accept the catalog (skipped where GNU gettext is not installed)."""
    if MSGFMT is None:
        return
    result = subprocess.run(
        [MSGFMT, "-c", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def load_compiled(po_path: Path) -> gettext.GNUTranslations:
    """Compile with our compiler and load the MO the way a Python site would."""
    result = compile_catalog(po_path)
    with open(result.mo_path, "rb") as handle:
        return gettext.GNUTranslations(handle)


def verify_catalog(po_path: Path) -> gettext.GNUTranslations:
    msgfmt_check(po_path)
    return load_compiled(po_path)
