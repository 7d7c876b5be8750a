"""HTML reader: lxml for the page and its source lines; trafilatura decides which elements are the
article."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from i18n_pipeline.documents.chrome import (
    STOP_MARKERS,
    bare_words,
    byline_name,
    in_chrome,
    parse_date_line,
    word_set,
)
from i18n_pipeline.documents.model import Block
from i18n_pipeline.documents.pagemeta import head_blocks
from i18n_pipeline.errors import InputError

# Elements that can hold one block of text. A <div> counts when it holds no other block: many
# news sites put paragraphs in bare divs with <br>s.
_HTML_BLOCK_TAGS = word_set(
    "p h1 h2 h3 h4 h5 h6 li blockquote figcaption td th pre dt dd caption div"
)


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _match_key(text: str) -> str:
    """Text without any whitespace: trafilatura turns <br> into a line break, lxml into nothing."""
    return "".join(text.split())


def parse_html(source: str) -> HtmlElement:
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
    return normalise_space(_raw_inner_html(element))


def _main_texts(source: str) -> tuple[_MainTexts, dict[str, str]]:
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
        return _MainTexts(set()), {}
    texts: set[str] = set()
    body = getattr(result, "body", None)
    if body is not None:
        for element in body.iter():
            if element is not body:
                key = _match_key("".join(str(t) for t in element.itertext()))
                if key:
                    texts.add(key)
            texts.update(_trafilatura_runs(element))
    metadata: dict[str, str] = {}
    for key in ("title", "author", "date", "sitename", "url", "description"):
        value = getattr(result, key, None)
        if isinstance(value, str) and value.strip():
            metadata[key] = value.strip()
    whole = _match_key("".join(str(t) for t in body.itertext())) if body is not None else ""
    return _MainTexts(texts, whole), metadata


# Trafilatura's inline elements (its XML format): highlighting, links, line breaks, deletions.
_TRAFILATURA_INLINE = frozenset({"hi", "ref", "lb", "del"})


def _trafilatura_runs(element: lxml.etree._Element) -> list[str]:
    """Match keys of the text directly inside one of trafilatura's elements, between its block
    children: trafilatura keeps text it found loose in a container (beside headings and lists,
    as the page had it) as such tails."""
    runs: list[str] = []
    current = [element.text or ""]
    for child in element:
        if child.tag in _TRAFILATURA_INLINE:
            current.append("".join(str(t) for t in child.itertext()))
        else:
            runs.append(_match_key("".join(current)))
            current = []
        current.append(child.tail or "")
    runs.append(_match_key("".join(current)))
    return [run for run in runs if run]


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

    def __init__(self, keys: set[str], whole: str = "") -> None:
        self.keys = keys
        self.whole = whole  # all of trafilatura's text, in its order
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
    must be a common prefix plus a common suffix. A long text that trafilatura cut into pieces
    (a paragraph with a line break inside bold, loose text followed by a <p>) is found whole in
    its text."""
    if key in main.keys:
        return True
    if len(key) < _NEAR_MIN_LENGTH:
        return False
    if key in main.whole:
        return True
    reversed_key = key[::-1]
    for other, reversed_other in main.sharing_an_edge(key):
        longest = max(len(key), len(other))
        if min(len(key), len(other)) < _NEAR_SHARE * longest:
            continue
        common = _common_prefix(key, other) + _common_prefix(reversed_key, reversed_other)
        if common >= _NEAR_SHARE * longest:
            return True
    return False


# Elements a browser starts on a new line: text on either side of one is not one paragraph, and
# text directly inside one, beside such children, is a paragraph of its own (a "run").
_BLOCK_LEVEL = _HTML_BLOCK_TAGS | word_set(
    """address article aside body center details dialog dl fieldset figure footer form header
    hr main menu nav ol section summary table tbody tfoot thead tr ul"""
)
# Never part of a run of text: no visible text of their own, or not the page's body.
_NOT_TEXT = word_set("head script style noscript template")


# The elements that directly hold visible text (XPath's parent of a text node is its element
# for a tail too), found by libxml2 in one pass.
_TEXT_PARENTS = lxml.etree.XPath(
    "//text()[normalize-space()]"
    "[not(parent::script or parent::style or parent::noscript or parent::template)]/.."
)


