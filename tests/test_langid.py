"""Language ID for blocks: strings left in another language are found, English with
Azerbaijani names is not mistaken for Azerbaijani."""

from __future__ import annotations

import pytest

from i18n_pipeline.text.langid import block_language, identify_language


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


def test_other_sources_need_long_confident_text() -> None:
    assert block_language("Bağla", "az") == "az"
    assert block_language("Bərə hər gün səhər 9-da Bakıdan yola düşür.", "az_AZ") == "az"


def test_identify_language_between_candidates() -> None:
    found = identify_language("The ferry leaves Baku at nine every morning.", ["en", "az"])
    assert found is not None and found[0] == "en" and found[1] > 0.9
