"""A small Azerbaijani news site whose chrome is translated with gettext (Flask-Babel).

Only the user interface lives here: articles themselves go through `i18n-pipeline translate`.
The strings are extracted with `i18n-pipeline extract examples/site -o locales/messages.pot`.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, render_template, request
from flask_babel import Babel, format_date, gettext, lazy_gettext, ngettext, npgettext, pgettext

_ = gettext

LANGUAGES = ("az", "tr", "ru", "en")

# Section names are shown in the menu before any request exists, hence lazy_gettext.
SECTIONS = {
    "politics": lazy_gettext("Politics"),
    "economy": lazy_gettext("Economy"),
    "culture": lazy_gettext("Culture"),
    "sports": lazy_gettext("Sports"),
}


def select_locale() -> str | None:
    """The reader's language from the URL (?lang=ru), else from the browser."""
    return request.args.get("lang") or request.accept_languages.best_match(LANGUAGES)


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = "../../locales"
    app.config["BABEL_DEFAULT_LOCALE"] = "az"
    Babel(app, locale_selector=select_locale)
    # Same whitespace policy as `trimmed = true` in babel.cfg, or msgids would not match.
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    @app.route("/")
    def home() -> str:
        return render_template("index.html", sections=SECTIONS, title=_("Home page"))

    @app.route("/article/<slug>")
    def article(slug: str) -> str:
        story = {
            "title": "Baku Book Fair opens",
            "author": "Aynur Məmmədova",
            "published": date(2026, 11, 26),
            "comments": 21,
        }
        # Translators: the name of the journalist who wrote the article.
        byline = _("By {author}").format(author=story["author"])
        published = _("Published on %(date)s", date=format_date(story["published"]))
        return render_template(
            "article.html",
            story=story,
            byline=byline,
            published=published,
            # Translators: button that opens the article in a new browser tab (a verb).
            open_label=pgettext("verb", "Open"),
        )

    @app.route("/search")
    def search() -> str:
        query = request.args.get("q", "")
        results: list[dict[str, str]] = []
        return render_template("search.html", query=query, results=results)

    @app.route("/latest")
    def latest() -> str:
        fresh = int(request.args.get("since", "3"))
        notice = ngettext(
            "%(num)d new article since your last visit",
            "%(num)d new articles since your last visit",
            fresh,
        )
        # Translators: counted in the news agency's own unit, "stories"; "num" is a number.
        stories = npgettext("newsroom", "%(num)d story", "%(num)d stories", fresh)
        return render_template("index.html", sections=SECTIONS, notice=notice, stories=stories)

    @app.post("/contact")
    def contact() -> tuple[str, int]:
        return _("Thank you for writing to us."), 200

    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        return render_template("404.html", message=_("Page not found")), 404

    return app


if __name__ == "__main__":
    create_app().run(debug=True)
