"""Pseudo-localization engine: accented and right-to-left, placeholders kept byte for byte."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_pipeline.engines.base import Engine
from i18n_pipeline.engines.pseudo import PseudoEngine, pseudo_accented, pseudo_bidi
from i18n_pipeline.text.protect import mask, placeholders, restore

RLM, RLO, PDF = "\u200f", "\u202e", "\u202c"


def test_accented_example_from_the_issue() -> None:
    assert pseudo_accented("Home page") == "[Ĥöɱé þåĝé ···]"


def test_engine_protocol_and_provenance() -> None:
    engine = PseudoEngine()
    assert isinstance(engine, Engine)
    assert engine.info.engine == "pseudo"
    assert engine.info.model == "accented"
    assert PseudoEngine(rtl=True).info.model == "bidi"
    out = engine.translate_batch(["Close", "", "Write to us"], source="en", target="az")
    assert out == ["[Çļöšé ··]", "", "[Ŵŕîţé ţö ûš ····]"]


def test_placeholders_markup_and_urls_are_kept() -> None:
    text = 'By {author}: %(count)s <a href="https://caspian.az/x?y=1">comments</a> &amp; %d'
    out = pseudo_accented(text)
    for piece in ("{author}", "%(count)s", '<a href="https://caspian.az/x?y=1">', "</a>"):
        assert piece in out
    assert "&amp;" in out and "%d" in out
    assert "çöɱɱéñţš" in out
    # Padding is 35% of the visible text (16 characters), not of the markup.
    assert out.startswith("[βý {author}: ") and out.endswith(" %d ······]")


def test_masked_tokens_survive_and_restore() -> None:
    masked = mask("Read %(count)s comments on <b>Baku</b>")
    assert masked.text == "Read [1] comments on [2]Baku[3]"
    for engine in (PseudoEngine(), PseudoEngine(rtl=True)):
        (out,) = engine.translate_batch([masked.text], source="en", target="ar")
        restored = restore(out, masked)
        assert restored.ok, restored
        assert "%(count)s" in restored.text and "<b>" in restored.text


def test_bidi_wraps_each_word_and_leaves_placeholders_outside() -> None:
    out = pseudo_bidi("Published on %(date)s")
    word = f"{RLM}{RLO}{{}}{PDF}{RLM}"
    assert out == f"{word.format('Published')} {word.format('on')} %(date)s"
    assert pseudo_bidi("12 %d") == "12 %d"  # numbers and placeholders never overridden


def test_a_leading_number_and_bracket_never_makes_a_new_token() -> None:
    assert pseudo_accented("1] left") == "[·1] ļéƒţ ··]"
    masked = mask("1] left")
    assert restore(pseudo_accented(masked.text), masked).ok


_PIECES = st.sampled_from(
    [
        "%(count)s",
        "%s",
        "%d",
        "{author}",
        "{0}",
        "{{ name }}",
        "<b>",
        "</b>",
        '<a href="https://caspian.az/x?a=1&b=2">',
        "</a>",
        "&amp;",
        "https://example.com/path",
        "news@caspian.az",
        "[3]",
        "[1]",
        "**",
        "`code`",
    ]
)
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
_WORDS = st.sampled_from(["Bağla", "Bizə yazın", "Home page", "Закрыть", "سلام", "🙂", " ", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, _TEXT, _WORDS), max_size=10), st.booleans())
def test_property_placeholders_survive_and_output_grows(parts: list[str], rtl: bool) -> None:
    text = "".join(parts)
    engine = PseudoEngine(rtl=rtl)
    (out,) = engine.translate_batch([text], source="en", target="az")
    assert len(out) >= len(text)
    position = 0
    for original in mask(text).originals:  # every placeholder/tag/URL, in order, verbatim
        found = out.find(original, position)
        assert found >= 0, (original, out)
        position = found + len(original)
    for piece in placeholders(text):
        assert piece in out
    # The pipeline's own flow: mask, pseudo-translate, restore without a single loss.
    masked = mask(text)
    (masked_out,) = engine.translate_batch([masked.text], source="en", target="az")
    assert restore(masked_out, masked).ok
