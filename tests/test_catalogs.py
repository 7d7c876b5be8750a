"""Catalog reading, writing, merging and compiling, including the library traps in DESIGN.md."""

from __future__ import annotations

import gettext
import os
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from i18n_pipeline import catalogs
from i18n_pipeline.catalogs import SourceEntry
from i18n_pipeline.errors import InputError, PipelineError
from i18n_pipeline.locales import parse_locale
from tests.helpers import MSGFMT, msgfmt_check, verify_catalog

AZ = parse_locale("az")

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: news\\n"
"Language: az\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def write(tmp_path: Path, body: str, name: str = "messages.po") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n" + body, encoding="utf-8")
    return path


def entry(msgid: str, ref: str, kind: str = "paragraph") -> SourceEntry:
    return SourceEntry(msgid=msgid, references=(ref,), kinds=(kind,))


# ---------------------------------------------------------------- traps from DESIGN.md


def test_previous_msgid_survives_read_write(tmp_path: Path) -> None:
    """Babel's read_po turns `#| msgid` into a translator comment (Babel #206); we must not."""
    body = '#, fuzzy\n#| msgid "Close it"\nmsgid "Close"\nmsgstr "Bağla"\n'
    path = write(tmp_path, body)
    # The trap itself: Babel loses the previous msgid.
    with open(path, "rb") as handle:
        babel_catalog = read_po(handle)
    assert not babel_catalog["Close"].previous_id
    store = catalogs.read_catalog(path)
    catalogs.write_catalog(store, path)
    text = path.read_text(encoding="utf-8")
    assert '#| msgid "Close it"\n' in text
    assert "# | msgid" not in text
    unit = next(u for u in catalogs.read_catalog(path).units if u.source == "Close")
    assert unit.prev_source == "Close it"
    msgfmt_check(path)


def test_unterminated_string_is_an_error_with_its_line(tmp_path: Path) -> None:
    """Babel accepts `msgstr "Bağla` and returns `Bağl`; we report file and line."""
    path = write(tmp_path, 'msgid "Close"\nmsgstr "Bağla\n\nmsgid "Open"\nmsgstr "Aç"\n')
    before = path.read_bytes()
    with pytest.raises(InputError) as info:
        catalogs.read_catalog(path)
    assert info.value.line == 11
    assert str(info.value).startswith(f"{path}:11: ")
    assert path.read_bytes() == before
    if MSGFMT:
        result = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True)
        assert result.returncode != 0


def test_duplicate_msgid_is_an_error(tmp_path: Path) -> None:
    """Babel drops a duplicate silently and Translate Toolkit keeps both: our own check."""
    path = write(tmp_path, 'msgid "Open"\nmsgstr "Aç"\n\nmsgid "Open"\nmsgstr "Açıq"\n')
    with pytest.raises(InputError) as info:
        catalogs.read_catalog(path)
    assert info.value.line == 13
    assert "duplicate message definition (first defined at line 10)" in str(info.value)


def test_same_msgid_in_two_contexts_is_not_a_duplicate(tmp_path: Path) -> None:
    body = 'msgctxt "menu"\nmsgid "Open"\nmsgstr "Aç"\n\nmsgid "Open"\nmsgstr "Açıq"\n'
    store = catalogs.read_catalog(write(tmp_path, body))
    assert len([u for u in store.units if u.source == "Open"]) == 2


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(HEADER.encode() + b'\nmsgid "Close"\nmsgstr "Ba\xc4"\n')
    with pytest.raises(InputError) as info:
        catalogs.read_catalog(path)
    assert info.value.line == 11
    assert "invalid UTF-8 byte sequence" in str(info.value)


