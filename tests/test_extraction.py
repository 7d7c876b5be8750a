"""The rules that read real pages (HTML and scraped text) as the benchmark measured them, each on
text written for the test; and benchmarks/extraction.py on a tiny gold set built here."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from i18n_pipeline.documents import read_document, render_document
from i18n_pipeline.pipeline.entries import document_entries
from tests.test_documents import upper_outside_tags

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "documents"
FERRY = DATA / "ferry-loose-text.html"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _kinds(path: Path) -> list[tuple[str, int, str]]:
    return [(b.kind, b.line, b.text) for b in read_document(path).blocks]


# ------------------------------------------------------------------------------------- HTML


def test_loose_text_beside_block_children_is_read_as_paragraphs() -> None:
    """Text directly in a container, between a heading, a list and an image wrapper, used to be
    lost: only elements without block children were read."""
    blocks = read_document(FERRY).blocks
    texts = [b.text for b in blocks]
    assert texts[1].startswith("The overnight ferry between Baku and Aktau sails again")
    assert texts[1].endswith("for most of February.<br>")
    assert "<img" not in texts[1]  # the image's wrapper div is not part of the paragraph
    assert texts[2].startswith("Tickets cost from 60 manat")
    assert [(b.kind, b.line) for b in blocks[1:9]] == [
        ("paragraph", 12),
        ("paragraph", 14),
        ("heading", 15),
        ("paragraph", 16),
        ("list_item", 17),
        ("list_item", 17),
        ("paragraph", 18),
        ("quote", 19),
    ]
    attribution = blocks[9]
    assert (attribution.kind, attribution.line) == ("quote", 19)
    assert attribution.text == "— Leyla Karimova, a travel agent in Baku"


def test_loose_text_is_rendered_back_in_place(tmp_path: Path) -> None:
    doc = read_document(FERRY)
    rendered = render_document(
        doc, lambda b: upper_outside_tags(b.text) if b.run is not None else None
    )
    assert "<h3>What changes on board</h3>\nTHE COMPANY HAS REFITTED THE RESTAURANT" in rendered
    assert "DEPARTURE.\n<ul><li>Departures on Monday" in rendered
    assert "</p>— LEYLA KARIMOVA, A TRAVEL AGENT IN BAKU</blockquote>" in rendered
    assert '<div class="separator"><a href="/img/ferry.jpg">' in rendered  # image untouched
    reread = read_document(_write(tmp_path / "ferry.html", rendered))
    expected = [upper_outside_tags(b.text) if b.run is not None else b.text for b in doc.blocks]
    assert [b.text for b in reread.blocks] == expected
    assert render_document(doc, lambda b: b.text) == doc.source


def test_headline_is_an_h2_close_to_the_metadata_title_and_is_not_repeated() -> None:
    """No h1: the h2 that reads like og:title is the title; the breadcrumb that ends with the
    headline is not body."""
    doc = read_document(FERRY)
    assert doc.blocks[0].kind == "title" and doc.blocks[0].line == 10
    assert doc.metadata["title"] == "Night ferry to Aktau returns after winter break"
    assert not any("Sea</a> ›" in b.text for b in doc.blocks)


def test_hidden_copies_of_the_article_are_not_read() -> None:
    texts = " ".join(b.text for b in read_document(FERRY).blocks)
    assert "2026-03-02T08:15:00" not in texts
    assert texts.count("The overnight ferry between Baku and Aktau") == 1


def test_an_article_a_script_reveals_is_read_although_hidden(tmp_path: Path) -> None:
    """When most of trafilatura's text is inside hidden elements (an article a script shows),
    hiding is no guide and the hidden text is read."""
    paragraphs = "".join(
        f"<p>Residents of the old quarter met the council for the {n} time on a rainy evening "
        "and asked for a new bus stop near the market.</p>"
        for n in ("first", "second", "third", "fourth")
    )
    page = (
        "<!DOCTYPE html><html><head><title>Bus stop debate</title></head><body>"
        f'<h1>Bus stop debate</h1><div id="story" style="display: none">{paragraphs}</div>'
        "<script>document.getElementById('story').style.display = 'block';</script>"
        "</body></html>\n"
    )
    doc = read_document(_write(tmp_path / "story.html", page))
    # (the page <title> is a `meta` entry of its own, after the article)
    assert [b.kind for b in doc.blocks if b.kind != "meta"] == ["title"] + ["paragraph"] * 4


def test_teasers_bylines_and_copyright_lines_are_chrome() -> None:
    doc = read_document(FERRY)
    chrome = [b.text for b in doc.blocks if b.kind == "chrome"]
    assert chrome == [
        '<strong>Related: </strong><a href="/sea/new-port-cranes">New cranes double the '
        "container capacity at Alat</a>",
        "By Rauf Ismayilov",
        "© 2026 Caspian Ledger",
    ]
    translatable = " ".join(b.text for b in doc.translatable_blocks)
    assert "New cranes" not in translatable and "©" not in translatable
    assert "The crossing takes about 18 hours" in translatable  # the paragraph after the teaser


def test_link_only_list_after_the_article_is_chrome(tmp_path: Path) -> None:
    body = "\n".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "The city council approved the new tram line on Tuesday after a long debate.",
            "Construction starts in May and the first trams should run in two years.",
            "The line will link the railway station with the university campus in the north.",
            "Residents along the route will be able to comment on the plans until April.",
        )
    )
    page = (
        "<!DOCTYPE html><html><head><title>Council approves tram line</title></head><body>"
        f"<article><h1>Council approves tram line</h1>\n{body}\n"
        "<h4>You may also like</h4>\n<ul>"
        '<li><a href="/a">Bus fares rise in March</a></li>'
        '<li><a href="/b">New cycle lanes on the seafront</a></li>'
        "</ul></article></body></html>\n"
    )
    doc = read_document(_write(tmp_path / "tram.html", page))
    kinds = {b.text: b.kind for b in doc.blocks}
    for teaser in ("You may also like", '<a href="/a">Bus fares rise in March</a>'):
        if teaser in kinds:  # trafilatura may already leave them out
            assert kinds[teaser] == "chrome"
    assert sum(b.kind == "paragraph" for b in doc.blocks) == 4


# ------------------------------------------------------------------------------- plain text

QUESTION_PAGE = """\
Caspian Ledger Logo
Home page
Economy
Is the manat ready for a floating exchange rate?
By Samir Aliyev
2026.03.04 / 10:15
The central bank has kept the manat at 1.70 to the dollar for eight years, economists say.
Exporters say a weaker currency would help them, while importers fear higher prices.
Advertisement
Key dates for the decision
March 12 – board meeting in Baku
April 2 – report to parliament
Samir Aliyev
See also
Will oil prices rise again this spring?
© 2026 Caspian Ledger
"""


def test_question_headline_trailing_list_and_ads(tmp_path: Path) -> None:
    """A headline ending with "?" is the title (it read as the first sentence); an ad line in
    the body is chrome; a list after the last sentence stays body until the author's name; a
    related headline after "See also" is chrome although it ends a sentence."""
    doc = read_document(_write(tmp_path / "page.txt", QUESTION_PAGE))
    assert [(b.kind, b.line) for b in doc.blocks] == [
        ("chrome", 1),
        ("chrome", 2),
        ("chrome", 3),
        ("title", 4),
        ("chrome", 5),
        ("chrome", 6),
        ("paragraph", 7),
        ("paragraph", 8),
        ("chrome", 9),
        ("heading", 10),
        ("heading", 11),
        ("heading", 12),
        ("chrome", 13),
        ("chrome", 14),
        ("chrome", 15),
        ("chrome", 16),
    ]
    assert doc.metadata["title"] == "Is the manat ready for a floating exchange rate?"
    assert doc.metadata["author"] == "Samir Aliyev"
    assert render_document(doc, lambda b: b.text) == QUESTION_PAGE


def test_lead_lines_without_a_full_stop_after_the_headline_are_body(tmp_path: Path) -> None:
    text = (
        "Caspian Ledger Logo\n\nHow to set a faster walking speed in the game\n\n"
        "Home page Culture\n\n"
        "Walking speed can be raised with console commands\n\n"
        "player.setav speedmult 130\n\n"
        "The value is a percentage of the normal speed, so 130 makes the hero about a third "
        "faster than before.\n"
    )
    doc = read_document(_write(tmp_path / "game.txt", text))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("chrome", "Caspian Ledger Logo"),
        ("title", "How to set a faster walking speed in the game"),
        ("chrome", "Home page Culture"),
        ("heading", "Walking speed can be raised with console commands"),
        ("heading", "player.setav speedmult 130"),
        ("paragraph", doc.blocks[-1].text),
    ]
    assert doc.blocks[-1].text.startswith("The value is a percentage")


def test_a_whole_line_font_widget_stays_whole(tmp_path: Path) -> None:
    text = (
        "Sea news\n\n12 Punto 14 Punto 16 Punto 18 Punto\n\n"
        "The ferry left Baku at nine in the evening and arrived in Aktau the next day.\n"
    )
    doc = read_document(_write(tmp_path / "a.txt", text))
    assert [(b.kind, b.text) for b in doc.blocks][1] == (
        "chrome",
        "12 Punto 14 Punto 16 Punto 18 Punto",
    )


def test_a_line_in_another_language_never_becomes_an_entry(tmp_path: Path) -> None:
    """An Azerbaijani footer and a Russian ad line on an English page: not catalog entries when
    the source is English, although the reader keeps the Russian line as body text."""
    text = (
        "Harbour news\n\n"
        "The new pier opened on Monday and the first cruise ship docked there on Wednesday.\n\n"
        "Подпишитесь на наш канал в Телеграме\n\n"
        "Port officials expect twelve more ships before the end of the summer season.\n\n"
        "Bizə yazın Bağla\n"
    )
    doc = read_document(_write(tmp_path / "a.txt", text))
    skipped: list[str] = []
    entries = document_entries(doc, "a.txt", source="en", skipped=skipped)
    msgids = [entry.msgid for entry in entries]
    assert not any("Подпишитесь" in m or "Bağla" in m for m in msgids)
    assert any(m.startswith("The new pier opened") for m in msgids)
    assert any(m.startswith("Port officials expect") for m in msgids)


# -------------------------------------------------------------------------------- benchmark

GOLD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title} | Harbour Gazette</title></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
<p>{first}</p>
<p>The work cost about 1.2 million manat, the council said, and took two years to finish.</p>
<p>Opening hours are from nine in the morning to six in the evening on weekdays.</p>
</article><footer>All rights reserved. Harbour Gazette.</footer></body></html>
"""


