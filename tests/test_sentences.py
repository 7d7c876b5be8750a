"""Sentence splitting: boundaries on news copy, and the lossless split/join invariant."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n_pipeline.text.sentences import (
    Sentence,
    join_sentences,
    segmenter_language,
    sentence_splitter,
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


def test_the_splitter_is_chosen_per_language() -> None:
    """segtok where it measured best (en, tr, az), pysbd's own rules elsewhere."""
    assert [sentence_splitter(lang) for lang in ("en", "en-GB", "tr", "az-Latn-AZ")] == [
        "segtok"
    ] * 4
    assert sentence_splitter("ru_RU") == "pysbd:ru"
    assert sentence_splitter("ur") == "pysbd:ur"
    assert sentence_splitter("uz") == "pysbd:en"  # no rules of its own in pysbd
    assert segmenter_language("az") == "en"
    assert segmenter_language("az-Latn-AZ") == "en"
    assert segmenter_language("ru_RU") == "ru"


def test_azerbaijani_sentences() -> None:
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


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (  # a reference mark closes the sentence before it (Wikipedia-style pages)
            "The bridge opened in 1932. [4] It carried trams until 1960. [5]",
            ["The bridge opened in 1932. [4]", "It carried trams until 1960. [5]"],
        ),
        (
            "Trams ran here until 1960.[12] Buses replaced them. [3–5] The depot is a museum.",
            [
                "Trams ran here until 1960.[12]",
                "Buses replaced them. [3–5]",
                "The depot is a museum.",
            ],
        ),
        (  # "v." between two names
            "Brown v. Board of Education ended school segregation. It was decided in 1954.",
            ["Brown v. Board of Education ended school segregation.", "It was decided in 1954."],
        ),
        (  # a mark typed after a space still ends the sentence; a spaced ellipsis stays whole
            "The staff was friendly . The food was cold . . . We left early .",
            ["The staff was friendly .", "The food was cold . . .", "We left early ."],
        ),
        (  # chat text: a lower-case start after a plain word and a full stop, "?" or "!"
            "that's fine. i don't want to go. see you tomorrow",
            ["that's fine.", "i don't want to go.", "see you tomorrow"],
        ),
        ("any idea? thanks in advance", ["any idea?", "thanks in advance"]),
        (  # ... but not after an abbreviation, nor after a quoted question
            "Shares of Azersun Corp. common stock rose. Call ext. 2041 for details.",
            ["Shares of Azersun Corp. common stock rose.", "Call ext. 2041 for details."],
        ),
        (
            '"Where are we?" asked the driver. Nobody knew.',
            ['"Where are we?" asked the driver.', "Nobody knew."],
        ),
        (
            "“Where are we?” asked the driver. “Nowhere!” said a boy.",
            ["“Where are we?” asked the driver.", "“Nowhere!” said a boy."],
        ),
        (  # an ellipsis before a lower-case word is a pause, not an end
            "We waited... and waited. Then the bus came.",
            ["We waited... and waited.", "Then the bus came."],
        ),
        (  # circa before a year
            "The portrait dates from c. 1871 and hangs in the museum. It is small.",
            ["The portrait dates from c. 1871 and hangs in the museum.", "It is small."],
        ),
        ("First line without a stop\nSecond line", ["First line without a stop", "Second line"]),
        (  # a reference mark never moves across a line break
            "The bridge opened in 1932.\n[4] Trams came later.",
            ["The bridge opened in 1932.", "[4] Trams came later."],
        ),
        (
            "Trams came later. [4]\nThe depot closed.",
            ["Trams came later. [4]", "The depot closed."],
        ),
    ],
)
def test_english_rules_on_top_of_segtok(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


@pytest.mark.parametrize(
    ("lang", "paragraph", "expected"),
    [
        (  # a verb of saying after a quoted question or exclamation goes on the sentence
            "tr",
            "Kaç para? diye sordu adam. Sonra gitti.",
            ["Kaç para? diye sordu adam.", "Sonra gitti."],
        ),
        ("tr", "Tamam! dedi Ayşe. Kapı kapandı.", ["Tamam! dedi Ayşe.", "Kapı kapandı."]),
        ("az", "Gəlirəm! dedi Əli. Qapı bağlandı.", ["Gəlirəm! dedi Əli.", "Qapı bağlandı."]),
        (
            "tr",
            "Yaşasın! yaşasın! diye bağırdılar. Sonra sustular.",
            ["Yaşasın! yaşasın! diye bağırdılar.", "Sonra sustular."],
        ),
        (  # ordinals: a number and a full stop, in digits or in words
            "tr",
            "Kent 17. yüzyılda kuruldu. Bugün büyük bir şehir.",
            ["Kent 17. yüzyılda kuruldu.", "Bugün büyük bir şehir."],
        ),
        (
            "tr",
            "Kale onyedi. yüzyılda yıkıldı. Duvarları kaldı.",
            ["Kale onyedi. yüzyılda yıkıldı.", "Duvarları kaldı."],
        ),
        (  # a capital after a question still starts a sentence
            "tr",
            "Ne zaman geliyorsun? Yarın sabah geliyorum.",
            ["Ne zaman geliyorsun?", "Yarın sabah geliyorum."],
        ),
    ],
)
def test_turkish_and_azerbaijani_rules_on_top_of_segtok(
    lang: str, paragraph: str, expected: list[str]
) -> None:
    assert texts(paragraph, lang) == expected


def test_english_keeps_lower_case_starts_that_turkish_joins() -> None:
    english = ["It broke!", "dedi is what he wrote."]
    assert texts("It broke! dedi is what he wrote.", "en") == english
    turkish = ["It broke! dedi Ali.", "Sonra gitti."]
    assert texts("It broke! dedi Ali. Sonra gitti.", "tr") == turkish


@pytest.mark.parametrize(
    ("lang", "paragraph", "expected"),
    [
        (
            "ru",
            "Он приехал в 10 ч. утра. Потом ушёл домой. Т. е. всё хорошо.",
            ["Он приехал в 10 ч. утра.", "Потом ушёл домой.", "Т. е. всё хорошо."],
        ),
        (
            "ur",
            "یہ ایک جملہ ہے۔ یہ دوسرا جملہ ہے۔ کیا آپ آئیں گے؟ ہاں۔",
            ["یہ ایک جملہ ہے۔", "یہ دوسرا جملہ ہے۔", "کیا آپ آئیں گے؟", "ہاں۔"],
        ),
        (
            "de",
            "Dr. Müller kam um 9 Uhr. Er blieb bis zum 3. Oktober.",
            ["Dr. Müller kam um 9 Uhr.", "Er blieb bis zum 3. Oktober."],
        ),
    ],
)
def test_other_languages_use_pysbd_rules(lang: str, paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph, lang) == expected


def test_a_long_paragraph_is_read_in_windows_with_the_same_cuts() -> None:
    """segtok and pysbd read at most a window at a time (each is slower than linear on some
    input); on ordinary prose longer than a window the cuts are the ones the library gives on
    the whole paragraph."""
    from segtok.segmenter import split_single

    from i18n_pipeline.text import sentences as module

    sentences = [
        f"Ferry {n} left Alat at {n % 12 + 1} p.m. and reached Turkmenbashi the next day."
        if n % 3
        else f"Dr. Aliyeva, who runs the port's clinic, met passengers on pier No. {n} at dawn."
        for n in range(40)
    ]
    paragraph = " ".join(sentences)
    assert len(paragraph) > 4 * module._WINDOW
    whole = module._aligned_cuts(paragraph, split_single(paragraph))
    assert module._library_cuts(paragraph, split_single) == whole
    assert texts(paragraph) == sentences

    russian = [
        f"Паром {n} вышел из Алята в {n % 12 + 1} ч. вечера и пришёл в порт на следующий день."
        for n in range(40)
    ]
    paragraph = " ".join(russian)
    assert len(paragraph) > 4 * module._WINDOW
    whole = module._aligned_cuts(paragraph, module._pysbd_pieces(paragraph, "ru"))
    assert module._pysbd_cuts(paragraph, "ru") == whole
    assert texts(paragraph, "ru") == russian


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
        *("[12] ", " . ", "... ", "? diye ", "17. yüzyıl ", "v. ", "Corp. 4 ", "i "),
    ]
)
_TEXT = st.one_of(st.lists(_ALPHABET, max_size=60).map("".join), st.text(max_size=80))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from(["en", "az", "tr", "ru", "ar", "ur"]))
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


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
    st.sampled_from(["en", "tr", "ru"]),
)
def test_the_single_sentence_shortcut_agrees_with_the_libraries(text: str, lang: str) -> None:
    """Text with no sentence mark before its end skips segtok and pysbd: the result must be the
    one they would give."""
    from i18n_pipeline.text import sentences as module

    cuts = module._merge_and_split(text, module._candidate_cuts(text, lang), lang)
    assert split_sentences(text, lang) == module._sentences_from_cuts(text, cuts) or not text


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
