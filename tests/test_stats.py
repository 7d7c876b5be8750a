"""Statistics: the same counts as `msgfmt --statistics`, plus words, obsolete and percentages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline.cli import main
from i18n_pipeline.qa.stats import catalog_stats

QA = Path(__file__).resolve().parent / "data" / "qa"
CLEAN = QA / "clean" / "az" / "LC_MESSAGES" / "news.po"
PLANTED = QA / "planted" / "az" / "LC_MESSAGES" / "news.po"

# Edge cases where counting rules differ: fuzzy without text, half-translated plural, obsolete.
EDGES = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: az\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, fuzzy
#| msgid "Old text"
msgid "Hello"
msgstr "Salam"

msgid "Empty"
msgstr ""

#, fuzzy
msgid "Empty and fuzzy"
msgstr ""

msgid "One book"
msgid_plural "%d books"
msgstr[0] "%d kitab"
msgstr[1] ""

#, fuzzy
msgid "One <b>new</b> author"
msgid_plural "%d new authors"
msgstr[0] "%d yeni müəllif"
msgstr[1] "%d yeni müəllif"

#~ msgid "gone for good"
#~ msgstr "həmişəlik getdi"
"""


def msgfmt_statistics(path: Path) -> dict[str, int]:
    """Parse `msgfmt --statistics` (C locale): translated / fuzzy / untranslated counts."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext is not installed")
    result = subprocess.run(
        [msgfmt, "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    path = tmp_path / "az" / "LC_MESSAGES" / "edges.po"
    path.parent.mkdir(parents=True)
    path.write_text(EDGES, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["clean", "planted", "edges"])
def test_counts_agree_with_msgfmt(name: str, edges: Path) -> None:
    path = {"clean": CLEAN, "planted": PLANTED, "edges": edges}[name]
    stats = catalog_stats(path)
    assert {
        "translated": stats.translated.entries,
        "fuzzy": stats.fuzzy.entries,
        "untranslated": stats.untranslated.entries,
    } == msgfmt_statistics(path)


def test_edge_counts_words_and_percent(edges: Path) -> None:
    stats = catalog_stats(edges)
    assert (stats.translated.entries, stats.fuzzy.entries, stats.untranslated.entries) == (1, 2, 2)
    assert stats.obsolete.entries == 1
    assert stats.obsolete.words == 3
    assert stats.fuzzy.words == 1 + 3 + 3  # "Hello"; tags and numbers are not words
    assert stats.percent == pytest.approx(20.0)
    assert stats.msgfmt_line() == (
        "1 translated message, 2 fuzzy translations, 2 untranslated messages."
    )
    assert (stats.locale, stats.domain) == ("az", "edges")


def test_locale_from_header_outside_the_layout(tmp_path: Path) -> None:
    path = tmp_path / "news.po"
    path.write_text(EDGES, encoding="utf-8")
    assert catalog_stats(path).locale == "az"


def test_cli_stats_table_and_json(edges: Path) -> None:
    root = edges.parent.parent.parent
    shutil.copy(CLEAN, edges.parent / "news.po")
    runner = CliRunner()
    table = runner.invoke(main, ["stats", str(root)])
    assert table.exit_code == 0, table.output
    assert "az" in table.stdout and "edges" in table.stdout and "(all)" in table.stdout
    data = json.loads(runner.invoke(main, ["stats", str(root), "--json"]).stdout)
    by_domain = {row["domain"]: row for row in data["catalogs"]}
    assert by_domain["edges"]["untranslated"] == {"entries": 2, "words": 4}
    assert by_domain["news"]["percent"] == pytest.approx(93.1)
    assert data["locales"]["az"]["translated"]["entries"] == 28
    bad = runner.invoke(main, ["stats", str(root / "nope.po")])
    assert bad.exit_code == 2
