"""MO files for C translations with glibc's `I` flag (`%Id`): written as msgfmt writes them.

msgfmt stores such a translation as a system-dependent string: Python's gettext does not see it
(it shows the source, where a static "%Id" would make `%` raise ValueError), GNU libintl puts
the I back on glibc. Our MO must give the same lookups, in Python and in a C program.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from i18n_pipeline.catalogs import compile_catalog
from i18n_pipeline.catalogs.mofile import glibc_i_flags

# A Nautilus-like Arabic catalog (constructed: no C catalog ships in a pip wheel). No
# POT-Creation-Date: msgfmt leaves that header line out of the MO, we keep the header verbatim.
CATALOG = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: ar\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 "
"&& n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\n"

#, c-format
msgctxt "selection"
msgid "%d item"
msgid_plural "%d items"
msgstr[0] "لا عناصر"
msgstr[1] "عنصر واحد"
msgstr[2] "عنصرين"
msgstr[3] "%Id عناصر"
msgstr[4] "%'Id عنصرًا"
msgstr[5] "%1$Id عنصر"

#, c-format
msgid "%d files"
msgstr "%Id ملفات"

#, c-format
msgid "100%% of %d"
msgstr "100%%Id من %Id"

msgid "Plain"
msgstr "عادي"

#, c-format
msgid "%d folder"
msgid_plural "%d folders"
msgstr[0] "لا مجلدات"
msgstr[1] "مجلد واحد"
msgstr[2] "مجلدان"
msgstr[3] "%d مجلدات"
msgstr[4] "%d مجلدًا"
msgstr[5] "%d مجلد"
"""

PROGRAM = r"""
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
int main(int argc, char **argv) {
    setlocale(LC_ALL, "");
    bindtextdomain("nautilus", argv[1]);
    textdomain("nautilus");
    printf("%s|", gettext("Plain"));
    printf(gettext("%d files"), 5);
    printf("|");
    printf(ngettext("selection\004%d item", "%d items", 7), 7);  /* npgettext */
    printf("|");
    printf(ngettext("%d folder", "%d folders", 7), 7);
    printf("\n");
    return 0;
}
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "ours" / "ar" / "LC_MESSAGES" / "nautilus.po"
    path.parent.mkdir(parents=True)
    path.write_text(CATALOG, encoding="utf-8")
    return path


def test_glibc_i_flag_positions() -> None:
    assert glibc_i_flags("%Id ملفات") == [1]
    assert glibc_i_flags("%1$Id and %'Id") == [3, 12]
    assert glibc_i_flags("100%%Id") == []  # "%%" is a percent sign, "Id" plain text
    assert glibc_i_flags("%I, %s, %d") == []  # an I with no conversion after it


def test_python_gettext_sees_what_it_sees_in_msgfmts_mo(catalog: Path) -> None:
    compile_catalog(catalog)
    with catalog.with_suffix(".mo").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Plain") == "عادي"
    assert translations.ngettext("%d folder", "%d folders", 7) % 7 == "7 مجلدات"
    # Not in the static table: the source, which `%` formats, rather than "%Id ملفات".
    assert translations.gettext("%d files") % 5 == "5 files"
    assert translations.npgettext("selection", "%d item", "%d items", 1) == "%d item"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_the_mo_is_msgfmts_byte_for_byte(catalog: Path, tmp_path: Path) -> None:
    compile_catalog(catalog)
    reference = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "-o", str(reference), str(catalog)], check=True)
    assert catalog.with_suffix(".mo").read_bytes() == reference.read_bytes()


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_a_c_program_gets_the_translations(catalog: Path, tmp_path: Path) -> None:
    compile_catalog(catalog)
    source = tmp_path / "lookup.c"
    source.write_text(PROGRAM, encoding="utf-8")
    program = tmp_path / "lookup"
    subprocess.run(["cc", "-o", str(program), str(source)], check=True)
    env = {**os.environ, "LANGUAGE": "ar", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [str(program), str(tmp_path / "ours")], capture_output=True, text=True, env=env
    )
    if done.stdout.startswith("Plain|"):
        pytest.skip("this libc ignores LANGUAGE under C.UTF-8")
    # glibc's printf knows the I flag; in the C.UTF-8 locale its digits are ASCII.
    assert done.stdout == "عادي|5 ملفات|7 عناصر|7 مجلدات\n"
