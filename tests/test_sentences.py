"""Sentence splitting: boundaries on news copy, and the lossless split/join invariant."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n_pipeline.text.sentences import (
    Sentence,
    join_sentences,
    segmenter_language,
    split_long,
    split_sentences,
)


def texts(paragraph: str, lang: str = "en") -> list[str]:
    return [s.text for s in split_sentences(paragraph, lang)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Gen. Bajwa met Dr. Aliyeva in the U.S. on Monday. They talked for an hour.",
            ["Gen. Bajwa met Dr. Aliyeva in the U.S. on Monday.", "They talked for an hour."],
        ),
        (
            "Prices rose 3.5 percent, e.g. for bread. The report is dated 2021.06.23 here.",
            ["Prices rose 3.5 percent, e.g. for bread.", "The report is dated 2021.06.23 here."],
        ),
        (
            "Ferry No. 4 left at 10 a.m. on Friday. Pier No. 12 is closed.",
            ["Ferry No. 4 left at 10 a.m. on Friday.", "Pier No. 12 is closed."],
        ),
        (
            "See p. 5 for details. Vol. 2 is out now.",
            ["See p. 5 for details.", "Vol. 2 is out now."],
        ),
        (
            "The shop is on Nizami St. The owner opened it in 1998.",
            ["The shop is on Nizami St.", "The owner opened it in 1998."],
        ),
        (
            "Visit St. Petersburg in June. It is light all night.",
            ["Visit St. Petersburg in June.", "It is light all night."],
        ),
        (
            "J. R. R. Tolkien wrote the letters. They are now in Azerbaijani.",
            ["J. R. R. Tolkien wrote the letters.", "They are now in Azerbaijani."],
        ),
        (
            'She said "We will win." Then she left the hall.',
            ['She said "We will win."', "Then she left the hall."],
        ),
        (
            "The fair sold 3.5 million manat of books. Nobody expected it!",
            ["The fair sold 3.5 million manat of books.", "Nobody expected it!"],
        ),
        (
            "Capt. Elvin Mammadov and Prof. Rauf Hasanov spoke. Is it true? Yes.",
            ["Capt. Elvin Mammadov and Prof. Rauf Hasanov spoke.", "Is it true?", "Yes."],
        ),
        (
            "Departures from Alat: Mon., Wed. and Fri. Cabins have two beds.",
            ["Departures from Alat: Mon., Wed. and Fri.", "Cabins have two beds."],
        ),
        (
            "The work ends in Oct. 2026, approx. two years late. Nobody is surprised.",
            ["The work ends in Oct. 2026, approx. two years late.", "Nobody is surprised."],
        ),
    ],
)
def test_news_sentence_boundaries(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


def test_azerbaijani_uses_fallback_rules() -> None:
    assert segmenter_language("az") == "en"
    assert segmenter_language("az-Latn-AZ") == "en"
    assert segmenter_language("ru_RU") == "ru"
    paragraph = "Gəmi saat 9-da yola düşdü. Səfər 12.5 saat çəkir. «Çox şadıq» dedi kapitan."
    assert texts(paragraph, "az") == [
        "Gəmi saat 9-da yola düşdü.",
        "Səfər 12.5 saat çəkir.",
        "«Çox şadıq» dedi kapitan.",
    ]


@pytest.mark.parametrize(
    ("lang", "paragraph", "expected"),
    [
        (
            "az",
            "Bakı şəh. Nəsimi ray. sakini Əli Məmmədov saxlanılıb. Polis araşdırma aparır.",
            ["Bakı şəh. Nəsimi ray. sakini Əli Məmmədov saxlanılıb.", "Polis araşdırma aparır."],
        ),
        (
            "az",
            "Tədbirdə akad. Rəşid Əliyev və dos. Leyla Əliyeva çıxış etdi. Sonra konsert.",
            ["Tədbirdə akad. Rəşid Əliyev və dos. Leyla Əliyeva çıxış etdi.", "Sonra konsert."],
        ),
        (
            "az",
            "Azadlıq pr. 12 ünvanında kitabxana açıldı. Şəhər e.ə. 350-ci ildə salınıb.",
            ["Azadlıq pr. 12 ünvanında kitabxana açıldı.", "Şəhər e.ə. 350-ci ildə salınıb."],
        ),
        (  # "və s." (etc.) can end a sentence: before a capital it does
            "az",
            "Kitablar, jurnallar və s. Sərgi bazar günü bağlanır.",
            ["Kitablar, jurnallar və s.", "Sərgi bazar günü bağlanır."],
        ),
        (
            "tr",
            "Doç. Dr. Ayşe Kaya ve Yrd. Doç. Mehmet Demir katıldı. Panel başarılı geçti.",
            ["Doç. Dr. Ayşe Kaya ve Yrd. Doç. Mehmet Demir katıldı.", "Panel başarılı geçti."],
        ),
        (
            "tr",
            "Prof. Dr. Ahmet Yılmaz, Atatürk Cad. No. 5 adresinde konuştu. Toplantı sürdü.",
            ["Prof. Dr. Ahmet Yılmaz, Atatürk Cad. No. 5 adresinde konuştu.", "Toplantı sürdü."],
        ),
    ],
)
def test_azerbaijani_and_turkish_abbreviations(
    lang: str, paragraph: str, expected: list[str]
) -> None:
    """pysbd's English rules (az and tr have none of their own) cut after each of these."""
    assert texts(paragraph, lang) == expected


