"""HTML reader: lxml for the page and its source lines; trafilatura decides which elements are the
article."""

from __future__ import annotations

import html as html_lib
import re
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
        # Only the body tree is used: "xml" skips rendering it as plain text (the default,
        # "python", does that for .text). The extraction itself is the same for every format.
        output_format="xml",
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
    """Length of the longest common prefix, by bisection on slice comparisons (done in C)."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[low:middle] == second[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


# A near match shares a common prefix and suffix of together at least 80% of the longer text,
# which is at least 40 characters long: so one of them is at least 16 characters long.
_NEAR_MIN_LENGTH = 40
_NEAR_SHARE = 0.8
_NEAR_EDGE = 16  # int(_NEAR_MIN_LENGTH * _NEAR_SHARE / 2)


class _MainTexts:
    """Trafilatura's paragraphs as match keys, indexed by their first and last characters for
    the near-match test (without the index, a page of a few thousand paragraphs that trafilatura
    all changed a little compared every element with every paragraph: seconds)."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys
        self._by_head: dict[str, list[tuple[str, str]]] = {}
        self._by_tail: dict[str, list[tuple[str, str]]] = {}
        for key in keys:
            if len(key) >= _NEAR_EDGE:
                entry = (key, key[::-1])
                self._by_head.setdefault(key[:_NEAR_EDGE], []).append(entry)
                self._by_tail.setdefault(key[-_NEAR_EDGE:], []).append(entry)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def sharing_an_edge(self, key: str) -> list[tuple[str, str]]:
        """The keys (with their reversals) that begin or end with the same 16 characters as
        ``key``: every key that can be a near match of it, and usually no other."""
        head = self._by_head.get(key[:_NEAR_EDGE], [])
        tail = self._by_tail.get(key[-_NEAR_EDGE:], [])
        if not tail:
            return head
        return list(dict.fromkeys(head + tail)) if head else tail


def _is_main_text(key: str, main: _MainTexts) -> bool:
    """Whether an element's text is one of trafilatura's, exactly or, for long texts, nearly:
    trafilatura drops hidden spans and the like inside paragraphs, so 80% of the longer text
    must be a common prefix plus a common suffix."""
    if key in main.keys:
        return True
    if len(key) < _NEAR_MIN_LENGTH:
        return False
    reversed_key = key[::-1]
    for other, reversed_other in main.sharing_an_edge(key):
        longest = max(len(key), len(other))
        if min(len(key), len(other)) < _NEAR_SHARE * longest:
            continue
        common = _common_prefix(key, other) + _common_prefix(reversed_key, reversed_other)
        if common >= _NEAR_SHARE * longest:
            return True
    return False


def _innermost_blocks(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Block elements in document order that contain no other block element and some text,
    each with its text content.

    One pass: every block element marks the nearest block element above it as not innermost.
    The list holds on to the elements, so lxml keeps handing out the same proxy objects (which
    the identity set relies on) and never has to build them twice."""
    blocks = list(root.iter(*_HTML_BLOCK_TAGS))
    outer: set[HtmlElement] = set()
    for element in blocks:
        # A block with no text (an image's wrapper, a spacer div standing in for a <br>) does
        # not make the text around it a container's: that text is the paragraph.
        if not any(not piece.isspace() for piece in element.itertext()):
            continue
        parent = element.getparent()
        while parent is not None and parent.tag not in _HTML_BLOCK_TAGS:
            parent = parent.getparent()
        if parent is not None:
            outer.add(parent)
    found: list[tuple[HtmlElement, str]] = []
    for element in blocks:
        if element in outer:
            continue
        text = element.text_content()
        if text and not text.isspace():  # the same test as _normalise_space(text) != ""
            found.append((element, text))
    return found


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
    candidates = _innermost_blocks(root)
    if main:
        # Same text in a menu or a "Related" box as in the article (a headline repeated in a
        # breadcrumb): the copy in page furniture is not the article's.
        index = _MainTexts(main)
        chosen = [
            e
            for e, text in candidates
            if _is_main_text(_match_key(text), index) and not _in_chrome(e, hints=False)
        ]
    else:  # trafilatura found nothing (tiny page): everything outside the page furniture
        chosen = [e for e, _ in candidates if not _in_chrome(e)]
    title_element = _html_title_element(root, metadata.get("title"))
    wanted = set(chosen)  # lxml proxies stay the same objects while referenced
    blocks: list[Block] = []
    # Every wanted element is a block element and the title is an <h1> or a <title>: iterating
    # over those tags alone visits them in the same document order as iterating over all.
    for element in root.iter(*_HTML_BLOCK_TAGS, "title"):
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
