"""export (i18next, Jed, TMX, XLIFF) and import (XLIFF, TMX), through the CLI as a user would."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree
from translate.storage import poxliff, tmx

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.exchange import i18next_placeholders, plural_categories
from i18n_pipeline.locales import parse_locale
from tests.helpers import verify_catalog

DATA = Path(__file__).resolve().parent / "data" / "exports"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def ru(tmp_path: Path) -> Path:
    """A copy of the test catalog in the gettext layout."""
    path = catalogs.catalog_path(tmp_path / "locales", "ru", "messages")
    path.parent.mkdir(parents=True)
    shutil.copy(DATA / "ru.po", path)
    return path


def units(path: Path) -> dict[tuple[str, str], catalogs.Unit]:
    store = catalogs.read_catalog(path)
    return {
        (u.getcontext() or "", str(u.source)): u
        for u in store.units
        if not u.isheader() and not u.isobsolete()
    }


# --------------------------------------------------------------------------- i18next


def test_i18next_plural_suffixes_context_and_placeholders(ru: Path, tmp_path: Path) -> None:
    out = tmp_path / "ru.json"
    result = invoke("export", ru, "--format", "i18next", "-o", out)
    assert result.exit_code == 0, result.output
    assert "6 entries (ru), 3 left out" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == {
        "Welcome to Caspian News.": "Добро пожаловать в Caspian News.",
        "Open_menu": "Открыть меню",
        "Open_verb": "Открыть",
        "Published on %(date)s": "Опубликовано {{date}}",
        "By {author}": "Автор: {{author}}",
        "%(count)s comment_one": "{{count}} комментарий",
        "%(count)s comment_few": "{{count}} комментария",
        "%(count)s comment_many": "{{count}} комментариев",
    }  # fuzzy "See also", empty "Back to top" and the empty plural are left out

    kept = tmp_path / "kept.json"
    assert invoke("export", ru, "-f", "i18next", "-o", kept, "--keep-placeholders").exit_code == 0
    assert json.loads(kept.read_text())["%(count)s comment_one"] == "%(count)s комментарий"


def test_plural_categories_follow_cldr_not_position() -> None:
    assert plural_categories(parse_locale("ru")) == [("one", 0), ("few", 1), ("many", 2)]
    assert plural_categories(parse_locale("az")) == [("one", 0), ("other", 1)]
    # A French catalog with the classic 2-form header: CLDR's `many` (1 000 000) takes the
    # second form, which mapping forms to categories by position would get wrong.
    classic = replace(parse_locale("fr"), nplurals=2, plural_expr="(n > 1)")
    assert plural_categories(classic) == [("one", 0), ("many", 1), ("other", 1)]
    assert [tag for tag, _ in plural_categories(parse_locale("ar"))] == [
        "zero",
        "one",
        "two",
        "few",
        "many",
        "other",
    ]


def test_i18next_placeholder_conversion() -> None:
    assert i18next_placeholders("%(num)d of {total}, {{kept}}, 50%") == (
        "{{num}} of {{total}}, {{kept}}, 50%"
    )


# --------------------------------------------------------------------------- Jed


def test_jed_has_the_plural_forms_header_and_gettext_js_keys(ru: Path, tmp_path: Path) -> None:
    out = tmp_path / "ru.jed.json"
    assert invoke("export", ru, "--format", "jed", "-o", out).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["domain"] == "messages"
    messages = data["locale_data"]["messages"]
    header = messages[""]
    assert header["lang"] == header["language"] == "ru"
    assert header["plural_forms"] == header["plural-forms"]
    assert header["plural_forms"].startswith("nplurals=3; plural=n % 10 == 1")
    assert messages["menu\u0004Open"] == ["Открыть меню"]
    assert messages["%(count)s comment"] == [
        "%(count)s комментарий",
        "%(count)s комментария",
        "%(count)s комментариев",
    ]
    assert "See also" not in messages and "Back to top" not in messages


# --------------------------------------------------------------------------- TMX


def test_tmx_one_unit_per_reviewed_entry(ru: Path, tmp_path: Path) -> None:
    out = tmp_path / "ru.tmx"
    result = invoke("export", ru, "--format", "tmx", "-o", out)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out)).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "en" and header.get("creationdate") == "20261120T103000Z"
    tus = root.findall("body/tu")
    assert len(tus) == 5  # the plural, fuzzy and empty entries are left out
    for tu in tus:
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en", "ru"]
        assert tu.get("creationdate") == "20261120T103000Z"
    store = tmx.tmxfile.parsefile(str(out))
    contexts = {(u.getcontext(), u.source): u.target for u in store.units}
    assert contexts[("menu", "Open")] == "Открыть меню"
    assert contexts[("verb", "Open")] == "Открыть"
    # Same bytes from the same catalog: the dates come from PO-Revision-Date.
    again = tmp_path / "again.tmx"
    invoke("export", ru, "--format", "tmx", "-o", again)
    assert again.read_bytes() == out.read_bytes()


def test_tmx_feeds_the_translation_memory_of_translate(tmp_path: Path) -> None:
    """PO → TMX → `translate --memory FILE.tmx` reuses it for a new article."""
    article = tmp_path / "fair.txt"
    first = "The book fair opens on Monday in the old town of the city."
    second = "Tickets are free for students and pensioners on every day."
    article.write_text(f"{first}\n\n{second}\n", encoding="utf-8")
    done = catalogs.catalog_path(tmp_path / "old", "az", "done")
    done.parent.mkdir(parents=True)
    done.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: az\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        f'msgid "{first}"\nmsgstr "Kitab sərgisi bazar ertəsi şəhərin köhnə hissəsində açılır."\n',
        encoding="utf-8",
    )
    memory = tmp_path / "az.tmx"
    assert invoke("export", done, "--format", "tmx", "-o", memory).exit_code == 0

    result = invoke(
        "translate", article, "--to", "az", "--engine", "memory", "--memory", memory,
        "--locales-dir", tmp_path / "locales", "--quiet",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    po = catalogs.catalog_path(tmp_path / "locales", "az", "fair")
    got = units(po)
    assert str(got[("", first)].target).startswith("Kitab sərgisi")
    assert got[("", first)].isfuzzy()  # exchanged memory is not reviewed here
    assert not got[("", second)].target
    verify_catalog(po)


def test_tmx_import_fills_untranslated_and_fuzzy_never_reviewed(ru: Path, tmp_path: Path) -> None:
    memory = tmp_path / "memory.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n'
        '<tu><tuv xml:lang="en"><seg>Back to top</seg></tuv>'
        '<tuv xml:lang="ru-RU"><seg>Наверх</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en"><seg>See also</seg></tuv><tuv xml:lang="ru"><seg>См. также</seg>'
        "</tuv></tu>\n"
        '<tu><tuv xml:lang="en"><seg>Welcome to Caspian News.</seg></tuv>'
        '<tuv xml:lang="ru"><seg>Привет</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en"><seg>Gone</seg></tuv><tuv xml:lang="ru"><seg>Нет</seg></tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    result = invoke("import", memory, "--into", ru)
    assert result.exit_code == 0, result.output
    assert "2 entries" in result.output and "1 not in the catalog" in result.output
    got = units(ru)
    assert str(got[("", "Back to top")].target) == "Наверх" and got[("", "Back to top")].isfuzzy()
    assert str(got[("", "See also")].target) == "См. также"
    assert str(got[("", "Welcome to Caspian News.")].target).startswith("Добро")  # reviewed kept
    verify_catalog(ru)

    assert invoke("import", memory, "--into", ru, "--reviewed").exit_code == 0
    assert not units(ru)[("", "Back to top")].isfuzzy()


# --------------------------------------------------------------------------- XLIFF


def test_xliff_12_has_every_entry_with_state_notes_and_context(ru: Path, tmp_path: Path) -> None:
    out = tmp_path / "ru.xlf"
    result = invoke("export", ru, "--format", "xliff", "-o", out)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{XLIFF}xliff" and root.get("version") == "1.2"
    file = root.find(f"{XLIFF}file")
    assert (file.get("source-language"), file.get("target-language")) == ("en", "ru")
    units_ = root.iter(f"{XLIFF}trans-unit")
    states = {u.findtext(f"{XLIFF}source"): u.find(f"{XLIFF}target").get("state") for u in units_}
    assert states["Welcome to Caspian News."] == "translated"
    assert states["See also"] == "needs-review-translation"
    assert states["Back to top"] == "needs-translation"
    assert states["%(num)s articles found"] == "needs-translation"
    assert len(list(root.iter(f"{XLIFF}group"))) == 2  # the two plural entries
    text = out.read_text(encoding="utf-8")
    assert '<context context-type="x-po-msgctxt">menu</context>' in text
    assert "The site's name stays in Latin letters." in text  # #. comment as a note
    assert "Reviewed by the desk editor." in text  # translator comment as a note
    assert "Project-Id-Version" not in text  # the PO header is no segment


def _confirm(xliff: Path, edits: dict[str, str], state: str = "translated") -> None:
    """What a translator's CAT tool does: write targets and confirm the segments."""
    tree = etree.parse(str(xliff))
    for unit in tree.iter(f"{XLIFF}trans-unit"):
        source = unit.findtext(f"{XLIFF}source")
        if source in edits:
            target = unit.find(f"{XLIFF}target")
            target.text = edits[source]
            target.set("state", state)
            unit.set("approved", "yes")
    tree.write(str(xliff), xml_declaration=True, encoding="UTF-8")


