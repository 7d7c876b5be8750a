"""The example site: build-site end to end, the Flask app, and the pages in headless Chromium."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from tests.helpers import verify_catalog

if TYPE_CHECKING:
    from flask import Flask
    from playwright.sync_api import BrowserContext, Page

pytest.importorskip(
    "flask_babel", reason="the example site needs Flask-Babel (pip install .[site])"
)

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "examples" / "site"
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TITLES = {
    "en": "Baku Book Fair draws record crowds to the seaside pavilion",
    "az": "Bakı Kitab Sərgisi dənizkənarı pavilyona rekord sayda ziyarətçi topladı",
    "tr": "Bakü Kitap Fuarı deniz kenarındaki pavyona rekor sayıda ziyaretçi çekti",
    "ru": "Бакинская книжная ярмарка собрала рекордное число посетителей в приморском павильоне",
}
HOME = {"en": "Home page", "az": "Ana səhifə", "tr": "Ana sayfa", "ru": "Главная"}
COMMENTS = {"en": "21 comments", "az": "21 şərh", "tr": "21 yorum", "ru": "21 комментарий"}
WIDGET_RU = {1: "1 новый комментарий", 5: "5 новых комментариев", 21: "21 новый комментарий"}
UNTRANSLATED = "Publishers from 31 countries took part."
SHIPPED = ["messages.pot"] + [f"{lang}/LC_MESSAGES/messages.po" for lang in ("az", "tr", "ru")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's catalogs built from a copy of the shipped ones, offline (pseudo engine)."""
    root = tmp_path_factory.mktemp("site")
    # Only the catalogs the project ships: a build-site or translate run in the repository
    # leaves article catalogs in locales/ that must not change what this build starts from.
    for relative in SHIPPED:
        (root / "locales" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "locales" / relative, root / "locales" / relative)
    cwd = os.getcwd()
    os.chdir(ROOT)  # the command's default paths (examples/...), as a user runs it
    try:
        result = CliRunner().invoke(
            main,
            [
                "build-site", "examples/site", "--locales-dir", str(root / "locales"),
                "--json-dir", str(root / "i18n"),
            ],
        )  # fmt: skip
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert "template unchanged" in result.output  # the shipped template matches the site
    assert "24 reviewed from memory" in result.output  # 8 passages x az, tr, ru
    return root


def load_app_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_site_app", SITE / "app.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def app(built: Path) -> Flask:
    return load_app_module().create_app(
        {"LOCALES_DIR": str(built / "locales"), "I18N_JSON_DIR": str(built / "i18n")}
    )


# --------------------------------------------------------------------------- build-site


def test_build_site_writes_catalogs_mo_and_json(built: Path) -> None:
    for lang in ("az", "tr", "ru"):
        folder = built / "locales" / lang / "LC_MESSAGES"
        for stem in ("messages", "baku-book-fair", "caspian-ferry", "mountain-road"):
            assert (folder / f"{stem}.mo").is_file()
        assert (built / "i18n" / lang / "messages.json").is_file()
        verify_catalog(folder / "baku-book-fair.po")
    store = catalogs.read_catalog(built / "locales" / "az" / "LC_MESSAGES" / "baku-book-fair.po")
    by_source = {str(u.source): u for u in store.units if not u.isheader()}
    assert catalogs.is_reviewed(by_source[TITLES["en"]])  # from translations/articles.tmx
    untranslated = [u for s, u in by_source.items() if s.startswith(UNTRANSLATED)]
    assert untranslated and not untranslated[0].target  # pseudo text never enters az
    assert not any(str(u.target).startswith("[") for u in by_source.values())
    # The pseudo text has a locale of its own, compiled as made: UI and articles.
    pseudo = built / "locales" / "en_XA" / "LC_MESSAGES"
    for stem in ("messages", "baku-book-fair", "caspian-ferry", "mountain-road"):
        units = [u for u in catalogs.read_catalog(pseudo / f"{stem}.po").units if not u.isheader()]
        assert units and all(catalogs.is_reviewed(u) for u in units if not u.isobsolete())
        assert (pseudo / f"{stem}.mo").is_file()
    assert (built / "i18n" / "en_XA" / "messages.json").is_file()


