"""extract, init, update and the shipped catalogs, each read back as every tool reads it."""

from __future__ import annotations

import difflib
import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result
from translate.misc.multistring import multistring

from i18n_pipeline import catalogs
from i18n_pipeline.catalogs import catalog_path, compile_catalog, read_catalog, write_catalog
from i18n_pipeline.catalogs.templates import (
    FUZZY_MATCH_THRESHOLD,
    build_template,
    init_catalog,
    read_template,
    update_catalogs,
)
from i18n_pipeline.cli import main
from tests.helpers import msgfmt_check, verify_catalog

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "examples" / "site"
MSGMERGE = shutil.which("msgmerge")
LONG = (
    "The Baku Book Fair opens on Thursday in the exhibition centre on Heydar Aliyev Avenue, "
    "with more than three hundred publishers from twenty countries, readings by authors from "
    "Azerbaijan, Turkey and Georgia, a children's hall with workshops every morning, and a "
    "programme of talks about translation that runs until Sunday evening."
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def babel_read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def read_back(po_path: Path) -> gettext.GNUTranslations:
    """Babel, our strict reader, `msgfmt -c`, compile, load with Python's gettext."""
    babel_read(po_path)
    read_catalog(po_path)
    return verify_catalog(po_path)


def live(path: Path) -> dict[tuple[str, str], catalogs.Unit]:
    store = read_catalog(path)
    return {
        (u.getcontext() or "", str(u.source)): u
        for u in store.units
        if not u.isheader() and not u.isobsolete()
    }


def write_pot(path: Path, entries: list[tuple[str, str | tuple[str, str]]]) -> Path:
    """A template with (msgctxt, msgid or (singular, plural)) entries."""
    store = catalogs.Store()
    store.init_headers(charset="UTF-8", encoding="8bit")
    for context, msgid in entries:
        unit = store.UnitClass("")
        unit.source = multistring(list(msgid)) if isinstance(msgid, tuple) else msgid
        if context:
            unit.setcontext(context)
        unit.target = multistring(["", ""]) if isinstance(msgid, tuple) else ""
        store.addunit(unit)
    write_catalog(store, path)
    return path


def translate(path: Path, translations: dict[tuple[str, str], str | list[str]]) -> None:
    store = read_catalog(path)
    for unit in store.units:
        key = (unit.getcontext() or "", str(unit.source))
        if key in translations:
            text = translations[key]
            unit.target = multistring(text) if isinstance(text, list) else text
            unit.markfuzzy(False)
    write_catalog(store, path)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


# --------------------------------------------------------------------------- extract


def test_extract_the_example_site(site: Path) -> None:
    result = invoke("extract", "site", "-o", "locales/messages.pot")
    assert result.exit_code == 0, result.output
    assert "34 messages (5 plural, 3 with context) from 7 files" in result.output
    pot = Path("locales/messages.pot")
    msgfmt_check(pot)
    read_template(pot)
    messages = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in babel_read(pot)}

    close = messages[(None, "Close")]  # template and JavaScript merge into one entry
    assert close.locations == [("site/static/js/site.js", 13), ("site/templates/base.html", 29)]
    for message in messages.values():
        assert all(not path.startswith("/") for path, _ in message.locations)

    assert "python-brace-format" in messages[(None, "By {author}")].flags
    assert "python-format" in messages[(None, "Published on %(date)s")].flags
    comments = messages[(None, "%(count)s comment")]  # {% trans count=... %}{% pluralize %}
    assert comments.id == ("%(count)s comment", "%(count)s comments")
    assert comments.auto_comments == ['"count" is the number of reader comments under the article.']
    assert messages[(None, "%(num)d new article since your last visit")].pluralizable  # ngettext
    assert messages[("newsroom", "%(num)d story")].pluralizable  # npgettext
    assert messages[("verb", "Open")].auto_comments == [
        "button that opens the article in a new browser tab (a verb)."
    ]
    assert messages[("menu", "Open")].locations[0][0] == "site/static/js/site.js"
    js = messages[(None, "%(count)s new comment")]
    assert js.auto_comments == ['shown while the reader is on the page; "count" is a number.']
    # `trimmed = true` in babel.cfg: the multi-line trans block is one line.
    assert (None, "No article matches your search. Try another word.") in messages
    assert (None, "Politics") in messages  # lazy_gettext