def test_xliff_round_trip_brings_reviewed_targets_back(ru: Path, tmp_path: Path) -> None:
    xliff = tmp_path / "ru.xlf"
    assert invoke("export", ru, "--format", "xliff", "-o", xliff).exit_code == 0
    # Fill the empty plural form by form: its units are [0] singular, [1] and [2] plural.
    tree = etree.parse(str(xliff))
    group = [g for g in tree.iter(f"{XLIFF}group") if "article found" in etree.tostring(g).decode()]
    for unit, text in zip(
        group[0].iter(f"{XLIFF}trans-unit"),
        ["%(num)s статья найдена", "%(num)s статьи найдены", "%(num)s статей найдено"],
        strict=True,
    ):
        unit.find(f"{XLIFF}target").text = text
        unit.find(f"{XLIFF}target").set("state", "signed-off")
    tree.write(str(xliff), xml_declaration=True, encoding="UTF-8")
    _confirm(xliff, {"Back to top": "Наверх", "See also": "См. также"})
    _confirm(
        xliff, {"Welcome to Caspian News.": "Не подтверждено"}, state="needs-review-translation"
    )

    result = invoke("import", xliff, "--into", ru)
    assert result.exit_code == 0, result.output
    assert "updated" in result.output and "3 entries" in result.output
    got = units(ru)
    assert str(got[("", "Back to top")].target) == "Наверх"
    assert not got[("", "See also")].isfuzzy() and str(got[("", "See also")].target) == "См. также"
    found = got[("", "%(num)s article found")]
    assert [str(s) for s in found.target.strings][2] == "%(num)s статей найдено"
    assert not found.isfuzzy()
    # An unconfirmed edit stays out; contexts, comments and plurals of other entries are intact.
    assert str(got[("", "Welcome to Caspian News.")].target) == "Добро пожаловать в Caspian News."
    assert got[("", "Welcome to Caspian News.")].getnotes("translator") == (
        "Reviewed by the desk editor."
    )
    assert str(got[("menu", "Open")].target) == "Открыть меню"
    assert str(got[("verb", "Open")].target) == "Открыть"
    t = verify_catalog(ru)
    assert t.ngettext("%(num)s article found", "%(num)s articles found", 21) == (
        "%(num)s статья найдена"
    )
    assert t.gettext("Back to top") == "Наверх"

    # The same file again changes nothing, and the catalog is not rewritten.
    before = ru.read_bytes()
    again = invoke("import", xliff, "--into", ru)
    assert again.exit_code == 0 and "unchanged" in again.output
    assert ru.read_bytes() == before


