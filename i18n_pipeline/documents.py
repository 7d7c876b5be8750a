"""Read an article (.txt, .md, .html) into blocks with their source lines; render it back.

A ``Document`` is the article's metadata plus its blocks in reading order. Each ``Block`` carries
what a translator needs (``kind``, ``text``, ``line``) and, hidden from comparison and repr, where
it came from in the source, so that ``render_document`` can write a translated copy of the article
in the input's own format, leaving everything that is not a translatable block byte for byte alone
(for .txt and .md) or element for element alone (for .html).

Readers:

* text: blank-line separated, possibly hard-wrapped paragraphs, or scraped pages with one
  paragraph per line. Site chrome (logo, menus, byline, "See also" lists, footer) is recognised by
  the heuristics in ``_classify_text_units``.
* markdown: markdown-it-py tokens; a block's text is its raw inline Markdown taken from the source.
* html: lxml for the page and its source lines; trafilatura decides which elements are the article.
"""

from __future__ import annotations

import codecs
import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from markdown_it import MarkdownIt
from markdown_it.token import Token

from i18n_pipeline.errors import InputError, UsageError
from i18n_pipeline.sentences import split_sentences

__all__ = [
    "BLOCK_KINDS",
    "FORMATS",
    "Block",
    "Document",
    "decode_article",
    "detect_format",
    "document_to_dict",
    "read_document",
    "render_document",
]

FORMATS = ("text", "markdown", "html")

BLOCK_KINDS = (
    "title",  # the article's headline (first heading / first headline-like line)
    "heading",  # any other heading
    "paragraph",
    "list_item",
    "quote",  # a paragraph inside a block quote
    "caption",  # <figcaption> in HTML
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


# --------------------------------------------------------------------------------------------
# Decoding and format detection


# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode_article(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16/32; refuse binaries and empties."""
    body, skip, codec, name = data, 0, "utf-8", "UTF-8"
    for bom, bom_codec, bom_name in _BOMS:
        if data.startswith(bom):
            body, skip, codec, name = data[len(bom) :], len(bom), bom_codec, bom_name
            break
    else:
        if b"\x00" in data:
            raise InputError(path, "looks like a binary file, not an article")
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        line = data[:offset].count(b"\n") + 1 if name == "UTF-8" else None
        raise InputError(
            path, f"not valid {name} at byte {offset}; save the file as UTF-8", line=line
        ) from None
    if not text.strip():
        raise InputError(path, "empty article")
    if "\x00" in text:
        raise InputError(path, "looks like a binary file, not an article")
    if "\x04" in text:  # gettext's context separator: no catalog may hold it (msgfmt refuses)
        offset = skip + len(text[: text.index("\x04")].encode(codec))
        raise InputError(
            path,
            f"control character U+0004 at byte {offset}, which gettext catalogs cannot hold",
            text.count("\n", 0, text.index("\x04")) + 1,
        )
    return text


_SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_FORMAT_ALIASES = {"txt": "text", "md": "markdown", "htm": "html"}


def detect_format(path: str | Path, text: str) -> str:
    """The format of an article: by suffix, else HTML if it starts like a page, else text."""
    by_suffix = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if by_suffix:
        return by_suffix
    head = text.lstrip().lower()
    if head.startswith(("<!doctype", "<html", "<?xml")):
        return "html"
    return "text"


def _normalise_newlines(text: str) -> tuple[str, str]:
    """Turn CRLF and lone CR into LF (one line end per line, so line numbers stay right)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n").replace("\r", "\n"), newline


# A long news article is 50 KB, a heavy news page with inline scripts a few MB. Above this the
# readers (pysbd, trafilatura) take minutes and hundreds of MB: refused before reading, and a
# file that grows or never ends (a pipe, /dev/zero) is read only this far.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024


def read_document(path: str | Path, format: str = "auto") -> Document:
    """Read an article file into a Document; ``format`` is auto, text, markdown or html."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise InputError(path, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            path,
            f"article larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB: "
            "split it into several files",
        )
    source, newline = _normalise_newlines(decode_article(data, path))
    fmt = _FORMAT_ALIASES.get(format, format)
    if fmt == "auto":
        fmt = detect_format(path, source)
    if fmt not in FORMATS:
        raise UsageError(
            f"unknown article format {format!r}; use one of auto, {', '.join(FORMATS)}"
        )
    readers = {"text": _read_text, "markdown": _read_markdown, "html": _read_html}
    blocks, metadata = readers[fmt](path, source)
    return Document(path, fmt, blocks, metadata, source, newline)


