"""protect: what gets masked, exact round trips, and restoring what real models do to tokens."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from i18n_pipeline.text.protect import Masked, mask, placeholders, restore


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello %s!", ["%s"]),
        ("%d of %d files", ["%d", "%d"]),
        ("Hello %(name)s, %(count)d new", ["%(name)s", "%(count)d"]),
        ("Pi is %.2f, width %-5d, %1$s", ["%.2f", "%-5d", "%1$s"]),
        ("Sales grew 50%% and %5.1f%%", ["%%", "%5.1f", "%%"]),
        ("You have {count} messages, {0} and {}", ["{count}", "{0}", "{}"]),
        ("Total {count:,} or {value:.2f} {0!r}", ["{count:,}", "{value:.2f}", "{0!r}"]),
        ("Hi {{ user.name }}", ["{{ user.name }}"]),
        ("<b>bold</b> and <br/> and <br />", ["<b>", "</b>", "<br/>", "<br />"]),
        (
            '<a href="https://x.az/?a=1&b=2" class=link>here</a>',
            ['<a href="https://x.az/?a=1&b=2" class=link>', "</a>"],
        ),
        ("Tom &amp; Jerry &#39; &#x27; &nbsp;", ["&amp;", "&#39;", "&#x27;", "&nbsp;"]),
        ("See https://news.az/a/b?c=d.", ["https://news.az/a/b?c=d"]),
        ("Visit www.example.az, or (http://x.az/path).", ["www.example.az", "http://x.az/path"]),
        ("Write to info@news.az.", ["info@news.az"]),
        ("<!-- note --> text", ["<!-- note -->"]),
    ],
)
def test_placeholders_found(text: str, expected: list[str]) -> None:
    assert placeholders(text) == expected
    masked = mask(text)
    assert list(masked.originals) == expected
    assert restore(masked.text, masked).text == text


@pytest.mark.parametrize(
    "text",
    [
        "50% of voters",  # "% o" is not printf: no space flag
        "Qiymətlər 50%-dən çox artıb.",  # Azerbaijani suffix after percent
        "a < b and c > d",
        "5 > 3 < 4",
        "Price: 12.5 AZN, 1,250 families, 2024-03-01",  # numbers stay: models copy digits
        "email me at name (at) example dot com",
        "{ not a placeholder }",
    ],
)
def test_ordinary_text_is_not_masked(text: str) -> None:
    assert mask(text).text == text
    assert placeholders(text) == []


def test_tags_masked_one_by_one_so_content_is_translated() -> None:
    masked = mask('Read <a href="/report">the full report</a> now.')
    assert masked.text == "Read [1]the full report[2] now."
    assert masked.originals == ('<a href="/report">', "</a>")


def test_do_not_translate_terms() -> None:
    masked = mask("BBC News and the bbc; BBCs are not BBC.", terms=["BBC", "BBC News"])
    assert masked.text == "[1] and the bbc; BBCs are not [2]."
    assert masked.originals == ("BBC News", "BBC")
    assert placeholders("C++ and .NET rock", terms=["C++", ".NET"]) == ["C++", ".NET"]


def test_token_lookalikes_in_the_source_are_masked_too() -> None:
    text = "As reported [1], prices [ 2 ] rose ［３］ and [12] %s"
    masked = mask(text)
    assert masked.originals == ("[1]", "[ 2 ]", "［３］", "[12]", "%s")
    assert masked.text == "As reported [1], prices [2] rose [3] and [4] [5]"
    assert restore(masked.text, masked).text == text
    assert placeholders(text) == ["%s"]  # look-alikes are text, not placeholders


# --- what models do to tokens ------------------------------------------------------------


def _masked(text: str = "Click <b>here</b> to read %s!") -> Masked:
    masked = mask(text)
    assert masked.text == "Click [1]here[2] to read [3]!"
    return masked


def test_restore_in_other_word_order() -> None:
    result = restore("Oxumaq üçün [3] [1]bura[2] klikləyin!", _masked())
    assert result.ok
    assert result.text == "Oxumaq üçün %s <b>bura</b> klikləyin!"


def test_spaces_the_model_added_are_removed_where_the_source_had_none() -> None:
    result = restore("Klikləyin [1] bura [2] oxumaq üçün [3] !", _masked())
    assert result.ok
    assert result.text == "Klikləyin <b>bura</b> oxumaq üçün %s!"


def test_spaces_inside_tokens_fullwidth_and_other_digits() -> None:
    masked = _masked()
    assert restore("Klikləyin [ 1 ]bura[2 ] oxumaq [3]!", masked).text == (
        "Klikləyin <b>bura</b> oxumaq %s!"
    )
    assert restore("［１］bura［２］ ... ［３］", masked).text == "<b>bura</b> ... %s"
    # An Urdu or Persian model may write Arabic-Indic or Extended Arabic-Indic digits.
    assert restore("[١]یہاں[۲] [٣]", masked).text == "<b>یہاں</b> %s"


def test_dropped_token_is_reported_missing() -> None:
    result = restore("Klikləyin [1]bura[2] oxumaq üçün!", _masked())
    assert not result.ok
    assert result.missing == ("%s",)
    assert result.text == "Klikləyin <b>bura</b> oxumaq üçün!"


def test_repeated_and_invented_tokens_are_reported() -> None:
    result = restore("[1]bura[2] [1]bura[2] [3] [7]", _masked())
    assert not result.ok
    assert result.duplicated == ("<b>", "</b>")
    assert result.extra == ("[7]",)
    assert result.text == "<b>bura</b> <b>bura</b> %s [7]"
    assert result.missing == ()


def test_newlines_next_to_tokens_are_kept() -> None:
    masked = mask("Line one<br/>\nLine two")
    assert restore("Sətir bir[1]\nSətir iki", masked).text == "Sətir bir<br/>\nSətir iki"


def test_restore_of_text_without_tokens() -> None:
    masked = mask("Plain sentence.")
    assert masked.originals == ()
    result = restore("Sadə cümlə.", masked)
    assert result.ok and result.text == "Sadə cümlə."


# --- properties ---------------------------------------------------------------------------

# Characters that stress the masker: its own syntax, markup, format syntax, scripts, emoji.
_ALPHABET = st.one_of(
    st.sampled_from(list("[]［］ 0123456789١٢%{}<>/&;:.,!?@\"'\\\n\t-_=$()*#")),
    st.sampled_from(list("əƏğĞıİöÖşŞüÜçÇ")),  # Azerbaijani
    st.sampled_from(list("مرحباשלוםاردو")),  # right-to-left
    st.sampled_from(["😀", "👍", "\U0001f3fd", "\u200f", "\u200e", "\u00a0", "\ufeff"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
_PIECES = st.sampled_from(
    [
        "%s",
        "%(name)s",
        "%%",
        "{0}",
        "{count:,}",
        "<b>",
        "</b>",
        '<a href="x">',
        "&amp;",
        "https://a.az/b",
        "x@y.az",
        "[1]",
        "[ 2 ]",
        "［３］",
        "[99]",
        "BBC",
    ]
)
_TEXT = st.lists(st.one_of(st.text(_ALPHABET, max_size=6), _PIECES), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
@example(text="[1][2]")
@example(text="[<b>]")
@example(text="[12<b>3]")
@example(text="<b>1]")
@example(text="\\[1\\] %")
def test_round_trip_is_exact_for_any_text(text: str) -> None:
    masked = mask(text, terms=["BBC"])
    restored = restore(masked.text, masked)
    assert restored.text == text
    assert restored.ok


@settings(max_examples=200, deadline=None)
@given(text=_TEXT)
def test_masked_text_holds_exactly_one_of_each_token(text: str) -> None:
    masked = mask(text)
    for index in range(len(masked.originals)):
        assert masked.text.count(f"[{index + 1}]") >= 1
    assert placeholders(masked.text) == []  # nothing maskable is left for the model to see


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, data=st.data())
def test_spaces_added_around_tokens_change_nothing_else(text: str, data: st.DataObject) -> None:
    """A model that pads tokens with spaces gives back the source where the source had none."""
    masked = mask(text)
    damaged = masked.text
    for index in range(len(masked.originals), 0, -1):
        pad = data.draw(st.sampled_from(["", " "]))
        damaged = damaged.replace(f"[{index}]", f"{pad}[ {index}]{pad}")
    restored = restore(damaged, masked)
    assert restored.ok
    assert restored.text.replace(" ", "") == text.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, data=st.data())
def test_a_dropped_token_is_always_reported(text: str, data: st.DataObject) -> None:
    masked = mask(text)
    if not masked.originals:
        return
    index = data.draw(st.integers(1, len(masked.originals)))
    damaged = masked.text.replace(f"[{index}]", "")
    restored = restore(damaged, masked)
    assert masked.originals[index - 1] in restored.missing
    assert not restored.ok


def test_markdown_inline_syntax_is_protected() -> None:
    text = (
        "The **Caspian Link** ferry, see the [port report](https://port.example/r) "
        "or `ferry --help`."
    )
    masked = mask(text)
    assert "**" not in masked.text and "https://" not in masked.text and "`" not in masked.text
    assert "Caspian Link" in masked.text and "port report" in masked.text  # still translated
    assert restore(masked.text, masked).text == text
    assert mask("snake__case stays").originals == ()
