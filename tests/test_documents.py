"""Article readers (text, Markdown, HTML), rendering, decoding errors and the JSON view."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_pipeline.documents import (
    BLOCK_KINDS,
    Block,
    Document,
    detect_format,
    document_to_dict,
    read_document,
    render_document,
)
from i18n_pipeline.documents import html as documents
from i18n_pipeline.errors import InputError, UsageError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
DATA = Path(__file__).resolve().parent / "data" / "documents"
SEED = ROOT.parent / "shared" / "seed" / "news-page-en.txt"

ALL_ARTICLES = [
    EXAMPLES / "baku-book-fair.txt",
    EXAMPLES / "caspian-ferry.md",
    EXAMPLES / "mountain-road.html",
    DATA / "wrapped-article.txt",
    DATA / "broken-page.html",
    DATA / "port-news.html",
    DATA / "div-page.html",
]


def kinds_and_lines(doc: Document) -> list[tuple[str, int]]:
    return [(b.kind, b.line) for b in doc.blocks]


def upper_outside_tags(text: str) -> str:
    """Uppercase a block's words but not its markup (tags, entities, Markdown link targets)."""
    parts = re.split(r"(<[^>]+>|&#?\w+;|\]\([^)]*\))", text)
    return "".join(p if p.startswith(("<", "](", "&")) else p.upper() for p in parts)


# ---------------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.txt", "<html>", "text"),
        ("a.md", "x", "markdown"),
        ("a.markdown", "x", "markdown"),
        ("a.HTM", "x", "html"),
        ("article", "  <!DOCTYPE html><html>", "html"),
        ("article", "<html lang=az>", "html"),
        ("article", "Just words.", "text"),
    ],
)
def test_detect_format(name: str, text: str, expected: str) -> None:
    assert detect_format(name, text) == expected


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown article format 'pdf'"):
        read_document(EXAMPLES / "baku-book-fair.txt", format="pdf")


def test_every_block_kind_is_documented() -> None:
    for path in ALL_ARTICLES:
        for block in read_document(path).blocks:
            assert block.kind in BLOCK_KINDS
            assert block.text == block.text.strip()
            assert block.line >= 1


# ---------------------------------------------------------------------------------- text


def test_scraped_text_page() -> None:
    doc = read_document(EXAMPLES / "baku-book-fair.txt")
    assert doc.format == "text"
    assert kinds_and_lines(doc) == [
        ("chrome", 1),  # logo
        ("title", 3),
        ("chrome", 5),  # menu
        ("chrome", 6),  # font-size widget
        ("paragraph", 8),
        ("paragraph", 10),
        ("paragraph", 12),
        ("paragraph", 14),
        ("paragraph", 16),
        ("paragraph", 18),
        ("chrome", 19),  # date line
        ("chrome", 20),  # author
        ("chrome", 21),  # See also
        ("chrome", 23),
        ("chrome", 25),
        ("chrome", 27),
        ("chrome", 29),
        ("chrome", 30),
    ]
    assert doc.blocks[1].text == "Baku Book Fair draws record crowds to the seaside pavilion"
    assert doc.metadata == {
        "title": "Baku Book Fair draws record crowds to the seaside pavilion",
        "sitename": "Caspian Courier",
        "date": "2024-10-06",
        "author": "Nigar Rzayeva",
    }
    assert [b.kind for b in doc.translatable_blocks] == ["title"] + ["paragraph"] * 6


