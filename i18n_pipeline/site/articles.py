"""An article as the example site shows it: page blocks in the reader's language where a reviewed
translation exists, the source's elsewhere."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.documents import read_document
from i18n_pipeline.locales import domain_for_file, parse_locale

# Block kinds a reader sees; chrome and code stay out of the page (code is never translated).
PAGE_KINDS = ("title", "heading", "paragraph", "list_item", "quote", "caption", "table_cell")


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
