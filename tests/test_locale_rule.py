"""One rule for which locale a catalog is: its `<locale>/LC_MESSAGES/` folder (what gettext
serves it as), else its Language header; a header that disagrees is warned about, the same way
in every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main

CATALOG = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: tr\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    'msgid "Close"\nmsgstr "Bağla"\n\nmsgid "Read more"\nmsgstr ""\n'
)


@pytest.fixture
def disagreeing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "locales/az/LC_MESSAGES/site.po"
    path.parent.mkdir(parents=True)
    path.write_text(CATALOG, encoding="utf-8")
    return path


def test_the_folder_wins_and_the_header_is_warned_about(disagreeing: Path) -> None:
    store = catalogs.read_catalog(disagreeing)
    assert catalogs.locale_code(disagreeing, store) == "az"
    assert catalogs.catalog_locale(disagreeing, store).code == "az"
    message = catalogs.locale_disagreement(disagreeing, store)
    assert message is not None and "'tr'" in message and "az/LC_MESSAGES" in message
    # Outside a locale folder the header is all there is, and nothing disagrees.
    loose = disagreeing.parent.parent.parent.parent / "site.po"
    loose.write_text(CATALOG, encoding="utf-8")
    assert catalogs.locale_code(loose, catalogs.read_catalog(loose)) == "tr"
    assert catalogs.locale_disagreement(loose, catalogs.read_catalog(loose)) is None


def test_every_command_reads_the_same_locale(disagreeing: Path) -> None:
    runner = CliRunner()
    stats = json.loads(runner.invoke(main, ["stats", "locales", "--json"]).stdout)
    assert [row["locale"] for row in stats["catalogs"]] == ["az"]
    check = runner.invoke(main, ["check", str(disagreeing), "--only", "language-header"])
    assert "the Language header says 'tr'" in check.stdout and "warning" in check.stdout
    assert "language-header" in check.stdout
    # A check of its own: asking for plural forms is not told about the header, and back.
    plurals = runner.invoke(main, ["check", str(disagreeing), "--only", "plural-forms"])
    assert "the Language header says" not in plurals.stdout
    skipped = runner.invoke(main, ["check", str(disagreeing), "--skip", "language-header"])
    assert "the Language header says" not in skipped.stdout
    translated = runner.invoke(
        main, ["translate", str(disagreeing), "--engine", "pseudo", "--pseudo-into-real-locale"]
    )
    assert translated.exit_code == 0, translated.output
    assert "warning:" in translated.stderr and "'tr'" in translated.stderr
    exported = runner.invoke(main, ["export", str(disagreeing), "--format", "tmx", "-o", "out.tmx"])
    assert exported.exit_code == 0, exported.output
    assert 'xml:lang="az"' in Path("out.tmx").read_text("utf-8")