def test_hard_wrapped_text_joins_lines_with_single_spaces() -> None:
    doc = read_document(DATA / "wrapped-article.txt")
    assert kinds_and_lines(doc) == [
        ("title", 1),
        ("chrome", 3),
        ("chrome", 4),
        ("paragraph", 6),
        ("heading", 10),
        ("paragraph", 12),
        ("paragraph", 15),
    ]
    assert doc.blocks[3].text == (
        "The overnight train between Baku and Tbilisi will run again from 1 April, the railway "
        "company said on Tuesday. Tickets go on sale next week and cost from 35 manat."
    )
    assert doc.metadata["author"] == "Kamran Huseynov"
    assert doc.metadata["date"] == "2024-03-12"
    # A translated wrapped paragraph comes back as one line; untouched ones keep their wrapping.
    rendered = render_document(doc, lambda b: "TRANSLATED." if b.line == 6 else None)
    lines = rendered.split("\n")
    assert lines[5] == "TRANSLATED."
    assert lines[6] == ""
    assert lines[7] == "New carriages"
    assert "The company bought 14 sleeping cars in 2023. Each has a shower,\n" in rendered


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed page is not here")
def test_seed_news_page() -> None:
    doc = read_document(SEED)
    by_kind = {kind: [b for b in doc.blocks if b.kind == kind] for kind in BLOCK_KINDS}
    assert [b.text for b in by_kind["title"]] == [
        "Azerbaijani-Pakistani relation and Eurasian integration"
    ]
    assert len(by_kind["paragraph"]) >= 6
    assert all(len(b.text.split()) > 20 for b in by_kind["paragraph"][1:])
    see_also = next(i for i, b in enumerate(doc.blocks) if b.text == "See also")
    assert all(b.kind == "chrome" for b in doc.blocks[see_also:])
    assert len(doc.blocks) - see_also > 5
    assert doc.blocks[0].kind == "chrome"  # the logo line
    assert any(b.kind == "chrome" and b.text.startswith("Home page") for b in doc.blocks)
    assert doc.metadata["date"] == "2021-06-23"
    assert doc.metadata["author"] == "Andrew Korybko"
    # The font-size widget glued to the lead sentence stays in the source, out of the block.
    lead = by_kind["paragraph"][0]
    assert lead.text.startswith("presents the article")
    assert "Punto" not in lead.text
    assert render_document(doc, lambda b: b.text) == doc.source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello\n", [("paragraph", "Hello")]),
        ("Just a short note.\n", [("paragraph", "Just a short note.")]),
        ("Ferry news\n\nShort one.\n", [("title", "Ferry news"), ("paragraph", "Short one.")]),
        (
            "The ferry left at nine and arrived late, said the captain.\n\nIt carried trucks.\n",
            [
                ("paragraph", "The ferry left at nine and arrived late, said the captain."),
                ("paragraph", "It carried trucks."),
            ],
        ),
        (
            "Home page Sport\n\n10 pt 12 pt 14 pt The derby ended in a draw on a cold evening.\n",
            [
                ("chrome", "Home page Sport"),
                ("paragraph", "The derby ended in a draw on a cold evening."),
            ],
        ),
    ],
)
def test_short_text_files(tmp_path: Path, text: str, expected: list[tuple[str, str]]) -> None:
    doc = read_document(_write(tmp_path / "a.txt", text))
    assert [(b.kind, b.text) for b in doc.blocks] == expected
    assert render_document(doc, lambda b: b.text) == text


HEADLINE_PAGE = """\
Home | News | Sport

{headline}

{byline}
27 November 2026

The regional chess cup opened in Baku on Thursday. Players from nine countries take part.

By the way, the city council voted to keep the old hall open for the final on Sunday.
"""


@pytest.mark.parametrize(
    ("headline", "byline", "author"),
    [
        ("Chess cup opens in Baku.", "By Aysel Mammadova", "Aysel Mammadova"),
        ("Chess cup opens in Baku", "Müəllif: Leyla Əliyeva", "Leyla Əliyeva"),
        ("Chess cup opens!", "By Aysel Mammadova and Orxan Ali", "Aysel Mammadova and Orxan Ali"),
    ],
)
def test_text_headline_with_a_full_stop_is_translated_and_bylines_are_chrome(
    tmp_path: Path, headline: str, byline: str, author: str
) -> None:
    """A short headline that ends a sentence is the title (it used to be chrome, never
    translated); a byline is chrome and the author's name, a sentence starting "By the" is not."""
    text = HEADLINE_PAGE.format(headline=headline, byline=byline)
    doc = read_document(_write(tmp_path / "a.txt", text))
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds == [
        ("chrome", "Home | News | Sport"),
        ("title", headline),
        ("chrome", byline),
        ("chrome", "27 November 2026"),
        ("paragraph", "The regional chess cup opened in Baku on Thursday. Players from nine "
         "countries take part."),
        ("paragraph", "By the way, the city council voted to keep the old hall open for the "
         "final on Sunday."),
    ]  # fmt: skip
    assert doc.metadata["author"] == author and doc.metadata["title"] == headline
    assert render_document(doc, lambda b: b.text) == text