def test_extract_outside_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(SITE, tmp_path / "src" / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    store, files = build_template(tmp_path / "src" / "site")
    assert files == 7
    locations = [loc for unit in store.units for loc in unit.getlocations()]
    assert locations and all(loc.startswith("site/") for loc in locations)


def test_extract_without_a_mapping_file_uses_the_defaults(site: Path) -> None:
    (site / "babel.cfg").unlink()
    store, _ = build_template(site)
    ids = {str(u.source) for u in store.units}
    assert {"By {author}", "Close", "Loading…", "See also"} <= ids


def test_extract_reports_a_broken_template_with_its_line(site: Path) -> None:
    (site / "templates" / "broken.html").write_text("<p>\n{% trans %}Hello{% endfor %}\n")
    result = invoke("extract", "site", "-o", "out.pot")
    assert result.exit_code == 2
    assert "site/templates/broken.html:2: cannot extract messages" in result.output
    assert not Path("out.pot").exists()


def test_extract_reports_a_broken_mapping_file(site: Path) -> None:
    Path("bad.cfg").write_text("python: **.py]\n")
    result = invoke("extract", "site", "--mapping", "bad.cfg", "-o", "out.pot")
    assert result.exit_code == 2
    assert "bad.cfg" in result.output and "invalid mapping file" in result.output


# --------------------------------------------------------------------------- init


@pytest.mark.parametrize(
    ("locale", "nplurals"), [("az", 2), ("tr", 2), ("ru", 3), ("ar", 6), ("ur", 2)]
)
def test_init_writes_cldr_plural_forms(site: Path, locale: str, nplurals: int) -> None:
    assert invoke("extract", "site", "-o", "locales/messages.pot").exit_code == 0
    result = invoke("init", "--to", locale, "--input", "locales/messages.pot")
    assert result.exit_code == 0, result.output
    po = Path("locales", locale, "LC_MESSAGES", "messages.po")
    read_back(po)
    catalog = babel_read(po)
    assert catalog.num_plurals == nplurals
    assert str(catalog.locale) == locale
    plural = catalog.get("%(count)s comment")
    assert plural.string == ("",) * nplurals
    assert len(catalog) == 34
    header = read_catalog(po).parseheader()
    assert header["Plural-Forms"].startswith(f"nplurals={nplurals};")
    assert header["Language"] == locale


def test_init_refuses_to_overwrite(site: Path) -> None:
    invoke("extract", "site", "-o", "locales/messages.pot")
    assert invoke("init", "-l", "az", "-i", "locales/messages.pot").exit_code == 0
    po = Path("locales/az/LC_MESSAGES/messages.po")
    before = po.read_bytes()
    result = invoke("init", "-l", "az", "-i", "locales/messages.pot")
    assert result.exit_code == 1
    assert "already exists" in result.output and "update" in result.output
    assert po.read_bytes() == before


def test_init_never_replaces_a_catalog_created_while_it_worked(site: Path) -> None:
    """Another run holds the catalog's lock and creates the catalog: init waits, then refuses."""
    import threading

    from i18n_pipeline.catalogs.locking import catalog_lock
    from i18n_pipeline.errors import PipelineError

    invoke("extract", "site", "-o", "locales/messages.pot")
    po = Path("locales/az/LC_MESSAGES/messages.po")
    errors: list[Exception] = []

    def run_init() -> None:
        try:
            init_catalog("locales/messages.pot", "az")
        except PipelineError as error:
            errors.append(error)

    with catalog_lock(po):
        worker = threading.Thread(target=run_init)
        worker.start()
        worker.join(0.5)
        assert worker.is_alive() and not po.exists()  # waiting for the lock, nothing written
        po.write_text('msgid ""\nmsgstr "Language: az\\n"\n\nmsgid "Close"\nmsgstr "Bağla"\n')
    worker.join(10)
    assert len(errors) == 1 and "meanwhile" in str(errors[0])
    assert 'msgstr "Bağla"' in po.read_text("utf-8")


def test_init_rejects_bad_locale_and_reads_an_xgettext_template(tmp_path: Path) -> None:
    pot = tmp_path / "x.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    path = init_catalog(pot, "ru", tmp_path / "locales", "x")
    assert babel_read(path).get("%d file").string == ("", "", "")
    read_back(path)
    result = invoke("init", "--to", "../x", "-i", str(pot), "--locales-dir", str(tmp_path))
    assert result.exit_code == 2 and "--to" in result.output


# --------------------------------------------------------------------------- update

RU = {
    ("", "Close"): "Закрыть",
    ("", "Write to us"): "Напишите нам",
    ("", "See also"): "См. также",
    ("", LONG): "Бакинская книжная ярмарка открывается в четверг.",
    ("menu", "Open"): "Открыть меню",
    ("verb", "Open"): "Открыть",
    ("", "%(count)s comment"): [
        "%(count)s комментарий",
        "%(count)s комментария",
        "%(count)s комментариев",
    ],
}
FIRST = [
    ("", "Close"),
    ("", "Write to us"),
    ("", "See also"),
    ("", LONG),
    ("menu", "Open"),
    ("verb", "Open"),
    ("", ("%(count)s comment", "%(count)s comments")),
    ("", "Untranslated"),
]


def test_update_cycle_keeps_every_translation(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    pot = write_pot(tmp_path / "messages.pot", FIRST)
    po = init_catalog(pot, "ru", locales)
    translate(po, RU)
    ru = read_back(po)
    forms = {n: ru.ngettext("%(count)s comment", "%(count)s comments", n) for n in (1, 2, 5, 21)}
    assert forms == {
        1: "%(count)s комментарий",
        2: "%(count)s комментария",
        5: "%(count)s комментариев",
        21: "%(count)s комментарий",
    }

    # A template change: a small edit to a long string, "Write to us" reworded, "See also" gone,
    # the verb "Open" now "Open it" (its context is the only one it may borrow from), a new string.
    edited = LONG.replace("Thursday", "Friday")
    second = [
        ("", "Close"),
        ("", "Write to us today"),
        ("", edited),
        ("menu", "Open"),
        ("verb", "Open it"),
        ("", ("%(count)s comment", "%(count)s comments")),
        ("", "Untranslated"),
        ("", "Brand new"),
    ]
    write_pot(pot, second)
    (result,) = update_catalogs(pot, locales)
    stats = result.stats
    assert (stats.kept, stats.fuzzy, stats.added, stats.obsoleted) == (4, 3, 1, 4)
    read_back(po)
    units = live(po)
    assert units[("", "Close")].target == "Закрыть" and not units[("", "Close")].isfuzzy()
    long_unit = units[("", edited)]
    assert long_unit.isfuzzy() and long_unit.target == RU[("", LONG)]
    assert long_unit.prev_source == LONG
    assert units[("", "Write to us today")].target == "Напишите нам"
    verb = units[("verb", "Open it")]
    assert verb.isfuzzy() and verb.target == "Открыть"  # not "Открыть меню" from "menu"
    assert units[("", "Brand new")].target == ""
    text = po.read_text(encoding="utf-8")
    assert '#~ msgid "See also"\n#~ msgstr "См. также"' in text
    assert '#| msgid "Write to us"' in text
    babel = babel_read(po)
    assert ("See also", None) in {(m.id, m.context) for m in babel.obsolete.values()}

    # "See also" comes back: its translation returns, reviewed as it was.
    write_pot(pot, [*second, ("", "See also")])
    (result,) = update_catalogs(pot, locales, locales=["ru"])
    assert result.stats.resurrected == 1
    units = live(po)
    assert units[("", "See also")].target == "См. также"
    assert not units[("", "See also")].isfuzzy()
    assert read_back(po).gettext("See also") == "См. также"


def test_update_never_borrows_across_contexts(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    pot = write_pot(tmp_path / "m.pot", [("menu", "Open"), ("verb", "Open")])
    po = init_catalog(pot, "az", locales)
    translate(po, {("menu", "Open"): "Menyunu aç", ("verb", "Open"): "Aç"})
    write_pot(pot, [("menu", "Open"), ("status", "Open")])
    update_catalogs(pot, locales)
    units = live(po)
    assert units[("menu", "Open")].target == "Menyunu aç"
    assert units[("status", "Open")].target == ""  # no translation from another msgctxt
    read_back(po)


@pytest.mark.skipif(MSGMERGE is None, reason="GNU gettext not installed")
def test_small_edit_to_a_long_string_like_msgmerge(tmp_path: Path) -> None:
    """msgmerge finds the old translation of a long string after a one-word edit; so do we."""
    edited = LONG.replace("Azerbaijan,", "Kazakhstan,")
    # difflib's default autojunk would score this 0.57 and lose the translation.
    assert difflib.SequenceMatcher(None, LONG, edited).ratio() < FUZZY_MATCH_THRESHOLD
    locales = tmp_path / "locales"
    pot = write_pot(tmp_path / "m.pot", [("", LONG)])
    po = init_catalog(pot, "az", locales)
    translate(po, {("", LONG): "Bakı Kitab Sərgisi cümə axşamı açılır."})
    write_pot(pot, [("", edited)])
    gnu = tmp_path / "gnu.po"
    subprocess.run([MSGMERGE, "-q", "--previous", "-o", str(gnu), str(po), str(pot)], check=True)
    update_catalogs(pot, locales)
    ours, theirs = live(po)[("", edited)], live(gnu)[("", edited)]
    assert ours.isfuzzy() and theirs.isfuzzy()
    assert ours.target == theirs.target == "Bakı Kitab Sərgisi cümə axşamı açılır."
    assert ours.prev_source == theirs.prev_source == LONG
    read_back(po)


def test_update_clears_a_fuzzy_header_so_compile_keeps_the_catalog(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    pot = write_pot(tmp_path / "m.pot", [("", "Close")])
    po = init_catalog(pot, "az", locales)
    translate(po, {("", "Close"): "Bağla"})
    po.write_text("#, fuzzy\n" + po.read_text(encoding="utf-8"), encoding="utf-8")
    assert babel_read(po).fuzzy
    update_catalogs(pot, locales)
    assert not babel_read(po).fuzzy
    assert not compile_catalog(po).header_fuzzy
    assert read_back(po).gettext("Close") == "Bağla"


def test_update_reshapes_plural_entries_for_the_locale(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    pot = write_pot(tmp_path / "m.pot", [("", "%(num)s story"), ("", "Close")])
    po = init_catalog(pot, "ru", locales)
    translate(po, {("", "%(num)s story"): "%(num)s материал", ("", "Close"): "Закрыть"})
    # The string became a plural entry: three forms for ru, fuzzy until someone checks them.
    write_pot(pot, [("", ("%(num)s story", "%(num)s stories")), ("", "Close")])
    update_catalogs(pot, locales)
    unit = live(po)[("", "%(num)s story")]
    assert unit.hasplural() and unit.isfuzzy()
    assert [str(s) for s in unit.target.strings] == ["%(num)s материал"] * 3
    assert babel_read(po).get("%(num)s story").string == ("%(num)s материал",) * 3
    read_back(po)


def test_update_errors(tmp_path: Path) -> None:
    pot = write_pot(tmp_path / "m.pot", [("", "Close")])
    result = invoke("update", "-i", str(pot), "--locales-dir", str(tmp_path / "none"))
    assert result.exit_code == 1 and "create one with `init`" in result.output
    init_catalog(pot, "az", tmp_path / "locales")
    result = invoke(
        "update", "-i", str(pot), "--locales-dir", str(tmp_path / "locales"), "-l", "tr"
    )
    assert result.exit_code == 1 and "tr/LC_MESSAGES/messages.po: no such catalog" in result.output
    result = invoke("update", "-i", str(tmp_path / "missing.pot"))
    assert result.exit_code == 2 and "missing.pot" in result.output


# --------------------------------------------------------------------------- shipped catalogs


def test_shipped_template_matches_the_example_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    store, _ = build_template(SITE)
    extracted = {(u.getcontext(), str(u.source)) for u in store.units if not u.isheader()}
    shipped = read_template(ROOT / "locales" / "messages.pot")
    assert extracted == {(u.getcontext(), str(u.source)) for u in shipped.units if not u.isheader()}


CHECKS = {
    "az": ("Bağla", "Bizə yazın", "Ana səhifə", "Menyunu aç", "Aç", ["%(count)s şərh"] * 2),
    "tr": ("Kapat", "Bize yazın", "Ana sayfa", "Menüyü aç", "Aç", ["%(count)s yorum"] * 2),
    "ru": (
        "Закрыть",
        "Напишите нам",
        "Главная",
        "Открыть меню",
        "Открыть",
        ["%(count)s комментарий", "%(count)s комментария", "%(count)s комментариев"],
    ),
}


@pytest.mark.parametrize("locale", sorted(CHECKS))
def test_shipped_catalogs_are_reviewed_and_load(locale: str, tmp_path: Path) -> None:
    po = catalog_path(ROOT / "locales", locale, "messages")
    msgfmt_check(po)
    catalog = babel_read(po)
    store = read_catalog(po)
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 34
    assert all(u.target and not u.isfuzzy() and not u.isobsolete() for u in units)
    assert not catalog.fuzzy
    compiled = compile_catalog(po, tmp_path / "messages.mo")
    assert (compiled.translated, compiled.fuzzy, compiled.untranslated) == (34, 0, 0)
    with compiled.mo_path.open("rb") as handle:
        t = gettext.GNUTranslations(handle)
    close, write, home, menu_open, verb_open, forms = CHECKS[locale]
    assert t.gettext("Close") == close
    assert t.gettext("Write to us") == write
    assert t.gettext("Home page") == home
    assert t.pgettext("menu", "Open") == menu_open
    assert t.pgettext("verb", "Open") == verb_open
    expected = {1: 0, 2: 1, 5: 2, 21: 0} if len(forms) == 3 else {1: 0, 2: 1, 5: 1, 21: 1}
    for n, form in expected.items():
        assert t.ngettext("%(count)s comment", "%(count)s comments", n) == forms[form]
    assert t.gettext("By {author}").format(author="Aynur").endswith("Aynur")