def test_xliff_from_translate_toolkit_also_imports(ru: Path, tmp_path: Path) -> None:
    """An XLIFF written by another tool through Translate Toolkit's poxliff (version 1.1)."""
    store = poxliff.PoXliffFile(sourcelanguage="en", targetlanguage="ru")
    unit = store.addsourceunit("Back to top", "messages.po", True)
    unit.target = "Наверх"
    unit.markfuzzy(False)
    unit.marktranslated()
    path = tmp_path / "other.xliff"
    path.write_bytes(bytes(store))
    result = invoke("import", path, "--into", ru)
    assert result.exit_code == 0, result.output
    assert str(units(ru)[("", "Back to top")].target) == "Наверх"


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        (
            "broken.xlf",
            '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<body>\n</file>\n</xliff>\n',
            5,
            "malformed XML",
        ),
        ("broken.tmx", '<tmx version="1.4">\n<body>\n<tu><tuv>\n</tmx>\n', 4, "malformed XML"),
        (  # the entity used to vanish: "X&xxe;Y" was stored as "XY" without a word
            "entity.tmx",
            '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n  <!ENTITY xxe "leaked">\n]>\n'
            '<tmx version="1.4"><header srclang="en"/><body>\n<tu><tuv xml:lang="en">'
            '<seg>Back to top</seg></tuv><tuv xml:lang="ru"><seg>X&xxe;Y</seg></tuv></tu>\n'
            "</body></tmx>\n",
            3,
            "cannot read TMX: it declares the XML entity 'xxe'",
        ),
        (
            "entity.xlf",
            '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY % ext SYSTEM "file:///etc/passwd">]>\n'
            '<xliff version="1.2"><file original="m" source-language="en" target-language="ru"'
            ' datatype="po"><body/></file></xliff>\n',
            2,
            "cannot read XLIFF: it declares the XML entity 'ext'",
        ),
    ],
)
def test_import_malformed_file_names_its_line_and_leaves_the_catalog(
    ru: Path, tmp_path: Path, name: str, content: str, line: int, message: str
) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    before = ru.read_bytes()
    result = invoke("import", bad, "--into", ru)
    assert result.exit_code == 2
    assert f"{bad}:{line}: {message}" in result.output
    assert ru.read_bytes() == before