def test_text_tagline_with_a_full_stop_does_not_take_the_headlines_place(tmp_path: Path) -> None:
    text = (
        "Your trusted source of news.\n\nChess cup opens in Baku\n\n"
        "The regional chess cup opened in Baku on Thursday with players from nine countries.\n"
    )
    doc = read_document(_write(tmp_path / "a.txt", text))
    assert [b.kind for b in doc.blocks] == ["chrome", "title", "paragraph"]


# ---------------------------------------------------------------------------------- markdown


def test_markdown_article() -> None:
    doc = read_document(EXAMPLES / "caspian-ferry.md")
    assert doc.format == "markdown"
    assert doc.metadata == {
        "title": "New ferry line links Alat and Turkmenbashi",
        "author": "Rashad Guliyev",
        "date": "2024-05-20",
    }
    assert kinds_and_lines(doc) == [
        ("title", 7),
        ("paragraph", 9),
        ("heading", 12),
        ("paragraph", 14),
        ("list_item", 17),
        ("list_item", 18),
        ("list_item", 19),
        ("quote", 21),
        ("paragraph", 24),
        ("code", 28),
        ("paragraph", 33),
        ("meta", 2),  # the front matter's title, after the article (issue 17)
    ]
    texts = [b.text for b in doc.blocks]
    assert texts[1].startswith("The first ship of the new **Caspian Link** service")
    assert "at 9 a.m. with 48 trucks" in texts[1]  # soft line break → one space
    assert "[port authority](https://port.example/report-2023)" in texts[8]
    assert texts[4] == "Departures from Alat: Mon., Wed. and Fri."
    assert texts[9] == "Route: Alat -> Turkmenbashi\nDistance: 306 km"
    assert not doc.blocks[9].translatable


def test_markdown_render_keeps_markers_and_code() -> None:
    doc = read_document(EXAMPLES / "caspian-ferry.md")
    rendered = render_document(doc, lambda b: upper_outside_tags(b.text))
    assert rendered.startswith("---\ntitle: NEW FERRY LINE LINKS ALAT AND TURKMENBASHI\n")
    assert "\n# NEW FERRY LINE LINKS ALAT AND TURKMENBASHI\n" in rendered
    assert "\n## TIMETABLE AND PRICES\n" in rendered
    assert "\n- DEPARTURES FROM ALAT: MON., WED. AND FRI.\n" in rendered
    assert '\n> "THIS LINE CUTS A WEEK OFF THE ROAD THROUGH IRAN,"' in rendered
    assert "[PORT AUTHORITY](https://port.example/report-2023)" in rendered
    assert "```\nRoute: Alat -> Turkmenbashi\nDistance: 306 km\n```" in rendered


def test_markdown_multiline_translation_keeps_container_markers(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("> Quoted words here.\n\n1. First item\n   goes on.\n", encoding="utf-8")
    doc = read_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("quote", "Quoted words here."),
        ("list_item", "First item goes on."),
    ]
    rendered = render_document(doc, lambda b: "one\ntwo")
    assert rendered == "> one\n> two\n\n1. one\n   two\n"
    reread = read_document(_write(tmp_path / "b.md", rendered))
    assert [b.kind for b in reread.blocks] == ["quote", "list_item"]


def test_markdown_headings_tables_and_breaks(tmp_path: Path) -> None:
    source = (
        "Intro paragraph first.\n\n"
        "# Not the title ##\n\n"
        "Setext heading\n--------------\n\n"
        "| Port | Ships |\n|------|-------|\n| Alat | **12** |\n\n"
        "Line one  \nline two\\\nline three\n"
    )
    doc = read_document(_write(tmp_path / "a.md", source))
    assert [(b.kind, b.text, b.line) for b in doc.blocks] == [
        ("paragraph", "Intro paragraph first.", 1),
        ("heading", "Not the title", 3),
        ("heading", "Setext heading", 5),
        ("table_cell", "Port", 8),
        ("table_cell", "Ships", 8),
        ("table_cell", "Alat", 10),
        ("table_cell", "**12**", 10),
        ("paragraph", "Line one\\\nline two\\\nline three", 12),
    ]
    rendered = render_document(doc, lambda b: b.text.upper())
    assert "# NOT THE TITLE ##\n" in rendered
    assert "SETEXT HEADING\n--------------\n" in rendered
    assert "| ALAT | **12** |" in rendered
    assert rendered.endswith("LINE ONE\\\nLINE TWO\\\nLINE THREE\n")