def test_turkic_abbreviations_do_not_change_english() -> None:
    assert texts("The boat left at 9 from the pr. Then it rained.", "en") == [
        "The boat left at 9 from the pr.",
        "Then it rained.",
    ]


def test_spacing_is_kept_exactly() -> None:
    paragraph = "  First one.   Second one.\n\nThird one.\t"
    sentences = split_sentences(paragraph)
    assert sentences == [
        Sentence("", "  "),
        Sentence("First one.", "   "),
        Sentence("Second one.", "\n\n"),
        Sentence("Third one.", "\t"),
    ]
    translated = join_sentences(["", "Birinci.", "İkinci.", "Üçüncü."], sentences)
    assert translated == "  Birinci.   İkinci.\n\nÜçüncü.\t"


def test_empty_and_blank_paragraphs() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n ") == [Sentence("", " \n ")]


def test_join_refuses_a_count_mismatch() -> None:
    with pytest.raises(ValueError, match="2 texts for 1 sentences"):
        join_sentences(["a", "b"], [Sentence("a", "")])


def test_split_long_prefers_clause_boundaries() -> None:
    sentence = "The ferry left Alat at nine; it reached the port by night, late, tired and empty."
    pieces = split_long(sentence, 40)
    assert [p.text for p in pieces] == [
        "The ferry left Alat at nine;",
        "it reached the port by night, late,",
        "tired and empty.",
    ]
    assert join_sentences([p.text for p in pieces], pieces) == sentence
    assert split_long("short", 40) == [Sentence("short", "")]


def test_split_long_cuts_inside_a_word_as_a_last_resort() -> None:
    pieces = split_long("a" * 25, 10)
    assert [p.text for p in pieces] == ["a" * 10, "a" * 10, "a" * 5]
    with pytest.raises(ValueError):
        split_long("abc", 0)


# Arbitrary text with what news copy from this region contains: Azerbaijani letters, Cyrillic,
# RTL script, emoji, quotes, backslashes, dots and all kinds of whitespace.
_ALPHABET = st.sampled_from(
    [
        *"abcXYZ019 .,;:!?\"'«»“”\\\n\t\r\u00a0\u2028əğıöşüçƏĞİÖŞÜÇжЖسلام😀👍🏽",
        *("Dr. ", "U.S. ", "No. ", "3.5 ", "2021.06.23 ", "e.g. ", "St. The "),
    ]
)
_TEXT = st.one_of(st.lists(_ALPHABET, max_size=60).map("".join), st.text(max_size=80))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from(["en", "az", "ru", "ar"]))
def test_split_then_join_is_identity(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    assert join_sentences([s.text for s in sentences], sentences) == text
    for index, sentence in enumerate(sentences):
        assert sentence.text == sentence.text.strip()
        assert not sentence.space_after.strip()
        assert sentence.text or index == 0  # only a leading-whitespace holder may be empty


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(min_value=1, max_value=30))
def test_split_long_then_join_is_identity(text: str, max_chars: int) -> None:
    pieces = split_long(text, max_chars)
    assert join_sentences([p.text for p in pieces], pieces) == text
    assert all(len(p.text) <= max_chars for p in pieces)
    assert all(not p.space_after.strip() for p in pieces)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_the_single_sentence_shortcut_agrees_with_pysbd(text: str) -> None:
    """Text with no sentence mark before its end skips pysbd: the result must be the same."""
    from i18n_pipeline.text import sentences as module

    full = module._sentences_from_cuts(
        text, module._merge_and_split(text, module._pysbd_cuts(text, "en"))
    )
    assert split_sentences(text) == full or not text


def test_pysbd_compiles_each_pattern_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """pysbd writes its regexes from the text (one per abbreviation found): they come from a
    cache of their own, so a paragraph seen again compiles nothing, and the sentences are the
    ones pysbd gives with the plain `re` module."""
    import re
    import sys

    from i18n_pipeline.text import sentences as module

    paragraph = (
        "Prof. Rahimova and Capt. Aliyev met Gen. Bajwa at 9 a.m. on Nizami St. in Baku. "
        "They spoke about No. 4, Vol. 2 and e.g. the U.S. plan. It ended at 3 p.m. sharp."
    )
    assert sys.modules["pysbd.abbreviation_replacer"].re is module._PYSBD_RE
    cached = texts(paragraph)
    misses = module._PYSBD_RE.compile.cache_info().misses
    assert texts(paragraph) == cached
    assert module._PYSBD_RE.compile.cache_info().misses == misses
    for name, loaded in list(sys.modules.items()):
        if name.startswith("pysbd") and getattr(loaded, "re", None) is module._PYSBD_RE:
            monkeypatch.setattr(loaded, "re", re)
    assert texts(paragraph) == cached
    assert len(cached) == 3