def text_holders(root: HtmlElement) -> set[HtmlElement]:
    """Elements that contain a block-level element with visible text: their own text, between
    those children, is cut into runs; the others are read whole. A block with no text (an
    image's wrapper, a spacer div standing in for a <br>) does not make its parent a holder.

    Each piece of text belongs to its nearest block-level element; that element's ancestors
    are holders (script and style text is not visible text)."""
    holders: set[HtmlElement] = set()
    owners: set[HtmlElement] = set()
    for parent in cast(list[HtmlElement], _TEXT_PARENTS(root)):
        owner = parent
        while owner is not None and owner.tag not in _BLOCK_LEVEL:
            owner = owner.getparent()
        if owner is None or owner in owners:
            continue
        owners.add(owner)
        node = owner.getparent()
        while node is not None and node not in holders:
            holders.add(node)
            node = node.getparent()
    return holders


@dataclass
class InlineRun:
    """Inline content directly inside a holder, between two block-level children: the text
    after the child it follows (``lead``) and the inline elements up to the next one."""

    container: HtmlElement
    index: int  # 0: from the container's start; n: after its n-th block-level child
    after: HtmlElement | None  # the block-level child it follows (its tail is ``lead``)
    lead: str
    members: list[HtmlElement]

    def text(self) -> str:
        return self.lead + "".join(_text_with_tail(member) for member in self.members)

    def markup(self) -> str:
        return normalise_space(self.raw_markup())

    def raw_markup(self) -> str:
        parts = [html_lib.escape(self.lead, quote=False)]
        for member in self.members:
            parts.append(lxml.html.tostring(member, encoding="unicode", with_tail=True))
        return "".join(parts)


def _text_with_tail(element: HtmlElement) -> str:
    text = element.text_content() if isinstance(element.tag, str) else ""
    return text + (element.tail or "")


def _breaks_run(child: HtmlElement, holders: set[HtmlElement]) -> bool:
    tag = child.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return False
    return tag in _BLOCK_LEVEL or tag in _NOT_TEXT or child in holders


def inline_runs(container: HtmlElement, holders: set[HtmlElement]) -> list[InlineRun]:
    """The holder's runs, in order (also the empty ones, so that indices are positions)."""
    runs = [InlineRun(container, 0, None, container.text or "", [])]
    for child in container:
        if _breaks_run(child, holders):
            runs.append(InlineRun(container, len(runs), child, child.tail or "", []))
        else:
            runs[-1].members.append(child)
    return runs


@dataclass
class _Candidate:
    """An element read whole (``run`` None) or a run of a holder: a block if it is article text."""

    element: HtmlElement
    text: str
    run: InlineRun | None = None

    def markup(self) -> str:
        return self.run.markup() if self.run is not None else _inner_html(self.element)

    def line(self) -> int:
        if self.run is None:
            return self.element.sourceline or 1
        return _run_line(self.run)


def _run_line(run: InlineRun) -> int:
    """The source line where a run's text starts: lxml keeps lines for elements, not for text,
    so it is counted back from the element that comes next."""
    text = run.lead
    for member in run.members:
        if isinstance(member.tag, str) and member.sourceline:
            return max(1, member.sourceline - text.lstrip().count("\n"))
        text += _text_with_tail(member)
    last = run.members[-1] if run.members else run.after
    if last is not None:
        following = last.getnext()
    else:
        following = run.container[0] if len(run.container) else None
    if following is not None and following.sourceline:
        return max(1, following.sourceline - text.lstrip().count("\n"))
    after_container = run.container.getnext()
    if after_container is not None and after_container.sourceline:
        between = text.lstrip() + (run.container.tail or "")
        return max(1, after_container.sourceline - between.count("\n"))
    anchor = run.after if run.after is not None else run.container
    return anchor.sourceline or 1


def _candidate_blocks(
    root: HtmlElement, title: HtmlElement | None, hidden: set[HtmlElement]
) -> list[_Candidate]:
    """Elements with text that hold no block-level element with text, and the runs of text
    beside such elements, in document order; the title element always read whole; nothing
    inside a hidden element."""
    holders = text_holders(root)
    found: list[_Candidate] = []
    if title is not None and title.tag == "title":
        found.append(_Candidate(title, title.text_content()))

    def visit(element: HtmlElement) -> None:
        if element in hidden:
            return
        if title is not None and element is title:
            found.append(_Candidate(element, element.text_content()))
        elif element not in holders:
            if element.tag in _BLOCK_LEVEL:
                text = element.text_content()
                if text and not text.isspace():
                    found.append(_Candidate(element, text))
        else:
            for run in inline_runs(element, holders):
                if run.after is not None:
                    visit(run.after)
                text = run.text()
                if text and not text.isspace():
                    found.append(_Candidate(element, text, run))

    body = root.find("body")
    visit(body if body is not None else root)
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