def _gold_set(root: Path) -> Path:
    articles = root / "articles-dev"
    (articles / "html").mkdir(parents=True)
    truth = {}
    for key, title, first in (
        ("library", "New library opens", "The library on the north shore opened on Tuesday."),
        ("clinic", "Clinic reopens", "The clinic in the old town reopened after repairs."),
    ):
        page = GOLD_PAGE.format(title=title, first=first)
        (articles / "html" / f"{key}.html.gz").write_bytes(gzip.compress(page.encode()))
        body = [first, *(p.split("<p>")[1] for p in page.split("</p>")[1:3])]
        truth[key] = {"url": f"https://example.org/{key}", "articleBody": "\n\n".join(body)}
    (articles / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "extraction.py"), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )


def test_extraction_benchmark_on_a_tiny_gold_set(tmp_path: Path) -> None:
    bench = _gold_set(tmp_path / "bench")
    out = _run("--bench", str(bench), "--systems", "trafilatura comments off", "--json").stdout
    data = json.loads(out.strip().splitlines()[-1])
    html = data["html"]
    assert html["pages"] == 2
    ours = html["systems"]["i18n-pipeline"]
    assert set(html["systems"]) == {"i18n-pipeline", "trafilatura", "trafilatura comments off"}
    assert ours["shingles"]["f1"] > 0.9 and ours["tokens"]["recall"] > 0.9
    assert ours["s_per_page"] > 0
    assert html["fallen_below_0_8"] == []
    text = data["text"]
    assert text["all"]["pages"] == 6  # two bodies in three layouts
    assert set(text["layouts"]) == {"seed", "menu", "wrapped"}
    assert 0.0 <= text["all"]["chrome_leaked"] <= 1.0
    assert "| i18n-pipeline |" in out and "| layout |" in out


def test_extraction_benchmark_skips_without_gold_data(tmp_path: Path) -> None:
    result = _run("--bench", str(tmp_path / "missing"), "--json")
    assert "no gold data" in result.stdout
    assert "skipped" in json.loads(result.stdout.strip().splitlines()[-1])
