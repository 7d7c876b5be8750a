"""Markdown reader: markdown-it-py tokens; a block's text is its raw inline Markdown from the
source."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from i18n_pipeline.documents.model import Block


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


# Front-matter fields a reader sees (a static site generator puts them in <title> and <meta>).
FRONT_MATTER_TEXT = ("title", "description", "summary", "subtitle")


def _front_matter_blocks(source: str, offsets: list[int]) -> list[Block]:
    """The front matter's `title`/`description`/... values as `meta` blocks; each block's span
    is the value as written, quotes included (see `front_matter_value`)."""
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        return []
    blocks: list[Block] = []
    for number in range(1, len(lines)):
        line = lines[number]
        if line.strip() in ("---", "..."):
            return blocks
        key, sep, raw = line.partition(":")
        if (
            not sep
            or key.startswith((" ", "\t", "-", "#"))
            or key.strip().lower() not in FRONT_MATTER_TEXT
        ):
            continue
        value = raw.strip()
        quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"
        text = value[1:-1] if quoted else value
        if not text.strip():
            continue
        start = offsets[number] + len(key) + 1 + (len(raw) - len(raw.lstrip()))
        blocks.append(
            Block("meta", text, number + 1, span=(start, start + len(value)), continuation=None)
        )
    return []  # no closing line: not front matter


def front_matter_value(text: str, written: str) -> str:
    """A translated front-matter value, quoted as the source's was; an unquoted one that YAML
    would misread (": ", " #", a leading quote or bracket) gets double quotes."""
    quote = written[:1] if written[:1] in "\"'" and written[-1:] == written[:1] else ""
    if quote == "'":
        return "'" + text.replace("'", "''") + "'"
    if quote or ": " in text or " #" in text or (text and text[0] in "\"'[]{}&*!|>%@`,?-#"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


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


def read_markdown(path: Path, source: str) -> tuple[list[Block], dict[str, str]]:
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
    # After the article, as in HTML (see html.read_html): the headline stays the first entry.
    return blocks + _front_matter_blocks(source, offsets), metadata


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