def test_build_site_again_leaves_the_shipped_catalogs_alone(built: Path) -> None:
    """The site's strings did not change, so the template and UI catalogs are not rewritten."""
    for relative in SHIPPED:
        built_file = built / "locales" / relative
        assert built_file.read_bytes() == (ROOT / "locales" / relative).read_bytes(), relative


# --------------------------------------------------------------------------- Flask


def test_accept_language_picks_the_locale_at_the_root(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/ru/")
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get("/", headers={"Accept-Language": "tr"}).headers["Location"].endswith("/tr/")
    assert client.get("/", headers={"Accept-Language": "de"}).headers["Location"].endswith("/en/")
    assert client.get("/xx/").status_code == 404
    assert client.get("/az/article/nope").status_code == 404


def test_pages_carry_lang_hreflang_and_translated_chrome(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/az/article/baku-book-fair").get_data(as_text=True)
    assert '<html lang="az">' in page
    for code in ("en", "az", "tr", "ru"):
        assert f'hreflang="{code}" href="http://localhost/{code}/article/baku-book-fair"' in page
    assert 'hreflang="x-default"' in page
    assert f'<h1 lang="az">{TITLES["az"]}</h1>' in page
    assert f'<p lang="en">{UNTRANSLATED}' in page  # source text, marked as English
    assert "[" not in page.split("<main>")[1].split("</main>")[0]  # no pseudo (fuzzy) text
    assert "Ana səhifə" in page and "Bağla" in page and "21 şərh" in page
    assert 'data-i18n="/static/i18n/az/messages.json"' in page
    assert client.get("/static/i18n/az/messages.json").json["Close"] == "Bağla"
    english = client.get("/en/article/baku-book-fair").get_data(as_text=True)
    assert "data-i18n" not in english and "Home page" in english


def test_the_pseudo_locale_is_served_from_its_compiled_catalog(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/en-XA/article/baku-book-fair").get_data(as_text=True)
    assert '<html lang="en-XA">' in page
    assert '<h1 lang="en-XA">[βåķû βööķ Ƒåîŕ' in page  # the article's pseudo catalog
    assert "[Ĥöɱé þåĝé ···]" in page  # the UI's (messages.mo of en_XA)
    assert "Home page" not in page.split("<body")[1]  # no UI string left in English
    assert 'hreflang="en-XA"' not in page  # a developer's view, not offered to readers
    assert client.get("/static/i18n/en-XA/messages.json").json["Close"] == "[Çļöšé ··]"
    assert client.get("/xx-XA/").status_code == 404


def test_latest_search_and_contact(app: Flask) -> None:
    client = app.test_client()
    latest = client.get("/ru/latest?since=5").get_data(as_text=True)
    assert "5 новых статей" in latest and "5 материалов" in latest
    found = client.get("/tr/search?q=feribot").get_data(as_text=True)
    assert "1 makale bulundu" in found
    thanks = client.post("/az/contact").get_data(as_text=True)
    assert thanks == "Bizə yazdığınız üçün təşəkkür edirik."


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def server(app: Flask) -> Iterator[str]:
    """The site on 127.0.0.1 at a free port, in a thread."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Headless Chromium driven by Playwright; the system's Chromium, nothing downloaded."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            viewport={"width": 1200, "height": 900},
        )  # fmt: skip
        context.set_default_timeout(10_000)
        yield context
        context.close()


def screenshot(page: Page, tmp_path: Path, name: str) -> Path:
    """Save under the test's tmp dir, and into $I18N_PIPELINE_ARTIFACTS when set (CI)."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    artifacts = os.environ.get("I18N_PIPELINE_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(artifacts) / path.name)
    assert path.stat().st_size > 20_000
    return path


@pytest.mark.parametrize("lang", ["en", "az", "tr", "ru"])
def test_article_page_in_the_browser(
    browser: BrowserContext, server: str, tmp_path: Path, lang: str
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/{lang}/article/baku-book-fair?new=5")
    page.wait_for_selector(".new-comments[data-rendered]")
    assert page.get_attribute("html", "lang") == lang
    assert page.inner_text("nav.sections a >> nth=0") == HOME[lang]
    assert page.inner_text("article h1") == TITLES[lang]
    assert page.get_attribute("article h1", "lang") == lang
    assert COMMENTS[lang] in page.inner_text("article")
    body = page.locator("article p", has_text=UNTRANSLATED)
    assert body.get_attribute("lang") == "en"  # not reviewed: the source, marked as such
    widget = page.inner_text(".new-comments")
    expected = {
        "en": "5 new comments",
        "az": "5 yeni şərh",
        "tr": "5 yeni yorum",
        "ru": "5 новых комментариев",
    }
    assert widget == expected[lang]
    assert page.get_attribute("nav.languages a[aria-current]", "hreflang") == lang
    screenshot(page, tmp_path, f"article-{lang}")
    assert not errors
    page.close()


def test_pseudo_locale_page_in_the_browser(
    browser: BrowserContext, server: str, tmp_path: Path
) -> None:
    """/en-XA/ shows every string that went through a catalog accented and bracketed, the
    script's plural widget included; a hard-coded string would stand out in plain ASCII."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/en-XA/article/baku-book-fair?new=5")
    page.wait_for_selector(".new-comments[data-rendered]")
    assert page.get_attribute("html", "lang") == "en-XA"
    assert page.inner_text("nav.sections a >> nth=0") == "[Ĥöɱé þåĝé ···]"
    title = page.inner_text("article h1")
    assert title.startswith("[βåķû βööķ Ƒåîŕ") and title.endswith("]")
    body = page.locator("article p", has_text="31")
    assert body.first.inner_text().startswith("[")  # the untranslated paragraph, in pseudo
    widget = page.inner_text(".new-comments")
    assert widget.startswith("[5 ") and "ñéŵ" in widget  # plural from the en_XA JSON
    screenshot(page, tmp_path, "article-en-XA")
    assert not errors
    page.close()


def test_russian_plural_widget_and_language_switch(
    browser: BrowserContext, server: str, tmp_path: Path
) -> None:
    page = browser.new_page()
    page.goto(f"{server}/ru/article/caspian-ferry")
    page.wait_for_selector(".new-comments[data-rendered]")
    for count, text in WIDGET_RU.items():
        page.fill(".new-comments-count", str(count))
        assert page.inner_text(".new-comments") == text
    screenshot(page, tmp_path, "widget-ru-21")
    page.click("nav.languages a[hreflang=az]")
    page.wait_for_url(f"{server}/az/article/caspian-ferry")
    page.wait_for_selector(".new-comments[data-rendered]")
    assert page.get_attribute("html", "lang") == "az"
    assert page.inner_text("article h1") == "Yeni bərə xətti Ələt və Türkmənbaşını birləşdirir"
    page.close()


def test_root_negotiates_in_the_browser(browser: BrowserContext, server: str) -> None:
    page = browser.new_page()
    page.set_extra_http_headers({"Accept-Language": "tr-TR,tr;q=0.9"})
    page.goto(server + "/")
    assert page.url == f"{server}/tr/"
    assert page.get_attribute("html", "lang") == "tr"
    assert page.inner_text("main h1") == "Son haberler"
    page.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))


def test_leftovers_on_the_rendered_az_page(
    browser: BrowserContext, server: str, built: Path, tmp_path: Path
) -> None:
    """The az article page as Chromium renders it, with an English promo a script adds (no
    catalog has it): the untranslated paragraph is traced to its entry, the promo to none."""
    from i18n_pipeline.qa.leftovers import find_leftovers

    page = browser.new_page()
    page.goto(f"{server}/az/article/baku-book-fair?new=5")
    page.wait_for_selector(".new-comments[data-rendered]")
    page.evaluate(
        "() => { const p = document.createElement('p');"
        " p.textContent = 'Subscribe to our newsletter for more stories';"
        " document.body.appendChild(p); }"
    )
    saved = tmp_path / "article-az.html"
    saved.write_text(page.content(), "utf-8")
    page.close()
    found = {
        item.text: item
        for item in find_leftovers([str(saved)], "az", locales_dir=built / "locales")
    }
    untranslated = next(item for text, item in found.items() if text.startswith(UNTRANSLATED))
    assert (
        untranslated.entry is not None
        and "/az/LC_MESSAGES/baku-book-fair.po:" in untranslated.entry
    )
    assert untranslated.state in {"untranslated", "fuzzy"}
    assert found["Subscribe to our newsletter for more stories"].entry is None
    assert TITLES["az"] not in found and HOME["az"] not in found
    assert "Türkçe" not in found and "Русский" not in found  # the switcher's lang="tr"/"ru"
