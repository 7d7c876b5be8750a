"""HTML reader: lxml for the page and its source lines; trafilatura decides which elements are the
article."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from i18n_pipeline.documents.chrome import _in_chrome, _word_set
from i18n_pipeline.documents.model import Block
from i18n_pipeline.errors import InputError

# Elements that can hold one block of text. A <div> counts when it holds no other block: many
# news sites put paragraphs in bare divs with <br>s.
_HTML_BLOCK_TAGS = _word_set(
    "p h1 h2 h3 h4 h5 h6 li blockquote figcaption td th pre dt dd caption div"
)


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def _match_key(text: str) -> str:
    """Text without any whitespace: trafilatura turns <br> into a line break, lxml into nothing."""
    return "".join(text.split())


def _parse_html(source: str) -> HtmlElement:
    """Parse a page with lxml, keeping line numbers; an XML declaration is blanked out first
    because lxml refuses str input that declares an encoding."""
    match = re.match(r"\s*<\?xml[^>]*\?>", source)
    if match:
        source = " " * match.end() + source[match.end() :]
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ValueError(str(error)) from None
    for entry in parser.error_log:
        # libxml2 stops reading at 256 nested elements and says so only in its log: the rest
        # of the article would vanish without a word.
        if entry.level_name == "FATAL":
            reason = (
                "elements nested more than 256 deep"
                if entry.type_name == "ERR_RESOURCE_LIMIT"
                else entry.message.strip()
            )
            raise HtmlLimitError(f"{reason}; the rest of the page cannot be read", entry.line)
    return root


class HtmlLimitError(ValueError):
    """lxml gave up part-way through a page; `line` is where."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _raw_inner_html(element: HtmlElement) -> str:
    parts = [html_lib.escape(element.text or "", quote=False)]
    for child in element:
        parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def _inner_html(element: HtmlElement) -> str:
    """The element's inner HTML with whitespace runs collapsed to single spaces."""
    return _normalise_space(_raw_inner_html(element))


def _main_texts(source: str) -> tuple[set[str], dict[str, str]]:
    """Match keys of the elements trafilatura keeps as the article, and its metadata."""
    import trafilatura  # imported here: slow to import, and only HTML articles need it

    result = trafilatura.bare_extraction(
        source,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        # Dates only from the page's markup, not guessed from years mentioned in the text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        return set(), {}
    texts: set[str] = set()
    body = getattr(result, "body", None)
    if body is not None:
        for element in body.iter():
            if element is body:
                continue
            key = _match_key("".join(element.itertext()))
            if key:
                texts.add(key)
    metadata: dict[str, str] = {}
    for key in ("title", "author", "date", "sitename", "url", "description"):
        value = getattr(result, key, None)
        if isinstance(value, str) and value.strip():
            metadata[key] = value.strip()
    return texts, metadata


def _common_prefix(first: str, second: str) -> int:
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


def _is_main_text(key: str, main: set[str]) -> bool:
    """Whether an element's text is one of trafilatura's, exactly or, for long texts, nearly:
    trafilatura drops hidden spans and the like inside paragraphs, so 80% of the longer text
    must be a common prefix plus a common suffix."""
    if key in main:
        return True
    if len(key) < 40:
        return False
    for other in main:
        longest = max(len(key), len(other))
        if min(len(key), len(other)) < 0.8 * longest:
            continue
        if _common_prefix(key, other) + _common_prefix(key[::-1], other[::-1]) >= 0.8 * longest:
            return True
    return False


def _innermost_blocks(root: HtmlElement) -> Iterator[HtmlElement]:
    """Block elements in document order that contain no other block element."""
    for element in root.iter(*_HTML_BLOCK_TAGS):
        if any(d is not element for d in element.iter(*_HTML_BLOCK_TAGS)):
            continue
        if _normalise_space(element.text_content()):
            yield element


def _html_kind(element: HtmlElement) -> str:
    tag = element.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "heading"
    if tag == "pre":
        return "code"
    if tag in ("td", "th"):
        return "table_cell"
    ancestors = {a.tag for a in element.iterancestors()} | {tag}
    for marker, kind in (
        ("blockquote", "quote"),
        ("li", "list_item"),
        ("figcaption", "caption"),
        ("caption", "caption"),
    ):
        if marker in ancestors:
            return kind
    return "paragraph"


def _read_html(path: Path, source: str) -> tuple[list[Block], dict[str, str]]:
    """HTML reader: trafilatura picks the article's text; lxml elements whose normalised text is
    one of trafilatura's paragraphs become blocks, with their inner HTML as text."""
    try:
        root = _parse_html(source)
    except ValueError as error:
        raise InputError(
            path, f"cannot parse the HTML: {error}", getattr(error, "line", None)
        ) from None
    tree = root.getroottree()
    main, metadata = _main_texts(source)
    lang = root.get("lang")
    if lang:
        metadata.setdefault("lang", lang)
    candidates = list(_innermost_blocks(root))
    if main:
        # Same text in a menu or a "Related" box as in the article (a headline repeated in a
        # breadcrumb): the copy in page furniture is not the article's.
        chosen = [
            e
            for e in candidates
            if _is_main_text(_match_key(e.text_content()), main) and not _in_chrome(e, hints=False)
        ]
    else:  # trafilatura found nothing (tiny page): everything outside the page furniture
        chosen = [e for e in candidates if not _in_chrome(e)]
    title_element = _html_title_element(root, metadata.get("title"))
    wanted = set(chosen)  # lxml proxies stay the same objects while referenced
    blocks: list[Block] = []
    for element in root.iter():
        is_title = element is title_element
        if not is_title and element not in wanted:
            continue
        if is_title:
            text = _inner_html(element)
            kind = "title"
            metadata.setdefault("title", _normalise_space(element.text_content()))
        else:
            text, kind = _inner_html(element), _html_kind(element)
        blocks.append(
            Block(
                kind,
                text,
                element.sourceline or 1,
                element_path=tree.getpath(element),
                continuation=None,
            )
        )
    return blocks, metadata


def _html_title_element(root: HtmlElement, title: str | None) -> HtmlElement | None:
    """The headline element: an h1 matching the metadata title, else the first h1 outside the
    page furniture, else <title>."""
    headings = [h for h in root.iter("h1") if _normalise_space(h.text_content())]
    if title:
        wanted = _normalise_space(title)
        for heading in headings:
            text = _normalise_space(heading.text_content())
            if text == wanted or (len(text) > 10 and (text in wanted or wanted in text)):
                return heading
    for heading in headings:
        if not _in_chrome(heading):
            return heading
    return next(iter(root.iter("title")), None)


def _set_inner_html(element: HtmlElement, markup: str) -> None:
    """Replace an element's content with an HTML fragment, keeping the element, its tail and the
    whitespace that opened and closed its content (so the page's indentation survives)."""
    raw = _raw_inner_html(element)
    stripped = raw.strip()
    if stripped:
        start = raw.index(stripped[0])
        markup = raw[:start] + markup + raw[start + len(stripped) :]
    wrapper = lxml.html.fragment_fromstring(markup, create_parent="div")
    for child in list(element):
        element.remove(child)
    element.text = wrapper.text
    for child in list(wrapper):
        element.append(child)
