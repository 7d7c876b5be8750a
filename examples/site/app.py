"""Caspian News: the example site, in English, Azerbaijani, Turkish and Russian.

Flask with Flask-Babel. The chrome comes from the compiled `messages` catalogs, the articles from
their own catalogs (reviewed translations only; the source text, marked `lang="en"`, where there
is none), and the browser's strings from the i18next JSON exported from the same catalogs.
Build everything first with `i18n-pipeline build-site`, then `flask --app examples/site/app run`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from babel import support
from flask import (
    Flask,
    abort,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import (
    Babel,
    Domain,
    format_date,
    gettext,
    lazy_gettext,
    ngettext,
    npgettext,
    pgettext,
)
from markupsafe import Markup
from werkzeug.wrappers import Response

from i18n_pipeline.site import Article, PageBlock, read_article

_ = gettext

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent.parent
LANGUAGES = ("en", "az", "tr", "ru")
SOURCE_LANGUAGE = "en"
# Language names in their own language: a reader looks for the one they can read.
AUTONYMS = {"en": "English", "az": "Azərbaycanca", "tr": "Türkçe", "ru": "Русский"}
# Pseudo-locales (`build-site` with --engine pseudo / pseudo-rtl): URL code -> catalog folder.
# A developer's view of the site, served when compiled, never offered to readers (no switcher
# entry, no hreflang). CLDR has no data for them, so dates and numbers stay in English.
PSEUDO = {"en-XA": "en_XA", "ar-XB": "ar_XB"}
PSEUDO_SOURCE = dict.fromkeys(PSEUDO, SOURCE_LANGUAGE)

# Section names are shown in the menu before any request exists, hence lazy_gettext.
SECTIONS = {
    "politics": lazy_gettext("Politics"),
    "economy": lazy_gettext("Economy"),
    "culture": lazy_gettext("Culture"),
    "sports": lazy_gettext("Sports"),
}
ARTICLE_SECTIONS = {
    "baku-book-fair": "culture",
    "caspian-ferry": "economy",
    "mountain-road": "politics",
}
# Reader comments under each article: 21, 5 and 1 show the three Russian plural forms.
COMMENTS = {"baku-book-fair": 21, "caspian-ferry": 5, "mountain-road": 1}
_BLOCK_TAGS = {"heading": "h2", "quote": "blockquote", "caption": "p", "table_cell": "p"}


def _body_html(blocks: list[PageBlock]) -> Markup:
    """Article blocks as HTML, each with its own `lang`; consecutive list items in one list."""
    parts: list[str] = []
    in_list = False
    for block in blocks:
        if (block.kind == "list_item") != in_list:
            parts.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        tag = "li" if block.kind == "list_item" else _BLOCK_TAGS.get(block.kind, "p")
        parts.append(f'<{tag} lang="{block.lang}">{block.html}</{tag}>')
    if in_list:
        parts.append("</ul>")
    return Markup("\n  ".join(parts))  # block.html is escaped or cleaned by read_article


class _PseudoDomain(Domain):  # type: ignore[misc]  # flask_babel ships no type hints
    """The `messages` catalog of a pseudo-locale: Babel cannot parse en_XA as a locale, so
    Flask-Babel's own lookup (which goes through `babel.Locale`) never finds it."""

    def __init__(self, directory: str, folder: str) -> None:
        super().__init__(translation_directories=[directory])
        self._translations = support.Translations.load(directory, [folder], "messages")

    def get_translations(self) -> support.NullTranslations:
        return self._translations


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The site; `config` overrides where catalogs, articles and i18next JSON are read from."""
    app = Flask(__name__, root_path=str(SITE))
    app.config.update(
        LOCALES_DIR=os.environ.get("SITE_LOCALES_DIR", str(ROOT / "locales")),
        ARTICLES_DIR=os.environ.get("SITE_ARTICLES_DIR", str(ROOT / "examples" / "articles")),
        I18N_JSON_DIR=os.environ.get("SITE_I18N_JSON_DIR", str(SITE / "static" / "i18n")),
        BABEL_DEFAULT_LOCALE=SOURCE_LANGUAGE,
    )
    app.config.update(config or {})
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(app.config["LOCALES_DIR"])
    # A pseudo-locale formats dates and numbers as its source language does.
    Babel(app, locale_selector=lambda: PSEUDO_SOURCE.get(g.get("lang"), g.get("lang", "en")))
    pseudo_domains: dict[str, _PseudoDomain] = {}

    def pseudo_compiled(code: str) -> bool:
        mo = Path(app.config["LOCALES_DIR"]) / PSEUDO[code] / "LC_MESSAGES" / "messages.mo"
        return mo.is_file()

    # Same whitespace policy as `trimmed = true` in babel.cfg, or msgids would not match.
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    def articles() -> list[Path]:
        folder = Path(app.config["ARTICLES_DIR"])
        return sorted(p for p in folder.iterdir() if p.stem in ARTICLE_SECTIONS)

    def story(path: Path) -> Article:
        return read_article(
            path, g.lang, locales_dir=app.config["LOCALES_DIR"], source_language=SOURCE_LANGUAGE
        )

    @app.url_value_preprocessor
    def take_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang" in values:
            code = values.pop("lang")
            if code in PSEUDO and pseudo_compiled(code):
                g.lang = code
                if code not in pseudo_domains:
                    pseudo_domains[code] = _PseudoDomain(app.config["LOCALES_DIR"], PSEUDO[code])
                # Flask-Babel takes the request's domain from here (its get_domain()).
                g._flask_babel = SimpleNamespace(babel_domain=pseudo_domains[code])
                return
            g.lang = code if code in LANGUAGES else SOURCE_LANGUAGE
            if code not in LANGUAGES:
                abort(404)

    @app.url_defaults
    def add_language(endpoint: str, values: dict[str, Any]) -> None:
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.get("lang", SOURCE_LANGUAGE)

    @app.context_processor
    def page_context() -> dict[str, Any]:
        lang = g.get("lang", SOURCE_LANGUAGE)

        def alternate(code: str) -> str:
            """This page in another language (hreflang links and the language switcher)."""
            if request.url_rule is None or "lang" not in request.url_rule.arguments:
                return url_for("home", lang=code, _external=True)
            args = {**(request.view_args or {}), "lang": code}
            return url_for(request.endpoint or "home", **args, _external=True)

        json_file = Path(app.config["I18N_JSON_DIR"]) / PSEUDO.get(lang, lang) / "messages.json"
        return {
            "lang": lang,
            "languages": LANGUAGES,
            "autonyms": AUTONYMS,
            "alternate": alternate,
            "sections": SECTIONS,
            "i18n_json": url_for("i18n_json", code=lang) if json_file.is_file() else None,
        }

    @app.route("/")
    def negotiate() -> Response:
        """The reader's language from the browser's Accept-Language, else the source language."""
        best = request.accept_languages.best_match(LANGUAGES, default=SOURCE_LANGUAGE)
        response = redirect(url_for("home", lang=best))
        response.vary.add("Accept-Language")
        return response

    @app.route("/static/i18n/<code>/messages.json")
    def i18n_json(code: str) -> Response:
        """The i18next JSON `build-site` exported (it may live outside static/ in a test)."""
        if code not in LANGUAGES and code not in PSEUDO:
            abort(404)
        folder = PSEUDO.get(code, code)
        return send_from_directory(app.config["I18N_JSON_DIR"], f"{folder}/messages.json")

    @app.route("/<lang>/")
    def home() -> str:
        stories = [story(path) for path in articles()]
        return render_template("index.html", title=_("Home page"), stories_list=stories)

    @app.route("/<lang>/section/<slug>")
    def section(slug: str) -> str:
        if slug not in SECTIONS:
            abort(404)
        stories = [story(p) for p in articles() if ARTICLE_SECTIONS[p.stem] == slug]
        return render_template("index.html", stories_list=stories)

    @app.route("/<lang>/article/<slug>")
    def article(slug: str) -> str:
        paths = {path.stem: path for path in articles()}
        if slug not in paths:
            abort(404)
        shown = story(paths[slug])
        others = [story(path) for name, path in paths.items() if name != slug]
        # Translators: the name of the journalist who wrote the article.
        byline = _("By {author}").format(author=shown.metadata.get("author", ""))
        published = _(
            "Published on %(date)s",
            date=format_date(date.fromisoformat(shown.metadata.get("date", "2024-01-01"))),
        )
        return render_template(
            "article.html",
            story=shown,
            body=_body_html(shown.blocks),
            others=others,
            byline=byline,
            published=published,
            comments=COMMENTS.get(slug, 0),
            new_comments=request.args.get("new", 3, type=int),
            # Translators: button that opens the article in a new browser tab (a verb).
            open_label=pgettext("verb", "Open"),
        )

    @app.route("/<lang>/search")
    def search() -> str:
        query = request.args.get("q", "").strip()
        needle = query.casefold()
        results = [
            s
            for s in map(story, articles())
            if needle and any(needle in b.html.casefold() for b in [s.title, *s.blocks])
        ]
        return render_template("search.html", query=query, results=results)

    @app.route("/<lang>/latest")
    def latest() -> str:
        fresh = request.args.get("since", 3, type=int)
        notice = ngettext(
            "%(num)d new article since your last visit",
            "%(num)d new articles since your last visit",
            fresh,
        )
        # Translators: counted in the news agency's own unit, "stories"; "num" is a number.
        stories = npgettext("newsroom", "%(num)d story", "%(num)d stories", fresh)
        return render_template(
            "index.html",
            notice=notice,
            stories=stories,
            stories_list=[story(path) for path in articles()],
        )

    @app.post("/<lang>/subscribe")
    def subscribe() -> Response:
        return redirect(url_for("home"))

    @app.post("/<lang>/contact")
    def contact() -> tuple[str, int]:
        return _("Thank you for writing to us."), 200

    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        return render_template("404.html", message=_("Page not found")), 404

    return app


if __name__ == "__main__":
    create_app().run(debug=True)