def test_markdown_without_front_matter_takes_title_from_h1(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path / "a.md", "# Ferry news\n\nBody text.\n"))
    assert doc.metadata == {"title": "Ferry news"}
    assert [b.kind for b in doc.blocks] == ["title", "paragraph"]


# ---------------------------------------------------------------------------------- html


def test_html_news_page() -> None:
    doc = read_document(EXAMPLES / "mountain-road.html")
    assert doc.format == "html"
    assert doc.metadata["title"] == "New road to Xinaliq opens after three years of work"
    assert doc.metadata["author"] == "Leyla Mammadova"
    assert doc.metadata["date"] == "2024-09-14"
    assert doc.metadata["sitename"] == "Caspian Courier"
    assert kinds_and_lines(doc) == [
        ("title", 30),
        ("paragraph", 33),
        ("paragraph", 36),
        ("heading", 39),
        ("paragraph", 40),
        ("list_item", 43),
        ("list_item", 44),
        ("list_item", 45),
        ("quote", 48),
        ("paragraph", 50),
        ("paragraph", 52),
        ("meta", 5),  # <title>, then og:title, after the article (issue 17)
        ("meta", 6),
    ]
    texts = [b.text for b in doc.blocks]
    assert "is now <b>two hours</b> from Quba instead of four." in texts[1]
    assert '<a href="https://courier.example/budget">state budget report</a>.' in texts[4]
    assert "\n" not in "".join(texts)  # whitespace collapsed
    everything = " ".join(texts)
    for chrome in ("cookies", "Politics", "Related", "Ferry timetable", "rights reserved", "By "):
        assert chrome not in everything


def test_html_render_replaces_inner_html_only() -> None:
    doc = read_document(EXAMPLES / "mountain-road.html")
    assert render_document(doc, lambda b: None) == doc.source
    assert render_document(doc, lambda b: b.text) == doc.source
    rendered = render_document(doc, lambda b: upper_outside_tags(b.text), lang="az")
    assert '<html lang="az">' in rendered
    assert "IS NOW <b>TWO HOURS</b> FROM" in rendered
    assert '<a href="https://courier.example/budget">STATE BUDGET REPORT</a>' in rendered
    assert "We use cookies to measure traffic." in rendered  # chrome untouched
    assert '<nav>\n    <ul>\n      <li><a href="/politics">Politics</a></li>' in rendered


def test_broken_html_is_read() -> None:
    doc = read_document(DATA / "broken-page.html")
    assert [(b.kind, b.line) for b in doc.blocks] == [
        ("title", 6),
        ("paragraph", 7),
        ("paragraph", 8),
        ("paragraph", 9),
        ("meta", 1),  # <title>
    ]
    assert doc.blocks[1].text.startswith(
        "Farmers in the south began picking tea on <b>15 April</b>"
    )
    assert "Economy" not in " ".join(b.text for b in doc.blocks)


def test_html_matching_survives_what_trafilatura_changes() -> None:
    doc = read_document(DATA / "port-news.html")
    assert [(b.kind, b.line) for b in doc.blocks] == [
        ("title", 3),
        ("paragraph", 4),  # <br> and a footnote mark
        ("paragraph", 5),  # an entity
        ("paragraph", 6),  # a hidden span trafilatura drops
        ("table_cell", 8),
        ("table_cell", 8),
        ("meta", 1),  # <title>
    ]
    assert "7.2 million tonnes<br>in the first half" in doc.blocks[1].text
    assert "thanks to &amp; despite" in doc.blocks[2].text
    # The headline repeated in the aside's related links is not taken for article text.
    assert [b.text for b in doc.blocks].count("Alat port handles record cargo") == 1
    assert "date" not in doc.metadata  # no date in the markup; years in the text are not one


def test_html_paragraphs_in_bare_divs_inside_a_page_wide_form() -> None:
    doc = read_document(DATA / "div-page.html")
    assert [(b.kind, b.line) for b in doc.blocks] == [
        ("title", 4),
        ("paragraph", 5),
        ("paragraph", 6),
        ("list_item", 7),  # the outer item's own text, beside its nested list
        ("list_item", 7),
    ]
    assert [b.text for b in doc.blocks[3:]] == ["Nested", "child item here"]
    assert "a year earlier.<br><br>The survey was carried out" in doc.blocks[1].text
    assert "İdman" not in " ".join(b.text for b in doc.blocks)