# --------------------------------------------------------------------------------------------
# Plain text


@dataclass
class _Unit:
    """A candidate block of a text file: one line, or a hard-wrapped group of lines."""

    text: str
    line: int
    start: int
    end: int

    @property
    def words(self) -> int:
        return len(self.text.split())


# Hard-wrapped paragraphs: every line at most this long, every line but the last at least
# _WRAP_MIN long. Anything else (scraped pages) is one block per line.
_WRAP_MAX = 100
_WRAP_MIN = 40


def _text_units(source: str) -> list[_Unit]:
    """Split a text file into units: hard-wrapped groups joined with single spaces, else lines."""
    lines: list[tuple[int, int, str]] = []  # (line number, offset, text)
    offset = 0
    for number, line in enumerate(source.split("\n"), start=1):
        lines.append((number, offset, line))
        offset += len(line) + 1
    groups: list[list[tuple[int, int, str]]] = [[]]
    for entry in lines:
        if entry[2].strip():
            groups[-1].append(entry)
        elif groups[-1]:
            groups.append([])
    units: list[_Unit] = []
    for group in filter(None, groups):
        texts = [text for _, _, text in group]
        wrapped = (
            len(group) > 1
            and all(len(t.strip()) <= _WRAP_MAX for t in texts)
            and all(len(t.strip()) >= _WRAP_MIN for t in texts[:-1])
        )
        parts = [group] if wrapped else [[entry] for entry in group]
        for part in parts:
            first_no, first_off, first_text = part[0]
            _, last_off, last_text = part[-1]
            start = first_off + len(first_text) - len(first_text.lstrip())
            end = last_off + len(last_text.rstrip())
            joined = " ".join(t.strip() for _, _, t in part)
            units.append(_Unit(joined, first_no, start, end))
    return units


_SENTENCE_END = re.compile(r"[.!?…。！？؟][\"'”’»)\]]*$")


def _word_set(words: str) -> frozenset[str]:
    """A set of lower-case words written as one space-separated string, easy to extend."""
    return frozenset(words.lower().split())


# Words of menus and buttons: a short line made only of these is navigation.
_NAV_WORDS = _word_set(
    """home page homepage main menu search login log in sign up register subscribe share print
    close next previous prev back top more font size a all news latest video videos photo photos
    gallery politics economy business society world sport sports culture science tech technology
    opinion analysis interview region regions contact contacts us about advertising ads archive
    rss english русский azərbaycan az en ru tr bağla axtar əsas səhifə xəbər xəbərlər lenti bizə
    yazın siyasət iqtisadiyyat cəmiyyət idman dünya mədəniyyət müsahibə"""
)
# A button word in a line of four words or fewer makes it chrome ("Bizə yazın Bağla").
_UI_WORDS = _word_set(
    "close bağla menu search axtar share subscribe login print logo cookie cookies"
)
# Lines that end the article: what follows them is related links, comments or the footer.
_STOP_MARKER_TEXT = """see also|related|related news|related articles|read more|read also|also read|
    more news|more from|most read|most popular|popular|latest news|recommended|you may also like|
    tags|comments|share|share this|digər xəbərlər|oxşar xəbərlər|həmçinin oxuyun|son xəbərlər|
    baxın|читайте также|похожие новости"""