# Below this share of trafilatura's text found outside hidden elements, hidden ones are read.
_HIDDEN_GIVE_UP = 0.25


def _choose(
    candidates: list[_Candidate], main: _MainTexts, title: HtmlElement | None
) -> list[_Candidate]:
    """The candidates that are article text (and the title element)."""
    if not main:  # trafilatura found nothing (tiny page): everything outside the page furniture
        return [c for c in candidates if c.element is title or not in_chrome(c.element)]
    # Same text in a menu or a "Related" box as in the article (a headline repeated in a
    # breadcrumb): the copy in page furniture is not the article's.
    return [
        c
        for c in candidates
        if c.element is title
        or (_is_main_text(_match_key(c.text), main) and not in_chrome(c.element, hints=False))
    ]


def _matched_share(chosen: list[_Candidate], main: _MainTexts) -> float:
    found = sum(len(_match_key(c.text)) for c in chosen)
    return found / len(main.whole)


def read_html(path: Path, source: str) -> tuple[list[Block], dict[str, str]]:
    """HTML reader: trafilatura picks the article's text; lxml elements whose normalised text is
    one of trafilatura's paragraphs become blocks, with their inner HTML as text."""
    try:
        root = parse_html(source)
    except ValueError as error:
        raise InputError(
            path, f"cannot parse the HTML: {error}", getattr(error, "line", None)
        ) from None
    tree = root.getroottree()
    main, metadata = _main_texts(source)
    lang = root.get("lang")
    if lang:
        metadata.setdefault("lang", lang)
    hidden = _hidden_elements(root)
    title_element = _html_title_element(root, metadata.get("title"), hidden)
    chosen = _choose(_candidate_blocks(root, title_element, hidden), main, title_element)
    if hidden and main.whole and _matched_share(chosen, main) < _HIDDEN_GIVE_UP:
        # Most of the article is in a hidden element (shown by a script, a "read more"
        # expander): the page's own hiding is no guide here.
        chosen = _choose(_candidate_blocks(root, title_element, set()), main, title_element)
    if title_element is not None:
        # The headline again in a breadcrumb, a "related" list or a kicker above it: the title
        # block already carries it.
        headline = _match_key(title_element.text_content())
        chosen = [
            c
            for c in chosen
            if c.element is title_element or not _repeats_headline(_match_key(c.text), headline)
        ]
    blocks: list[Block] = []
    for candidate in chosen:
        element = candidate.element
        if title_element is not None and element is title_element:
            kind = "title"
            metadata.setdefault("title", normalise_space(element.text_content()))
        elif _is_furniture(candidate):
            kind = "chrome"
        else:
            kind = _html_kind(element)
        blocks.append(
            Block(
                kind,
                candidate.markup(),
                candidate.line(),
                element_path=tree.getpath(element),
                continuation=None,
                run=candidate.run.index if candidate.run is not None else None,
            )
        )
    # <title>, descriptions, og: and twitter: after the article: a catalog still opens with the
    # headline, and adding them left every existing entry where it was.
    blocks.extend(head_blocks(root, title_element))
    return blocks, metadata


# A heading is the page's headline when its text and the metadata title (og:title, <title>,
# which often add the site's name or shorten it) are this similar (rapidfuzz, 0-100).
_TITLE_SIMILARITY = 80


