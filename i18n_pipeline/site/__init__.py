"""A site's catalogs end to end, and its articles as page blocks in a reader's language.

`build_site` runs the steps a site's build needs, in order: extract the UI strings, merge them
into each locale's catalog, fill new entries by machine (fuzzy), translate the articles, bring in
reviewed human translations (TMX), compile MO files, and export i18next JSON for the browser.
Each step is the library function behind a command; nothing here translates on its own.
`read_article` gives the example site an article's blocks with the language each is shown in.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.documents import read_document
from i18n_pipeline.locales import domain_for_file, parse_locale

# Block kinds a reader sees; chrome and code stay out of the page (code is never translated).
PAGE_KINDS = ("title", "heading", "paragraph", "list_item", "quote", "caption", "table_cell")


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class PageBlock:
    kind: str
    html: str  # safe to insert: escaped text, rendered Markdown inline, or cleaned inner HTML
    lang: str  # the language the text is in: the reader's, or the source's where untranslated


@dataclass(frozen=True)
class Article:
    slug: str
    lang: str  # the page's language
    title: PageBlock
    blocks: list[PageBlock]  # the body, title excluded
    metadata: dict[str, str]
    translated: int  # body and title blocks shown in `lang`
    total: int


def _block_html(fmt: str, text: str) -> str:
    """Article text as HTML: Markdown inline syntax rendered, HTML cleaned, plain text escaped.

    Translations come from catalogs, so HTML from a catalog is cleaned like any user input.
    """
    if fmt == "markdown":
        from markdown_it import MarkdownIt

        return MarkdownIt("commonmark", {"html": False}).renderInline(text)
    if fmt == "html":
        from lxml_html_clean import Cleaner

        cleaned = Cleaner(page_structure=False, safe_attrs_only=True).clean_html(
            f"<span>{text}</span>"
        )
        return cleaned.removeprefix("<span>").removesuffix("</span>")
    return html.escape(text, quote=False)


def read_article(
    path: str | Path,
    lang: str,
    *,
    locales_dir: str | Path,
    source_language: str = "en",
    domain: str | None = None,
) -> Article:
    """An article's blocks in `lang`: reviewed translations from its catalog, the source text
    (marked with the source language) wherever there is none. Fuzzy entries are never shown:
    this is `render_file`'s lookup, kept as blocks so each can carry its own `lang`."""
    path = Path(path)
    document = read_document(path)
    domain = domain or domain_for_file(path.stem)
    lookup: dict[str, str] = {}
    if lang != source_language:
        po_path = catalogs.catalog_path(locales_dir, parse_locale(lang, "lang").code, domain)
        if po_path.exists():
            lookup = catalogs.translation_lookup(catalogs.read_catalog(po_path))
    shown: list[PageBlock] = []
    for block in document.blocks:
        if block.kind not in PAGE_KINDS or not block.text.strip():
            continue
        translation = lookup.get(block.text)
        text, text_lang = (translation, lang) if translation else (block.text, source_language)
        shown.append(PageBlock(block.kind, _block_html(document.format, text), text_lang))
    titles = [b for b in shown if b.kind == "title"]
    title = titles[0] if titles else PageBlock("title", html.escape(path.stem), source_language)
    return Article(
        slug=path.stem,
        lang=lang,
        title=title,
        blocks=[b for b in shown if b is not title],
        metadata=dict(document.metadata),
        translated=sum(1 for b in shown if b.lang == lang),
        total=len(shown),
    )


# --------------------------------------------------------------------------- the build


@dataclass
class SiteBuild:
    template_written: bool = False
    catalogs_created: list[Path] = field(default_factory=list)
    catalogs_updated: list[Path] = field(default_factory=list)
    ui_filled: int = 0  # UI entries a machine filled (fuzzy, not shown until reviewed)
    articles_translated: int = 0  # article entries a machine filled (fuzzy)
    reviewed_imported: int = 0  # article entries filled from reviewed translation memories
    compiled: list[Path] = field(default_factory=list)
    exported: list[Path] = field(default_factory=list)


