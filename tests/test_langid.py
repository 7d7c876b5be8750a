"""Language ID for blocks: strings left in another language are found, English with
Azerbaijani names is not mistaken for Azerbaijani."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.text.langid import block_language, identify_language, language_scores


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bizə yazın", "az"),
        ("Xəbər lenti Bağla", "az"),
        ("Xocalı soyqırımı — 1992-ci il Bağla", "az"),
        ("Bərə hər gün səhər 9-da Bakıdan yola düşür.", "az"),
        ("Мы открыты каждый день", "ru"),
        # English, even with names in Azerbaijani spelling:
        ("Gəncə mayor visits Şəki", "en"),
        ("Publishers from Türkiye, Kazakhstan and Georgia took part.", "en"),
        ("Nizami Gəncəvi museum", "en"),
        ("See also", "en"),
        ("The ferry leaves at 9 a.m.", "en"),
        ("", "en"),
    ],
)
def test_block_language_for_an_english_page(text: str, expected: str) -> None:
    assert block_language(text, "en") == expected


def test_an_azerbaijani_page_keeps_its_own_text() -> None:
    assert block_language("Bağla", "az") == "az"
    assert block_language("Bərə hər gün səhər 9-da Bakıdan yola düşür.", "az_AZ") == "az"


def test_identify_language_between_candidates() -> None:
    found = identify_language("The ferry leaves Baku at nine every morning.", ["en", "az"])
    assert found is not None and found[0] == "en" and found[1] > 0.9


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("Bize yazin", "en", "tr"),  # Azerbaijani typed without its letters: Turkish-looking
        ("Bağla", "en", "tr"),  # one word: Turkish and Azerbaijani alike, not English
        ("Story number 4", "en", "en"),
        ("Close", "az", "en"),  # an English UI word on an Azerbaijani page
        ("Read more", "az", "en"),
        ("Bağla", "az", "az"),
    ],
)
def test_short_strings_are_judged(text: str, source: str, expected: str) -> None:
    assert block_language(text, source) == expected


def test_the_runs_targets_are_candidates_too() -> None:
    assert block_language("Закрыть", "en", others=["uk"]) != "en"
    assert language_scores("Bağla", ["en", "az"])["az"] > 0.9


def test_leftover_ui_strings_never_reach_an_english_catalog(tmp_path: Path) -> None:
    """A page of an Azerbaijani site in English, its UI strings left in Azerbaijani."""
    article = tmp_path / "ferry.txt"
    article.write_text(
        "Ferry line to Aktau reopens\n\n"
        "The ferry line between Baku and Aktau reopens next week after repairs.\n\n"
        "Bağla\n\nBize yazin\n\nBizə yazın\n\n"
        "Tickets go on sale on Monday at the port office.\n",
        "utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["translate", str(article), "--to", "az", "--engine", "pseudo",
         "--pseudo-into-real-locale", "--locales-dir", str(tmp_path / "locales"), "--quiet"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    store = catalogs.read_catalog(tmp_path / "locales/az/LC_MESSAGES/ferry.po")
    msgids = {str(u.source) for u in store.units if not u.isheader()}
    assert "Ferry line to Aktau reopens" in msgids
    assert "Tickets go on sale on Monday at the port office." in msgids
    assert not msgids & {"Bağla", "Bize yazin", "Bizə yazın"}