# Lines that announce links to other articles, inside or after the article ("Related: ...",
# "You may also like", "Most read in world news"): the text reader's stop markers and more.
_TEASER_MARKERS = STOP_MARKERS | frozenset(
    """don't miss|do not miss|more stories|more on this story|you might also like|
    trending|editor's picks|top stories|further reading|watch|see more|read next|up next|
    related content|related stories|related posts|recommended for you""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
_MULTIWORD_MARKERS = tuple(sorted(m + " " for m in _TEASER_MARKERS if " " in m))
# Share of a block's text inside links above which it is a link, not a paragraph.
_LINK_SHARE = 0.9
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)


def _link_share(candidate: _Candidate) -> float:
    """The share of the candidate's visible characters that sit inside <a> elements."""
    nodes = candidate.run.members if candidate.run is not None else [candidate.element]
    linked = 0
    for node in nodes:
        if not isinstance(node.tag, str):
            continue
        if node.tag == "a":
            linked += len(_match_key(node.text_content()))
        else:
            linked += sum(len(_match_key(a.text_content())) for a in node.iter("a"))
    total = len(_match_key(candidate.text))
    return linked / total if total else 0.0


def _is_furniture(candidate: _Candidate) -> bool:
    """A block trafilatura kept that is the page's, not the article's: a teaser for other
    articles (a "Related:" line, a heading or list item that is only a link, the marker above
    such a list), a byline, a date line, a copyright line. It stays a block, as chrome."""
    text = normalise_space(candidate.text)
    words = bare_words(text)
    bare = " ".join(words)
    if bare in _TEASER_MARKERS or bare.startswith(_MULTIWORD_MARKERS):
        return True
    head, colon, _ = text.partition(":")
    if colon and " ".join(bare_words(head)) in _TEASER_MARKERS:
        return True
    if byline_name(text) or parse_date_line(text):
        return True
    if len(words) <= 12 and _COPYRIGHT.search(text):
        return True
    return _link_share(candidate) >= _LINK_SHARE


def _repeats_headline(key: str, headline: str) -> bool:
    """The headline again, or a breadcrumb that ends with it ("Home › Sea › <headline>")."""
    if not headline:
        return False
    return key == headline or (key.endswith(headline) and len(key) <= len(headline) + 40)


def _html_title_element(
    root: HtmlElement, title: str | None, hidden: set[HtmlElement]
) -> HtmlElement | None:
    """The headline element: a visible h1 matching the metadata title, else such an h2, else
    the first h1 outside the page furniture, else <title>."""
    from rapidfuzz import fuzz

    headings = [
        h
        for h in root.iter("h1", "h2")
        if normalise_space(h.text_content()) and not _is_hidden(h, hidden)
    ]
    if title:
        wanted = normalise_space(title)
        for level in ("h1", "h2"):
            for heading in headings:
                if heading.tag != level:
                    continue
                text = normalise_space(heading.text_content())
                if text == wanted or (len(text) > 10 and (text in wanted or wanted in text)):
                    return heading
                if fuzz.ratio(text, wanted, processor=str.lower) >= _TITLE_SIMILARITY:
                    return heading
    for heading in headings:
        if heading.tag == "h1" and not in_chrome(heading):
            return heading
    return next(iter(root.iter("title")), None)


_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_STYLED = lxml.etree.XPath("//*[@hidden or @style]")


def _hidden_elements(root: HtmlElement) -> set[HtmlElement]:
    """Elements the page hides (the ``hidden`` attribute, an inline display:none or
    visibility:hidden): schema.org copies of the article, pop-ups, templates. Not <html> or
    <body>, which some pages hide until a script has run."""
    found: set[HtmlElement] = set()
    for element in cast(list[HtmlElement], _STYLED(root)):
        if element.tag in ("html", "body"):
            continue
        if element.get("hidden") is not None or _HIDING_STYLE.search(element.get("style", "")):
            found.add(element)
    return found


def _is_hidden(element: HtmlElement, hidden: set[HtmlElement]) -> bool:
    if not hidden:
        return False
    node: HtmlElement | None = element
    while node is not None:
        if node in hidden:
            return True
        node = node.getparent()
    return False


def set_run_html(run: InlineRun, markup: str) -> None:
    """Replace a run's content with an HTML fragment, keeping the whitespace around it."""
    raw = run.raw_markup()
    stripped = raw.strip()
    if stripped:
        start = raw.index(stripped[0])
        markup = raw[:start] + markup + raw[start + len(stripped) :]
    wrapper = lxml.html.fragment_fromstring(markup, create_parent="div")
    container = run.container
    for member in run.members:
        container.remove(member)
    if run.after is None:
        container.text = wrapper.text
        position = 0
    else:
        run.after.tail = wrapper.text
        position = container.index(run.after) + 1
    for offset, child in enumerate(list(wrapper)):
        container.insert(position + offset, child)


def set_inner_html(element: HtmlElement, markup: str) -> None:
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
