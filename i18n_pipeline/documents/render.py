"""Put translations back: the article in its own format, and the JSON view `segment` prints."""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.etree
import lxml.html

from i18n_pipeline.documents.html import (
    InlineRun,
    inline_runs,
    normalise_space,
    parse_html,
    set_inner_html,
    set_run_html,
    text_holders,
)
from i18n_pipeline.documents.markdown import front_matter_value
from i18n_pipeline.documents.model import Block, Document
from i18n_pipeline.documents.pagemeta import set_head_text
from i18n_pipeline.text.sentences import split_sentences


def render_document(
    doc: Document, translate: Callable[[Block], str | None], lang: str | None = None
) -> str:
    """The article in its own format with each translatable block replaced by ``translate(block)``
    (kept as it is where that returns None). ``lang`` sets ``<html lang>`` for HTML."""
    if doc.format == "html":
        rendered = _render_html(doc, translate, lang)
    else:
        rendered = _render_spans(doc, translate)
    return rendered.replace("\n", doc.newline) if doc.newline != "\n" else rendered


def _render_spans(doc: Document, translate: Callable[[Block], str | None]) -> str:
    """Text and Markdown: splice translations into the source at each block's span."""
    pieces: list[str] = []
    position = 0
    placed = sorted(
        (b for b in doc.blocks if b.translatable and b.span is not None),
        key=lambda b: b.span[0],  # type: ignore[index]
    )
    for block in placed:
        assert block.span is not None
        start, end = block.span
        if start < position:
            continue  # overlapping spans cannot happen with our readers; never corrupt the file
        new = translate(block)
        if new is None or new == block.text:
            continue  # unchanged blocks keep their source bytes (line wrapping included)
        if block.continuation is None:
            new = normalise_space(new)
        if block.kind == "meta":  # a front-matter value: quoted as YAML needs
            new = front_matter_value(new, doc.source[start:end])
        elif block.continuation and "\n" in new:
            new = new.replace("\n", "\n" + block.continuation)
        pieces.append(doc.source[position:start])
        pieces.append(new)
        position = end
    pieces.append(doc.source[position:])
    return "".join(pieces)


def _render_html(doc: Document, translate: Callable[[Block], str | None], lang: str | None) -> str:
    """HTML: the page re-parsed, each block element's inner HTML replaced, serialised by lxml."""
    root = parse_html(doc.source)
    tree = root.getroottree()
    changed = False
    # Every target is found before any is changed: a translation that adds elements would
    # shift the paths and run positions of the blocks after it.
    holders: set[lxml.html.HtmlElement] | None = None
    targets: list[tuple[Block, lxml.html.HtmlElement | InlineRun]] = []
    for block in doc.blocks:
        if not block.translatable or not block.element_path:
            continue
        found = tree.xpath(block.element_path)
        if not found:
            continue
        if block.run is None:
            targets.append((block, found[0]))
            continue
        if holders is None:
            holders = text_holders(root)
        runs = inline_runs(found[0], holders)
        if block.run < len(runs):
            targets.append((block, runs[block.run]))
    for block, target in targets:
        new = translate(block)
        if new is None or new == block.text:
            continue
        if isinstance(target, InlineRun):
            set_run_html(target, new)
        elif block.kind == "meta":
            set_head_text(target, block, normalise_space(new))
        else:
            set_inner_html(target, new)
        changed = True
    if lang and root.get("lang") != lang:
        root.set("lang", lang)
        changed = True
    if not changed:
        return doc.source  # nothing to do: the page byte for byte, not lxml's re-serialisation
    if re.match(r"\s*(?:<\?xml[^>]*\?>\s*)?<!doctype", doc.source, re.IGNORECASE):
        rendered = lxml.html.tostring(tree, encoding="unicode", doctype=tree.docinfo.doctype)
    else:  # lxml would invent an HTML 4 doctype for a page that had none
        rendered = lxml.html.tostring(root, encoding="unicode")
    return rendered if rendered.endswith("\n") else rendered + "\n"


# --------------------------------------------------------------------------------------------
# JSON view


def document_to_dict(doc: Document, lang: str = "en") -> dict:
    """The JSON view the CLI's ``segment --json`` prints: metadata, blocks and their sentences.

    `lang` is the declared language `lang` unless language ID is sure of another.
    """
    from i18n_pipeline.text.langid import block_language

    return {
        "path": str(doc.path),
        "format": doc.format,
        "metadata": dict(doc.metadata),
        "blocks": [
            {
                "kind": block.kind,
                "text": block.text,
                "line": block.line,
                "lang": block_language(block.text, lang),
                "sentences": (
                    [s.text for s in split_sentences(block.text, lang) if s.text]
                    if block.translatable
                    else []
                ),
            }
            for block in doc.blocks
        ],
    }