def test_html_without_doctype_gets_none_invented(tmp_path: Path) -> None:
    source = "<p>Just one paragraph of text that is long enough.</p><p>Another one.</p>"
    doc = read_document(_write(tmp_path / "a.html", source))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Just one paragraph of text that is long enough."),
        ("paragraph", "Another one."),
    ]
    rendered = render_document(doc, lambda b: "Bir.", lang="az")
    assert "DOCTYPE" not in rendered
    assert rendered.count("<p>Bir.</p>") == 2
    assert '<html lang="az">' in rendered


def test_html_page_is_parsed_once_and_extracted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura
    import trafilatura.core

    calls: dict[str, int] = {"parse": 0, "extract": 0, "to_text": 0}

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(documents, "parse_html", counting("parse", documents.parse_html))
    monkeypatch.setattr(
        trafilatura, "bare_extraction", counting("extract", trafilatura.bare_extraction)
    )
    # Only trafilatura's body tree is used: its plain-text rendering of it is never made.
    monkeypatch.setattr(
        trafilatura.core, "xmltotxt", counting("to_text", trafilatura.core.xmltotxt)
    )
    doc = read_document(EXAMPLES / "mountain-road.html")
    assert len(doc.blocks) == 13  # 11 of the article, <title> and og:title
    assert calls == {"parse": 1, "extract": 1, "to_text": 0}


def _shared(first: str, second: str) -> int:
    """Length of the common prefix, one character at a time."""
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def _near_match_by_comparing_with_all(key: str, main: set[str]) -> bool:
    """The matching rule written out plainly: every paragraph compared with the key."""
    if key in main:
        return True
    if len(key) < 40:
        return False
    for other in main:
        longest = max(len(key), len(other))
        if min(len(key), len(other)) < 0.8 * longest:
            continue
        if _shared(key, other) + _shared(key[::-1], other[::-1]) >= 0.8 * longest:
            return True
    return False


_edits = st.lists(
    st.tuples(st.integers(0, 120), st.text("ab ", min_size=0, max_size=12)), max_size=6
)