def test_broken_plural_forms_header(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text(HEADER.replace("nplurals=2; plural=(n != 1);", "nplurals=two"), "utf-8")
    with pytest.raises(InputError, match="invalid Plural-Forms header"):
        catalogs.read_catalog(path)


def test_write_mo_leaves_out_untranslated_plurals(tmp_path: Path) -> None:
    """Babel's write_mo would ship the English plural; compile must leave it out like msgfmt."""
    body = (
        'msgid "%(count)s comment"\nmsgid_plural "%(count)s comments"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "%(count)s view"\nmsgid_plural "%(count)s views"\n'
        'msgstr[0] "%(count)s baxış"\nmsgstr[1] "%(count)s baxış"\n\n'
        '#, fuzzy\nmsgid "Politics"\nmsgstr "Siyasət"\n\n'
        'msgid "Close"\nmsgstr "Bağla"\n'
    )
    path = write(tmp_path, body)
    result = catalogs.compile_catalog(path)
    assert (result.translated, result.fuzzy, result.untranslated) == (2, 1, 1)
    with open(result.mo_path, "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert mo.ngettext("%(count)s comment", "%(count)s comments", 5) == "%(count)s comments"
    assert "%(count)s comment" not in mo._catalog.get(("%(count)s comment", 0), "")  # type: ignore[attr-defined]
    assert ("%(count)s comment", 0) not in mo._catalog  # type: ignore[attr-defined]
    assert mo.ngettext("%(count)s view", "%(count)s views", 3) == "%(count)s baxış"
    assert mo.gettext("Politics") == "Politics"  # fuzzy stays out
    assert mo.gettext("Close") == "Bağla"
    assert mo.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    if MSGFMT:
        reference = tmp_path / "reference.mo"
        subprocess.run([MSGFMT, "-o", str(reference), str(path)], check=True)
        with open(reference, "rb") as handle:
            expected = gettext.GNUTranslations(handle)
        assert mo._catalog == expected._catalog  # type: ignore[attr-defined]


def test_fuzzy_header_does_not_drop_the_catalog(tmp_path: Path) -> None:
    """Babel's compile skips a catalog whose header is fuzzy; msgfmt does not."""
    path = tmp_path / "messages.po"
    path.write_text("#, fuzzy\n" + HEADER + '\nmsgid "Close"\nmsgstr "Bağla"\n', "utf-8")
    result = catalogs.compile_catalog(path)
    assert result.header_fuzzy
    with open(result.mo_path, "rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Close") == "Bağla"


def test_layout_round_trips_byte_for_byte(tmp_path: Path) -> None:
    """A catalog in msgcat's layout is written back unchanged: clean diffs in version control."""
    long = "A long paragraph " * 12
    body = (
        f'#. kind: paragraph\n#: a.txt:3 a.txt:9\n#, fuzzy\nmsgid ""\n"{long}"\nmsgstr "x"\n\n'
        '# translator note\nmsgctxt "menu"\nmsgid "Home page"\nmsgstr "Ana səhifə"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Köhnə"\n'
    )
    path = write(tmp_path, body)
    if MSGFMT:
        subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    before = path.read_bytes()
    catalogs.write_catalog(catalogs.read_catalog(path), path)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- new catalogs and writing


def test_new_catalog_header_passes_msgfmt(tmp_path: Path) -> None:
    store = catalogs.new_catalog(AZ, "news")
    catalogs.sync_document(store, [entry("Close the door.", "a.txt:1")], "a.txt")
    catalogs.touch_header(store, AZ)
    path = catalogs.catalog_path(tmp_path, "az", "news")
    catalogs.write_catalog(store, path)
    assert path == tmp_path / "az" / "LC_MESSAGES" / "news.po"
    header = catalogs.read_catalog(path).parseheader()
    assert header["Language"] == "az"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in header["Content-Type"]
    verify_catalog(path)


@pytest.mark.parametrize(
    ("code", "nplurals"), [("az", 2), ("tr", 2), ("ru", 3), ("ar", 6), ("ur", 2)]
)
def test_plural_forms_from_cldr(code: str, nplurals: int) -> None:
    store = catalogs.new_catalog(parse_locale(code), "news")
    assert store.parseheader()["Plural-Forms"].startswith(f"nplurals={nplurals};")


def test_atomic_write_keeps_old_file_when_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 'msgid "Close"\nmsgstr "Bağla"\n')
    before = path.read_bytes()
    store = catalogs.read_catalog(path)
    store.units[1].target = "Bağlayın"

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PipelineError, match="No space left on device"):
        catalogs.write_catalog(store, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messages.po"]


def test_unwritable_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "locales"
    blocker.write_text("a file, not a directory")
    with pytest.raises(PipelineError, match="cannot write"):
        catalogs.write_catalog(catalogs.new_catalog(AZ, "x"), blocker / "az" / "x.po")


# ---------------------------------------------------------------- merging documents


def _units(store: catalogs.Store) -> dict[str, catalogs.Unit]:
    return {u.source: u for u in store.units if not u.isheader()}


def test_sync_new_document_lists_pending_in_order() -> None:
    store = catalogs.new_catalog(AZ, "news")
    result = catalogs.sync_document(
        store, [entry("Title", "a.txt:1", "title"), entry("Body.", "a.txt:3")], "a.txt"
    )
    assert [u.source for u in result.pending] == ["Title", "Body."]
    assert [u.source for u in store.units if not u.isheader()] == ["Title", "Body."]
    assert catalogs.own_comments(result.units[0], catalogs.KIND_PREFIX) == ["title"]


def test_sync_keeps_translations_and_reuses_them() -> None:
    store = catalogs.new_catalog(AZ, "news")
    first = catalogs.sync_document(store, [entry("Body.", "a.txt:3")], "a.txt")
    first.pending[0].target = "Mətn."  # reviewed by a person
    again = catalogs.sync_document(store, [entry("Body.", "a.txt:5")], "a.txt")
    assert again.pending == [] and again.reused == 1
    unit = _units(store)["Body."]
    assert unit.target == "Mətn." and not unit.isfuzzy()
    assert unit.getlocations() == ["a.txt:5"]


def test_changed_paragraph_gets_previous_msgid_and_old_one_goes_obsolete() -> None:
    store = catalogs.new_catalog(AZ, "news")
    old = "The ferry leaves Baku at 9 a.m. every day."
    new = "The ferry leaves Baku at 10 a.m. every day."
    catalogs.sync_document(store, [entry(old, "a.txt:3")], "a.txt")
    _units(store)[old].target = "Bərə hər gün səhər 9-da Bakıdan yola düşür."
    result = catalogs.sync_document(store, [entry(new, "a.txt:3")], "a.txt")
    assert [u.source for u in result.pending] == [new]
    assert result.pending[0].prev_source == old
    assert result.obsoleted == 1
    units = _units(store)
    assert units[old].isobsolete()
    assert units[old].target.startswith("Bərə")  # the human's work is kept in #~


def test_obsolete_entry_comes_back_with_its_translation() -> None:
    store = catalogs.new_catalog(AZ, "news")
    catalogs.sync_document(store, [entry("Body.", "a.txt:3")], "a.txt")
    _units(store)["Body."].target = "Mətn."
    catalogs.sync_document(store, [entry("Other.", "a.txt:3")], "a.txt")
    assert _units(store)["Body."].isobsolete()
    result = catalogs.sync_document(store, [entry("Body.", "a.txt:3")], "a.txt")
    unit = next(u for u in result.units if u.source == "Body.")
    assert not unit.isobsolete() and unit.target == "Mətn."
    assert result.pending == []


def test_shared_domain_leaves_other_documents_alone() -> None:
    store = catalogs.new_catalog(AZ, "news")
    catalogs.sync_document(
        store, [entry("Shared.", "a.txt:1"), entry("Only A.", "a.txt:2")], "a.txt"
    )
    catalogs.sync_document(
        store, [entry("Shared.", "b.txt:7"), entry("Only B.", "b.txt:2")], "b.txt"
    )
    assert _units(store)["Shared."].getlocations() == ["a.txt:1", "b.txt:7"]
    # b.txt drops everything: its own entry goes obsolete, the shared one stays for a.txt.
    result = catalogs.sync_document(store, [], "b.txt")
    units = _units(store)
    assert result.obsoleted == 1 and units["Only B."].isobsolete()
    assert not units["Shared."].isobsolete()
    assert units["Shared."].getlocations() == ["a.txt:1"]
    assert not units["Only A."].isobsolete()


def test_new_entry_is_inserted_where_the_document_has_it() -> None:
    store = catalogs.new_catalog(AZ, "news")
    catalogs.sync_document(store, [entry("One.", "a.txt:1"), entry("Three.", "a.txt:5")], "a.txt")
    catalogs.sync_document(
        store,
        [entry("One.", "a.txt:1"), entry("Two.", "a.txt:3"), entry("Three.", "a.txt:5")],
        "a.txt",
    )
    assert [u.source for u in store.units if not u.isheader()] == ["One.", "Two.", "Three."]


def test_many_documents_sync_in_one_pass_as_one_by_one() -> None:
    """sync_documents gives the catalog sync_document gives document by document."""
    docs = [
        [entry("One.", "a.txt:1"), entry("Shared.", "a.txt:2")],
        [entry("Two.", "b.txt:1"), entry("Shared.", "b.txt:5"), entry("Three.", "b.txt:7")],
        [entry("Four.", "c.txt:1")],
    ]
    names = ["a.txt", "b.txt", "c.txt"]
    one_by_one = catalogs.new_catalog(AZ, "news")
    for entries, name in zip(docs, names, strict=True):
        catalogs.sync_document(one_by_one, entries, name)
    batch = catalogs.new_catalog(AZ, "news")
    result = catalogs.sync_documents(batch, list(zip(docs, names, strict=True)))
    assert catalogs.serialize_catalog(batch) == catalogs.serialize_catalog(one_by_one)
    assert [u.source for u in result.pending] == ["One.", "Shared.", "Two.", "Three.", "Four."]
    # A second run with b.txt changed: a new entry between two old ones, one gone.
    docs[1] = [entry("Two.", "b.txt:1"), entry("Two and a half.", "b.txt:3"),
               entry("Shared.", "b.txt:5")]  # fmt: skip
    for entries, name in zip(docs, names, strict=True):
        catalogs.sync_document(one_by_one, entries, name)
    again = catalogs.sync_documents(batch, list(zip(docs, names, strict=True)))
    assert catalogs.serialize_catalog(batch) == catalogs.serialize_catalog(one_by_one)
    assert again.obsoleted == 1 and _units(batch)["Three."].isobsolete()
    order = [u.source for u in batch.units if not u.isheader() and not u.isobsolete()]
    assert order == ["One.", "Two.", "Two and a half.", "Shared.", "Four."]


def test_text_moved_to_another_document_keeps_its_machine_provenance() -> None:
    """A paragraph moved from a.txt to b.txt in one run stays the same entry: never obsolete
    on the way (which dropped its `#. mt:` line and its fuzzy flag, so machine output
    looked reviewed)."""
    store = catalogs.new_catalog(AZ, "news")
    catalogs.sync_documents(
        store, [([entry("Moved.", "a.txt:3")], "a.txt"), ([entry("Stays.", "b.txt:1")], "b.txt")]
    )
    catalogs.set_machine_translation(_units(store)["Moved."], "Köçdü.", "pseudo x (0) 2026-12-02")
    result = catalogs.sync_documents(
        store,
        [([], "a.txt"), ([entry("Stays.", "b.txt:1"), entry("Moved.", "b.txt:9")], "b.txt")],
    )
    unit = _units(store)["Moved."]
    assert result.obsoleted == 0 and not unit.isobsolete()
    assert unit.isfuzzy() and unit.target == "Köçdü."
    assert catalogs.own_comments(unit, catalogs.MT_PREFIX) == ["pseudo x (0) 2026-12-02"]
    assert unit.getlocations() == ["b.txt:9"]


def test_machine_translation_is_fuzzy_with_provenance(tmp_path: Path) -> None:
    store = catalogs.new_catalog(AZ, "news")
    result = catalogs.sync_document(store, [entry("Hello %(name)s.", "a.txt:1")], "a.txt")
    catalogs.set_machine_translation(
        result.pending[0], "Salam.", "transformers tiny (abc) 2026-11-26", ["lost %(name)s"]
    )
    path = tmp_path / "news.po"
    catalogs.write_catalog(store, path)
    text = path.read_text("utf-8")
    assert "#. mt: transformers tiny (abc) 2026-11-26\n" in text
    assert "#. mt-check: lost %(name)s\n" in text
    assert "#, fuzzy" in text
    mo = verify_catalog(path)
    assert mo.gettext("Hello %(name)s.") == "Hello %(name)s."  # fuzzy never reaches the site


def test_catalog_paths_is_what_check_and_evaluate_read(tmp_path: Path) -> None:
    """One rule for "these paths" (check, stats, report, evaluate): files as given, a locales
    directory's catalogs, any PO below another directory, TMX only where asked for."""
    from i18n_pipeline.errors import UsageError

    az = tmp_path / "locales/az/LC_MESSAGES/news.po"
    tr = tmp_path / "locales/tr/LC_MESSAGES/news.po"
    loose = tmp_path / "drafts/old/site.po"
    memory = tmp_path / "locales/memory.tmx"
    for path in (az, tr, loose, memory):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    locales, drafts = tmp_path / "locales", tmp_path / "drafts"
    assert catalogs.catalog_paths([locales, az, drafts]) == [az, tr, loose]  # no repeats
    assert catalogs.catalog_paths([locales], also=(".tmx",)) == [az, tr, memory]
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no PO or TMX files under"):
        catalogs.catalog_paths([tmp_path / "empty"], also=(".tmx",))
    with pytest.raises(InputError, match="no such file or directory"):
        catalogs.catalog_paths([tmp_path / "missing.po"])
