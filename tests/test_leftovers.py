"""`leftovers`: visible text of a page in the wrong language, traced to its catalog entry or
reported as hard-coded, from saved HTML and over HTTP (a server on 127.0.0.1, stopped here)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline.cli import main
from i18n_pipeline.qa.leftovers import find_leftovers, visible_texts

CATALOG = """msgid ""
msgstr ""
"Language: az\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Close"
msgstr ""

msgid "Latest news"
msgstr "Son xəbərlər"

#, fuzzy
msgid "Read more"
msgstr "Ətraflı"
"""

# An az page with a planted untranslated entry ("Close"), a fuzzy one left out of the MO
# ("Read more"), and English hard-coded in the template (footer, alt text); a script's string
# is not visible text.
PAGE = """<!DOCTYPE html><html lang="az"><head><title>Son xəbərlər</title>
<script>var greeting = "Hello world";</script><style>p::after{content:"More"}</style></head>
<body><nav><a href="/">Ana səhifə</a> <button>Close</button></nav>
<h1>Son xəbərlər</h1><p>Bərə xətti gələn həftə Bakı ilə Aktau arasında yenidən açılır.</p>
<a href="/more">Read more</a><footer>Subscribe to our newsletter</footer>
<img src="ferry.png" alt="Photo of the ferry">
<nav><a lang="en" hreflang="en" href="/en/">English</a> <a lang="tr" href="/tr/">Türkçe</a></nav>
<p lang="en">Close</p></body></html>
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    catalog = tmp_path / "locales/az/LC_MESSAGES/site.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(CATALOG, "utf-8")
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    return tmp_path


def test_visible_text_leaves_scripts_and_styles_out() -> None:
    texts = {text: where for text, where, _ in visible_texts(PAGE)}
    assert "Close" in texts and "Son xəbərlər" in texts
    assert texts["Photo of the ferry"] == "alt"
    assert not any("Hello" in text or text == "More" for text in texts)


def test_each_leftover_is_traced_to_its_entry_or_to_no_catalog(site: Path) -> None:
    found = find_leftovers([str(site / "page.html")], "az", locales_dir=site / "locales")
    by_text = {item.text: item for item in found}
    assert set(by_text) == {
        "Close",
        "Read more",
        "Subscribe to our newsletter",
        "Photo of the ferry",
    }
    assert by_text["Close"].state == "untranslated"
    assert by_text["Close"].entry == f"{site / 'locales/az/LC_MESSAGES/site.po'}:6"
    assert by_text["Read more"].state == "fuzzy"
    assert by_text["Subscribe to our newsletter"].entry is None
    assert by_text["Photo of the ferry"].where == "alt"
    assert all(item.language == "en" for item in found)
    # a switcher's languages are marked as such; a catalog's msgid shown in place of its
    # missing translation is reported whatever its lang says
    assert not {"English", "Türkçe"} & set(by_text)
    assert [item.text for item in found].count("Close") == 1


@pytest.fixture
def server(site: Path) -> Iterator[str]:
    handler = partial(SimpleHTTPRequestHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_cli_over_http_exits_1_and_prints_json(site: Path, server: str) -> None:
    result = CliRunner().invoke(
        main,
        ["leftovers", f"{server}/page.html", "--to", "az", "--locales-dir",
         str(site / "locales"), "--json"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert {row["text"] for row in rows} >= {"Close", "Subscribe to our newsletter"}
    assert all(row["page"] == f"{server}/page.html" for row in rows)


def test_a_clean_page_exits_0_and_a_missing_one_exits_2(site: Path) -> None:
    clean = site / "clean.html"
    clean.write_text("<html><body><p>Son xəbərlər</p><p>Bağla</p></body></html>", "utf-8")
    assert CliRunner().invoke(main, ["leftovers", str(clean), "--to", "az"]).exit_code == 0
    missing = CliRunner().invoke(main, ["leftovers", str(site / "nope.html"), "--to", "az"])
    assert missing.exit_code == 2
    assert "nope.html" in missing.output