def _edited(text: str, edits: list[tuple[int, str]]) -> str:
    for position, insert in edits:
        cut = position % (len(text) + 1)
        text = text[:cut] + insert + text[cut + len(insert) // 2 :]
    return text


@settings(max_examples=300, deadline=None)
@given(
    base=st.text("abc ", min_size=20, max_size=100),
    key_edits=_edits,
    main_edits=st.lists(_edits, max_size=5),
    others=st.lists(st.text("abc", max_size=100), max_size=3),
)
def test_near_match_index_agrees_with_comparing_every_paragraph(
    base: str,
    key_edits: list[tuple[int, str]],
    main_edits: list[list[tuple[int, str]]],
    others: list[str],
) -> None:
    key = _edited(base, key_edits)
    main = {_edited(base, edits) for edits in main_edits} | set(others)
    expected = _near_match_by_comparing_with_all(key, main)
    assert documents._is_main_text(key, documents._MainTexts(main)) == expected


def test_matching_many_changed_paragraphs_is_not_quadratic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every paragraph has a hidden span trafilatura drops, so none matches exactly: each must be
    # near-matched, against its own paragraph only, not against all of them.
    words = ["harbour", "council", "ferry", "timetable", "village", "bridge", "budget", "road"]
    paragraphs = [
        f"<p>Report {n}: the {words[n % 8]} and the {words[(n * 3) % 8]} were discussed again by "
        f'{n} residents<span style="display:none">hidden note {n}</span> on day {n}.</p>'
        for n in range(200)
    ]
    page = (
        "<!DOCTYPE html><html><head><title>Reports</title></head><body><article>"
        "<h1>Two hundred reports</h1>\n" + "\n".join(paragraphs) + "\n</article></body></html>\n"
    )
    calls = [0]
    common_prefix = documents._common_prefix

    def counting(first: str, second: str) -> int:
        calls[0] += 1
        return common_prefix(first, second)

    monkeypatch.setattr(documents, "_common_prefix", counting)
    doc = read_document(_write(tmp_path / "reports.html", page))
    assert sum(b.kind == "paragraph" for b in doc.blocks) == 200
    assert calls[0] <= 2 * 2 * 200  # prefix and suffix, at most twice per paragraph


# ---------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("path", ALL_ARTICLES, ids=lambda p: p.name)
def test_identity_render_reads_back_the_same_blocks(path: Path, tmp_path: Path) -> None:
    doc = read_document(path)
    rendered = render_document(doc, lambda b: b.text)
    if doc.format != "html":
        assert rendered == doc.source
    reread = read_document(_write(tmp_path / path.name, rendered))
    assert reread.blocks == doc.blocks


@pytest.mark.parametrize("path", ALL_ARTICLES, ids=lambda p: p.name)
def test_uppercase_render_changes_only_block_text(path: Path, tmp_path: Path) -> None:
    doc = read_document(path)
    rendered = render_document(doc, lambda b: upper_outside_tags(b.text))
    reread = read_document(_write(tmp_path / path.name, rendered))
    expected = [
        Block(b.kind, upper_outside_tags(b.text) if b.translatable else b.text, b.line)
        for b in doc.blocks
    ]
    if doc.format == "html":  # a rewritten element is serialised on one line
        assert [(b.kind, b.text) for b in reread.blocks] == [(b.kind, b.text) for b in expected]
    else:
        assert [(b.kind, b.text) for b in reread.blocks] == [(b.kind, b.text) for b in expected]
        assert [b.line for b in reread.blocks][:2] == [b.line for b in doc.blocks][:2]


def test_crlf_files_keep_their_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"# Title\r\n\r\nFirst line\r\nsecond line.\r\n\r\n- item\r\n")
    doc = read_document(path)
    assert kinds_and_lines(doc) == [("title", 1), ("paragraph", 3), ("list_item", 6)]
    assert doc.blocks[1].text == "First line second line."
    assert render_document(doc, lambda b: None).encode() == path.read_bytes()
    assert render_document(doc, lambda b: b.text.upper()) == (
        "# TITLE\r\n\r\nFIRST LINE SECOND LINE.\r\n\r\n- ITEM\r\n"
    )


# ---------------------------------------------------------------------------------- bad input


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_document(path)
    return caught.value


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = _error(path)
    assert str(error) == f"{path}: looks like a binary file, not an article"
    assert error.exit_code == 2


def test_bad_utf8_names_the_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes("Title\n\nBakı xəbərləri. ".encode() + "Привет".encode("cp1251"))
    offset = len("Title\n\nBakı xəbərləri. ".encode())
    error = _error(path)
    assert error.line == 3
    assert str(error) == (f"{path}:3: not valid UTF-8 at byte {offset}; save the file as UTF-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_bom_files_are_decoded(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "a.txt"
    text = "Xəzər bərəsi yola düşdü\n\nGəmi saat 9-da Ələtdən yola düşdü. Səfər 12.5 saat çəkir.\n"
    bom = codecs.BOM_UTF16_BE if codec == "utf-16-be" else b""
    path.write_bytes(bom + text.encode(codec))
    doc = read_document(path)
    assert doc.source == text
    assert [(b.kind, b.line) for b in doc.blocks] == [("title", 1), ("paragraph", 3)]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", "\ufeff\n".encode()])
def test_empty_article_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(content)
    assert str(_error(path)) == f"{path}: empty article"


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read the file" in str(_error(tmp_path / "nope.txt"))


# ---------------------------------------------------------------------------------- JSON view


def test_document_to_dict() -> None:
    doc = read_document(EXAMPLES / "caspian-ferry.md")
    data = document_to_dict(doc, lang="en")
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["path"] == str(EXAMPLES / "caspian-ferry.md")
    assert data["format"] == "markdown"
    assert data["metadata"]["author"] == "Rashad Guliyev"
    first = data["blocks"][1]
    assert first["kind"] == "paragraph" and first["line"] == 9
    assert first["sentences"] == [
        "The first ship of the new **Caspian Link** service left the port of Alat on Monday at "
        "9 a.m. with 48 trucks and 120 passengers on board.",
        "The crossing takes about 12.5 hours.",
    ]
    code = next(b for b in data["blocks"] if b["kind"] == "code")
    assert code["sentences"] == []
    assert set(first) == {"kind", "text", "line", "lang", "sentences"}