_STOP_MARKERS = frozenset(" ".join(marker.split()) for marker in _STOP_MARKER_TEXT.split("|"))
# A font-size widget scraped together with the text: "12 Punto 14 Punto 16 Punto ...".
_FONT_WIDGET = re.compile(r"^(?:\d{1,2}\s+(\w+)\s+)(?:\d{1,2}\s+\1\s+)+")
# English and Azerbaijani month names, for date lines such as "23 June 2021" or "23 iyun 2021".
_MONTH_NAMES = """january/jan/yanvar february/feb/fevral march/mar/mart april/apr/aprel may
    june/jun/iyun july/jul/iyul august/aug/avqust september/sep/sept/sentyabr october/oct/oktyabr
    november/nov/noyabr december/dec/dekabr"""
_MONTHS = {
    name: number
    for number, names in enumerate(_MONTH_NAMES.split(), start=1)
    for name in names.split("/")
}
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})"),
    re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"),
)
_SEPARATORS = r"[\s/|,·•—–-]*"
_BYLINE = re.compile(r"^(?:by|author:|müəllif:)\s+(?P<name>[^\d]{3,60})$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_NAME_JOINERS = {"and", "&", "və", "ve", "и"}


def _parse_date_line(text: str) -> str | None:
    """ISO date (YYYY-MM-DD) when the whole line is a date, optionally with a time, else None."""
    for pattern in _DATE_PATTERNS:
        full = rf"^{_SEPARATORS}(?:{_TIME}{_SEPARATORS})?{pattern.pattern}"
        full += rf"{_SEPARATORS}(?:{_TIME})?{_SEPARATORS}$"
        match = re.match(full, text.strip())
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if parts.get("m") else _MONTHS.get(parts["mon"].lower(), 0)
        day, year = int(parts["d"]), int(parts["y"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _bare_words(text: str) -> list[str]:
    return [w for w in (w.strip(".,:;!?()[]«»\"'|·•—–-").lower() for w in text.split()) if w]


def _is_stop_marker(text: str) -> bool:
    return " ".join(_bare_words(text)) in _STOP_MARKERS


def _looks_like_chrome(unit: _Unit) -> bool:
    """Logo lines, menus, buttons, dates, copyright lines: site furniture, not article text."""
    words = _bare_words(unit.text)
    if not words:
        return True
    if "logo" in words or "©" in unit.text or "all rights reserved" in unit.text.lower():
        return True
    if _parse_date_line(unit.text) or _FONT_WIDGET.match(unit.text + " "):
        return True
    if all(w in _NAV_WORDS for w in words):
        return True
    return len(words) <= 4 and any(w in _UI_WORDS for w in words)


def _byline_name(text: str) -> str | None:
    """The name in "By Aysel Mammadova"; None for a sentence ("By the way, the ...")."""
    match = _BYLINE.match(text.strip())
    if not match:
        return None
    name = match.group("name").strip()
    words = [w for w in re.split(r"[\s,]+", name.rstrip(".")) if w and w not in _NAME_JOINERS]
    if not 1 <= len(words) <= 6 or name.endswith(("!", "?", ":")):
        return None
    return name if all(_NAME_WORD.match(w) and w[0].isupper() for w in words) else None


def _looks_like_name(text: str) -> bool:
    """An author line: two to four capitalised words, nothing else."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _find_title(units: list[_Unit], chrome: list[bool], body_start: int | None) -> int | None:
    """The headline: the first unit before the body that reads like one.

    A unit with no final full stop is preferred (a site's tagline before the headline often has
    one); failing that, a short sentence ("Chess cup opens in Baku.") is the headline rather than
    chrome, which would leave it untranslated.
    """
    end = len(units) if body_start is None else body_start
    candidates = [
        index
        for index in range(end)
        if units[index].words >= 2
        and not chrome[index]
        and not _is_stop_marker(units[index].text)
        and not units[index].text.rstrip().endswith((":", ";", ","))
    ]
    for index in candidates:
        if not units[index].text.rstrip().endswith("."):
            return index
    if body_start is None:
        return None
    return next((index for index in candidates if units[index].words <= 15), None)


def _classify_text_units(units: list[_Unit]) -> tuple[list[str], dict[str, str]]:
    """Give each unit a kind; find title, author, date and site name.

    The body runs from the first prose unit (sentence punctuation at the end and at least six
    words, not chrome) to the last prose unit before a stop marker such as "See also". Before the
    body: the headline (see `_find_title`) is the title, the rest chrome. Bylines ("By ...") are
    chrome wherever they are. From a stop marker on, and after the last prose unit: chrome. Inside
    the body: units ending a sentence are paragraphs, chrome-looking ones chrome, other short
    units headings (after the last prose unit they are chrome: bylines, related headlines,
    footers). A file without prose (a short note) keeps every non-chrome unit as a
    paragraph, so nothing a user wrote is silently left untranslated.
    """
    metadata: dict[str, str] = {}
    looks_chrome = [_looks_like_chrome(u) for u in units]
    prose = [
        _ends_sentence(u.text) and u.words >= 6 and not looks_chrome[i] for i, u in enumerate(units)
    ]
    # Bylines ("By Aysel Mammadova") are chrome wherever they are (never prose anyway).
    chrome_units = [
        looks_chrome[i] or _byline_name(u.text) is not None for i, u in enumerate(units)
    ]
    body_start = next((i for i, p in enumerate(prose) if p), None)
    body_end = last_prose = len(units)
    if body_start is not None:
        body_end = next(
            (i for i in range(body_start, len(units)) if _is_stop_marker(units[i].text)),
            len(units),
        )
        last_prose = max(i for i in range(body_start, body_end) if prose[i] or i == body_start)
    kinds: list[str] = []
    title_index = _find_title(units, chrome_units, body_start)
    for index, unit in enumerate(units):
        chrome = chrome_units[index]
        if body_start is None or index < body_start:
            if index == title_index:
                kinds.append("title")
            elif body_start is None and not chrome:
                kinds.append("paragraph")  # no prose at all (a short note): keep it translatable
            else:
                kinds.append("chrome")
        elif index > last_prose:  # byline, footer; a closing short sentence still counts
            kinds.append("paragraph" if _ends_sentence(unit.text) and not chrome else "chrome")
        elif _ends_sentence(unit.text):
            kinds.append("paragraph")
        elif chrome or _is_stop_marker(unit.text):
            kinds.append("chrome")
        elif unit.words <= 15:
            kinds.append("heading")
        else:
            kinds.append("paragraph")
    if title_index is not None:
        metadata["title"] = units[title_index].text
    _text_metadata(units, kinds, metadata)
    return kinds, metadata


def _text_metadata(units: list[_Unit], kinds: list[str], metadata: dict[str, str]) -> None:
    """Date, author and site name from chrome units (byline, date line, "X Logo")."""
    for index, (unit, kind) in enumerate(zip(units, kinds, strict=True)):
        if kind != "chrome":
            continue
        date = _parse_date_line(unit.text)
        if date and "date" not in metadata:
            metadata["date"] = date
            for near in (index + 1, index - 1):
                if (
                    0 <= near < len(units)
                    and kinds[near] == "chrome"
                    and _looks_like_name(units[near].text)
                    and not _looks_like_chrome(units[near])
                ):
                    metadata.setdefault("author", units[near].text)
        byline = _byline_name(unit.text)
        if byline and "author" not in metadata:
            metadata["author"] = byline
        words = unit.text.split()
        if len(words) >= 2 and words[-1].lower() == "logo" and "sitename" not in metadata:
            metadata["sitename"] = " ".join(words[:-1])


def _read_text(path: Path, source: str) -> tuple[list[Block], dict[str, str]]:
    """Plain-text reader. A scraped font-size widget glued before a sentence ("12 Punto 14 Punto
    ... presents the article ...") is cut off: the widget stays in the source as chrome and the
    sentence after it becomes the block."""
    units: list[_Unit] = []
    for unit in _text_units(source):
        widget = _FONT_WIDGET.match(unit.text)
        rest = unit.text[widget.end() :].strip() if widget else ""
        if widget and rest and "\n" not in source[unit.start : unit.end]:
            cut = source.index(rest, unit.start + widget.end() - 1)
            unit = _Unit(rest, unit.line, cut, cut + len(rest))
        units.append(unit)
    kinds, metadata = _classify_text_units(units)
    blocks = [
        Block(kind, u.text, u.line, span=(u.start, u.end), continuation="")
        for u, kind in zip(units, kinds, strict=True)
    ]
    return blocks, metadata


# --------------------------------------------------------------------------------------------
# Markdown


def _front_matter(source: str) -> tuple[dict[str, str], str]:
    """YAML-style ``key: value`` front matter → metadata; the lines are blanked, not removed, so
    markdown-it's line numbers stay those of the file."""
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, source
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, source
    metadata: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-", "#")):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            if value:
                metadata[key.strip().lower()] = value
    blanked = "\n" * end + "\n" + "\n".join(lines[end + 1 :])
    return metadata, blanked


def _line_offsets(source: str) -> list[int]:
    offsets = [0]
    for index, char in enumerate(source):
        if char == "\n":
            offsets.append(index + 1)
    return offsets


def _inline_text(content: str) -> str:
    """Block text from markdown-it's inline content: soft line breaks become spaces, hard breaks
    (two trailing spaces or a backslash) become a backslash and a line break."""
    lines = content.split("\n")
    out: list[str] = []
    for index, line in enumerate(lines):
        if index == len(lines) - 1:
            out.append(line.strip())
            continue
        hard = line.endswith("\\") or line.endswith("  ")
        stripped = line.strip()
        if hard:
            out.append(stripped + ("" if stripped.endswith("\\") else "\\") + "\n")
        else:
            out.append(stripped + " ")
    return "".join(out)


def _locate_inline(
    source: str, offsets: list[int], first_line: int, content: str
) -> tuple[tuple[int, int], str] | None:
    """Span of an inline content in the source and the prefix of its first line, or None.

    Each content line is looked for in its own source line, from the right, so a heading's
    closing ``#``s or a list marker that repeats the text cannot be taken for it.
    """
    pieces = [p.strip() for p in content.split("\n")]
    start = end = -1
    prefix = ""
    for index, piece in enumerate(pieces):
        number = first_line + index
        if number >= len(offsets):
            return None
        line_start = offsets[number]
        line_end = offsets[number + 1] - 1 if number + 1 < len(offsets) else len(source)
        line = source[line_start:line_end]
        found = line.rfind(piece) if piece else len(line.rstrip())
        if found < 0:
            return None
        if index == 0:
            start, prefix = line_start + found, line[:found]
        end = line_start + found + len(piece)
    return (start, end), prefix


def _continuation(prefix: str) -> str:
    """What starts a continuation line: quote markers and tabs kept, list markers made spaces."""
    return "".join(c if c in ">\t" else " " for c in prefix)


def _read_markdown(path: Path, source: str) -> tuple[list[Block], dict[str, str]]:
    """Markdown reader: CommonMark plus tables; block text is the raw inline Markdown."""
    metadata, parse_source = _front_matter(source)
    offsets = _line_offsets(source)
    tokens = MarkdownIt("commonmark").enable("table").parse(parse_source)
    blocks: list[Block] = []
    containers: list[str] = []
    heading_tag = ""
    row_cursor = 0
    in_table = False
    for token in tokens:
        if token.type in ("blockquote_open", "list_item_open"):
            containers.append(token.type)
        elif token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif token.type == "heading_open":
            heading_tag = token.tag
        elif token.type == "tr_open":
            row_cursor = 0
        elif token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        elif token.type in ("fence", "code_block") and token.map:
            blocks.append(Block("code", token.content.rstrip("\n"), token.map[0] + 1))
        elif token.type == "inline" and token.map:
            block = _markdown_inline_block(
                token, source, offsets, containers, heading_tag, in_table, row_cursor, not blocks
            )
            heading_tag = ""
            if block is None:
                continue
            if block.kind == "table_cell" and block.span:
                row_cursor = block.span[1] - offsets[token.map[0]]
            blocks.append(block)
    if blocks and blocks[0].kind == "title":
        metadata.setdefault("title", blocks[0].text)
    return blocks, metadata


def _markdown_inline_block(
    token: Token,
    source: str,
    offsets: list[int],
    containers: list[str],
    heading_tag: str,
    in_table: bool,
    row_cursor: int,
    first: bool,
) -> Block | None:
    """The block for one inline token, located in the source; None if it cannot be placed."""
    content = token.content
    assert token.map is not None
    line_index = token.map[0]
    if not content.strip():
        return None
    line = line_index + 1
    if heading_tag:
        kind = "title" if heading_tag == "h1" and first else "heading"
        located = _locate_inline(source, offsets, line_index, content)
        span = located[0] if located else None
        return Block(kind, _inline_text(content), line, span=span, continuation=None)
    if in_table:
        row_start = offsets[line_index]
        row_end = offsets[line_index + 1] - 1 if line_index + 1 < len(offsets) else len(source)
        found = source.find(content.strip(), row_start + row_cursor, row_end)
        if found < 0:
            return None  # escaped pipes and the like: the cell stays as it is
        text = content.strip()
        return Block("table_cell", text, line, span=(found, found + len(text)), continuation=None)
    located = _locate_inline(source, offsets, line_index, content)
    if "blockquote_open" in containers:
        kind = "quote"
    elif "list_item_open" in containers:
        kind = "list_item"
    else:
        kind = "paragraph"
    if located is None:
        return Block(kind, _inline_text(content), line)
    span, prefix = located
    return Block(kind, _inline_text(content), line, span=span, continuation=_continuation(prefix))


# --------------------------------------------------------------------------------------------
# HTML


# Elements that can hold one block of text. A <div> counts when it holds no other block: many
# news sites put paragraphs in bare divs with <br>s.
_HTML_BLOCK_TAGS = _word_set(
    "p h1 h2 h3 h4 h5 h6 li blockquote figcaption td th pre dt dd caption div"
)
# Page furniture. Not <form>: ASP.NET sites wrap the whole page in one.
_CHROME_CONTAINERS = _word_set("nav header footer aside")
_CHROME_HINTS = re.compile(r"cookie|consent|banner|related|share|social|footer|menu|nav|subscribe")


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


def _in_chrome(element: HtmlElement, hints: bool = True) -> bool:
    """Inside nav, aside, footer or the site's header (not an article's own <header>), or,
    with ``hints``, in a container whose class or id says cookie, menu, related, ..."""
    ancestors = list(element.iterancestors())
    in_article = any(a.tag in ("article", "main") for a in ancestors)
    for ancestor in ancestors:
        if ancestor.tag in _CHROME_CONTAINERS and not (ancestor.tag == "header" and in_article):
            return True
        if hints:
            classes = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower()
            if _CHROME_HINTS.search(classes):
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


# --------------------------------------------------------------------------------------------
# Rendering


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
            new = _normalise_space(new)
        elif block.continuation and "\n" in new:
            new = new.replace("\n", "\n" + block.continuation)
        pieces.append(doc.source[position:start])
        pieces.append(new)
        position = end
    pieces.append(doc.source[position:])
    return "".join(pieces)


def _render_html(doc: Document, translate: Callable[[Block], str | None], lang: str | None) -> str:
    """HTML: the page re-parsed, each block element's inner HTML replaced, serialised by lxml."""
    root = _parse_html(doc.source)
    tree = root.getroottree()
    changed = False
    for block in doc.blocks:
        if not block.translatable or not block.element_path:
            continue
        found = tree.xpath(block.element_path)
        if not found:
            continue
        new = translate(block)
        if new is not None and new != block.text:
            _set_inner_html(found[0], new)
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
    from i18n_pipeline.langid import block_language

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
