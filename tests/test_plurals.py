"""Plural forms a model can inflect: each form of ru/pl/ar is translated from a number it is
used for ("5 comments"), and the number goes back to being the placeholder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from i18n_pipeline import catalogs
from i18n_pipeline.engines.base import EngineInfo
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.pipeline import TranslateOptions, translate_catalogs
from i18n_pipeline.text.plurals import count_placeholder, put_back, sample_numbers
from tests.helpers import RU_PLURAL_CATALOG, verify_catalog


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", {1: 2, 2: 5}),  # 2-4 "комментария", 5+ "комментариев"
        ("pl", {1: 2, 2: 5}),
        ("cs", {1: 2, 2: 5}),
        ("ar", {0: 0, 2: 2, 3: 3, 4: 11, 5: 100}),
        ("az", {}),  # one plural form: the plain plural translation is right
        ("de", {}),
        ("ja", {}),
    ],
)
def test_sample_numbers_follow_the_catalogs_plural_rule(
    locale: str, expected: dict[int, int]
) -> None:
    info = parse_locale(locale)
    assert sample_numbers(info.plural_expr, info.nplurals) == expected


def test_a_number_in_the_source_is_not_used_as_a_sample() -> None:
    ru = parse_locale("ru")
    assert sample_numbers(ru.plural_expr, ru.nplurals, "%d files in 2 folders") == {1: 3, 2: 5}


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("%d files", "%d"),
        ("%(count)s comments", "%(count)s"),  # what Jinja's {% trans count=n %} extracts
        ("Hello %(name)s, you have %(num)d files", "%(num)d"),
        ("{count} new messages", "{count}"),
        ("{{count}} items", "{{count}}"),
        ("%s files", None),  # a string: not known to be the count
        ("%d of %d pages", None),  # which one is the count?
        ("Files", None),
    ],
)
def test_count_placeholder(text: str, count: str | None) -> None:
    assert count_placeholder(text) == count


def test_put_back_needs_the_number_exactly_once_on_its_own() -> None:
    assert put_back("5 файлов", 5, "%d") == "%d файлов"
    assert put_back("Файлов: 5.", 5, "{count}") == "Файлов: {count}."
    assert put_back("пять файлов", 5, "%d") is None  # spelled out
    assert put_back("5 из 5", 5, "%d") is None  # twice
    assert put_back("15 файлов", 5, "%d") is None
    assert put_back("5,5 файла", 5, "%d") is None


class InflectingTestEngine:
    """A test double, not a model: writes Russian "comment" for the number it sees, the way a
    real en-ru model does, so the test can tell which text each plural form came from."""

    def __init__(self, spec: ModelSpec, *, drop_numbers: bool = False) -> None:
        self.info = EngineInfo("test", spec.ref, "0")
        self.cut_short: set[str] = set()
        self.scores: dict[str, float] = {}
        self.seen: list[str] = []
        self.drop_numbers = drop_numbers

    def _one(self, text: str) -> str:
        number = re.search(r"\d+", text.replace("[1]", ""))
        if text.endswith("comment"):
            word = "комментарий"
        elif number is None:
            word = "комментарии"  # a plain plural, for no number in particular
        else:
            n = int(number.group())
            few = n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)
            word = "комментария" if few else "комментариев"
        head = "[1]" if "[1]" in text else (number.group() if number else "")
        if self.drop_numbers and number is not None:
            head = "несколько"
        return f"{head} {word}"

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        self.seen.extend(sentences)
        return [self._one(s) for s in sentences]


RU_PLURAL = (
    RU_PLURAL_CATALOG
    + """

#, python-format
msgid "page %(num)d of %(total)d"
msgid_plural "pages %(num)d of %(total)d"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
"""
)


def _translate(tmp_path: Path, engine: InflectingTestEngine) -> Path:
    po = tmp_path / "locales/ru/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(RU_PLURAL, "utf-8")
    options = TranslateOptions(locales_dir=tmp_path / "locales", model="tiny")
    translate_catalogs([po], options, engine_factory=lambda spec: engine)
    return po


def test_each_russian_plural_form_is_translated_for_a_number_it_is_used_for(
    tmp_path: Path,
) -> None:
    engine = InflectingTestEngine(ModelSpec("tiny", "marian"))
    po = _translate(tmp_path, engine)
    assert {"2 comments", "5 comments"} <= set(engine.seen)
    # Two counts in one string: no sample, the placeholders stay masked.
    assert not any(re.search(r"pages? \d", s) for s in engine.seen)
    units = {str(u.source): u for u in catalogs.read_catalog(po).units if not u.isheader()}
    forms = [str(s) for s in units["%(count)s comment"].target.strings]
    assert forms == [
        "%(count)s комментарий",
        "%(count)s комментария",
        "%(count)s комментариев",
    ]
    assert units["%(count)s comment"].isfuzzy()  # machine output: for review
    # As a site loads it, every count gets the right word.
    store = catalogs.read_catalog(po)
    for unit in store.units:
        if not unit.isheader():  # a reviewer accepts the comment entry only
            unit.markfuzzy(str(unit.source) != "%(count)s comment")
    catalogs.write_catalog(store, po)
    mo = verify_catalog(po)
    words = {n: mo.ngettext("%(count)s comment", "%(count)s comments", n) % {"count": n}
             for n in (1, 2, 5, 11, 21, 22, 25)}  # fmt: skip
    assert words == {
        1: "1 комментарий",
        2: "2 комментария",
        5: "5 комментариев",
        11: "11 комментариев",
        21: "21 комментарий",
        22: "22 комментария",
        25: "25 комментариев",
    }


def test_a_sample_whose_number_is_lost_falls_back_to_the_plain_plural(tmp_path: Path) -> None:
    engine = InflectingTestEngine(ModelSpec("tiny", "marian"), drop_numbers=True)
    po = _translate(tmp_path, engine)
    units = {str(u.source): u for u in catalogs.read_catalog(po).units if not u.isheader()}
    forms = [str(s) for s in units["%(count)s comment"].target.strings]
    assert forms == ["%(count)s комментарий", "%(count)s комментарии", "%(count)s комментарии"]
    assert all("несколько" not in form for form in forms)
