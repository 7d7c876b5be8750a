"""What a reader makes of an article: a `Document` of `Block`s, each with its kind and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("text", "markdown", "html")

BLOCK_KINDS = (
    "title",  # the article's headline (first heading / first headline-like line)
    "heading",  # any other heading
    "paragraph",
    "list_item",
    "quote",  # a paragraph inside a block quote
    "caption",  # <figcaption> in HTML
    "meta",  # what the page says about itself: <title>, description and og:/twitter: tags,
    # Markdown front matter's title and description (shown in tabs, search results, shares)
    "table_cell",  # a Markdown or HTML table cell
    "code",  # code blocks: kept, never translated
    "chrome",  # site furniture in scraped text (menus, byline, related links): never translated
)
_UNTRANSLATABLE = frozenset({"chrome", "code"})


@dataclass(frozen=True)
class Block:
    """One unit of an article: what goes to the translator and the catalog as one msgid."""

    kind: str
    text: str  # stripped; inline markup kept (Markdown syntax for .md, inner HTML for .html)
    line: int  # 1-based source line where the block starts
    # Where the block's text sits in Document.source (text, markdown): render replaces this span.
    span: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    # Markdown: what starts a continuation line of this block ("> " in a quote, "   " in a list
    # item); None means a line break in the translation becomes a space (headings, table cells).
    continuation: str | None = field(default="", compare=False, repr=False)
    # HTML: the lxml path of the element whose inner HTML is the text.
    element_path: str | None = field(default=None, compare=False, repr=False)
    # HTML `meta` blocks: the attribute that holds the text (`content`); None: the element's
    # content (inner HTML, or plain text for <title>).
    attribute: str | None = field(default=None, compare=False, repr=False)
    # HTML: text directly inside that element, beside its block children, is a "run"; this is
    # the run's index (see documents/html.py), None when the text is the element's inner HTML.
    run: int | None = field(default=None, compare=False, repr=False)

    @property
    def translatable(self) -> bool:
        """Chrome and code are carried through unchanged."""
        return self.kind not in _UNTRANSLATABLE


@dataclass
class Document:
    """An article: format, metadata and blocks in reading order, plus the source to render from."""

    path: Path
    format: str  # "text" | "markdown" | "html"
    blocks: list[Block]
    metadata: dict[str, str]  # title, author, date, sitename, url ... when known
    source: str  # decoded source with line ends normalised to "\n"
    newline: str = "\n"  # the file's own line end, restored by render_document

    @property
    def translatable_blocks(self) -> list[Block]:
        """The blocks a translator should see, in order."""
        return [b for b in self.blocks if b.translatable]
