"""What a page says about itself, as blocks of kind `meta`: the `<title>` a browser tab and a
search result show, the description, and the Open Graph and Twitter card tags a shared link
shows. Left in the source language, a translated page still reads as English in all of them.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from i18n_pipeline.documents.model import Block

# <meta> tags whose content a reader sees: name= or property= (sites use either for twitter:).
META_TAGS = (
    "description",
    "og:title",
    "og:description",
    "twitter:title",
    "twitter:description",
)


def _plain(text: str) -> str:
    return " ".join(text.split())


def head_blocks(root: HtmlElement, headline: HtmlElement | None) -> list[Block]:
    """`<title>` (unless it is the page's headline block already) and the `<meta>` tags of
    `META_TAGS` with content, in document order."""
    tree = root.getroottree()
    blocks: list[Block] = []
    for element in root.iter("title", "meta"):
        if element is headline:
            continue
        if element.tag == "title":
            text, attribute = _plain(element.text_content()), None
        else:
            name = (element.get("name") or element.get("property") or "").strip().lower()
            if name not in META_TAGS:
                continue
            text, attribute = _plain(element.get("content") or ""), "content"
        if text:
            blocks.append(
                Block(
                    "meta",
                    text,
                    element.sourceline or 1,
                    element_path=tree.getpath(element),
                    continuation=None,
                    attribute=attribute,
                )
            )
    return blocks


def set_head_text(element: HtmlElement, block: Block, text: str) -> None:
    """Put a `meta` block's translation back: the attribute's value, or `<title>`'s text."""
    if block.attribute:
        element.set(block.attribute, text)
    else:
        for child in list(element):
            element.remove(child)
        element.text = text
