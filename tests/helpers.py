"""Checks every test of a written catalog uses: msgfmt -c, compile, load with Python's gettext."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

from i18n_pipeline.catalogs import compile_catalog

MSGFMT = shutil.which("msgfmt")


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