def _entries(store: catalogs.Store) -> list[str]:
    """A template's entries as text, header left out: its creation date changes every run."""
    return [str(unit) for unit in store.units if not unit.isheader()]


def build_site(
    site_dir: str | Path,
    *,
    articles: Sequence[str | Path],
    locales: Sequence[str],
    locales_dir: str | Path = "locales",
    json_dir: str | Path | None = None,
    domain: str = "messages",
    source_language: str = "en",
    engine: str = "pseudo",
    model: str | None = None,
    reviewed: Sequence[str | Path] = (),
    notify: Callable[[str], None] | None = None,
) -> SiteBuild:
    """extract → init/update → translate (UI and articles, fuzzy) → import reviewed TMX →
    compile → export i18next JSON to `json_dir/<locale>/<domain>.json`.

    The template and UI catalogs are rewritten only when the site's strings changed, so a
    rebuild of an unchanged site leaves the catalogs under version control as they are.
    """
    from i18n_pipeline.catalogs.templates import (
        build_template,
        init_catalog,
        read_template,
        update_catalog,
    )
    from i18n_pipeline.exchange import export_catalog, import_file
    from i18n_pipeline.pipeline import TranslateOptions, translate_catalogs, translate_files

    site_dir, locales_dir = Path(site_dir), Path(locales_dir)
    json_dir = Path(json_dir) if json_dir is not None else site_dir / "static" / "i18n"
    infos = [parse_locale(code, "--to") for code in locales]
    parse_locale(source_language, "--from")
    build = SiteBuild()

    # 1. extract, keeping the shipped template's project name and version.
    template = locales_dir / f"{domain}.pot"
    old = read_template(template) if template.exists() else None
    project, _, version = (
        (old.parseheader().get("Project-Id-Version") or "").rpartition(" ") if old else ("", "", "")
    )
    fresh, _files = build_template(
        site_dir, project=project or "PACKAGE", version=version or "VERSION"
    )
    changed = old is None or _entries(old) != _entries(fresh)
    if changed:
        catalogs.write_atomic(template, catalogs.serialize_catalog(fresh))
        build.template_written = True

    # 2. init or update each locale's UI catalog.
    for info in infos:
        path = catalogs.catalog_path(locales_dir, info.code, domain)
        if not path.exists():
            build.catalogs_created.append(init_catalog(template, info, locales_dir, domain))
        elif changed:
            update_catalog(path, read_template(template))
            build.catalogs_updated.append(path)

    # 3-4. machine translation fills only what is empty; all of it fuzzy, never shown as final.
    options = TranslateOptions(
        source=source_language,
        targets=tuple(info.code for info in infos),
        model=model,
        locales_dir=locales_dir,
        engine=engine,
    )
    ui = [catalogs.catalog_path(locales_dir, info.code, domain) for info in infos]
    build.ui_filled = translate_catalogs(ui, options, notify=notify).translated
    if articles:
        build.articles_translated = translate_files(articles, options, notify=notify).translated

    # 5. people's translations of the articles, from translation memories they vouch for.
    for memory in reviewed:
        for info in infos:
            for article in articles:
                path = catalogs.catalog_path(
                    locales_dir, info.code, domain_for_file(Path(article).stem)
                )
                result = import_file(memory, path, reviewed=True, source_language=source_language)
                build.reviewed_imported += result.updated

    # 6-7. MO files for Flask-Babel, i18next JSON for the browser.
    for info in infos:
        for path in sorted((locales_dir / info.code / "LC_MESSAGES").glob("*.po")):
            build.compiled.append(catalogs.compile_catalog(path).mo_path)
        out = json_dir / info.code / f"{domain}.json"
        export_catalog(
            catalogs.catalog_path(locales_dir, info.code, domain),
            "i18next",
            out,
            source_language=source_language,
        )
        build.exported.append(out)
    return build