def test_import_wrong_plural_count_or_language_leaves_the_catalog(ru: Path, tmp_path: Path) -> None:
    xliff = tmp_path / "ru.xlf"
    invoke("export", ru, "--format", "xliff", "-o", xliff)
    tree = etree.parse(str(xliff))
    group = next(tree.iter(f"{XLIFF}group"))
    last = list(group.iter(f"{XLIFF}trans-unit"))[-1]
    group.remove(last)
    for unit in group.iter(f"{XLIFF}trans-unit"):
        unit.find(f"{XLIFF}target").set("state", "final")
    _confirm_tree = tmp_path / "two-forms.xlf"
    tree.write(str(_confirm_tree), xml_declaration=True, encoding="UTF-8")
    _confirm(_confirm_tree, {"Back to top": "Наверх"})  # a good edit in the same file
    before = ru.read_bytes()
    result = invoke("import", _confirm_tree, "--into", ru)
    assert result.exit_code == 2
    assert "2 plural forms" in result.output and f"{_confirm_tree}:" in result.output
    assert ru.read_bytes() == before

    text = xliff.read_text(encoding="utf-8").replace('target-language="ru"', 'target-language="az"')
    wrong = tmp_path / "az.xlf"
    wrong.write_text(text, encoding="utf-8")
    result = invoke("import", wrong, "--into", ru)
    assert result.exit_code == 2 and "target-language is 'az'" in result.output
    assert ru.read_bytes() == before


def test_import_refuses_other_files_and_bad_catalogs(ru: Path, tmp_path: Path) -> None:
    other = tmp_path / "x.csv"
    other.write_text("a,b\n")
    assert invoke("import", other, "--into", ru).exit_code == 2
    xliff = tmp_path / "ru.xlf"
    invoke("export", ru, "--format", "xliff", "-o", xliff)
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = invoke("import", xliff, "--into", broken)
    assert result.exit_code == 2 and f"{broken}:" in result.output


# --------------------------------------------------------------------------- locales directories


def test_export_a_locales_directory_one_file_per_locale_and_domain(
    ru: Path, tmp_path: Path
) -> None:
    locales = ru.parent.parent.parent
    az = catalogs.catalog_path(locales, "az", "news")
    az.parent.mkdir(parents=True)
    az.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Close"\nmsgstr "Bağla"\n',
        encoding="utf-8",
    )  # no Language header: the folder names the locale
    out = tmp_path / "static" / "i18n"
    result = invoke("export", locales, "--format", "i18next", "-o", out)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "az" / "news.json").read_text()) == {"Close": "Bağla"}
    assert (out / "ru" / "messages.json").is_file()
    assert invoke("export", locales, "--format", "xliff", "-o", tmp_path / "x").exit_code == 0
    assert (tmp_path / "x" / "ru" / "messages.xlf").is_file()

    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("export", empty, "--format", "tmx", "-o", tmp_path / "y").exit_code == 2
