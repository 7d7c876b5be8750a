"""Read an article file: decode it, tell its format, hand it to that format's reader."""

from __future__ import annotations

import codecs
from pathlib import Path

from i18n_pipeline.documents.html import read_html
from i18n_pipeline.documents.markdown import read_markdown
from i18n_pipeline.documents.model import FORMATS, Document
from i18n_pipeline.documents.plaintext import read_plain_text
from i18n_pipeline.errors import InputError, UsageError, refuse_special_file

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
# file that keeps growing is read only this far (pipes and devices are refused outright).
MAX_ARTICLE_BYTES = 8 * 1024 * 1024


def read_document(path: str | Path, format: str = "auto") -> Document:
    """Read an article file into a Document; ``format`` is auto, text, markdown or html."""
    path = Path(path)
    try:
        refuse_special_file(path)
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
    readers = {"text": read_plain_text, "markdown": read_markdown, "html": read_html}
    blocks, metadata = readers[fmt](path, source)
    return Document(path, fmt, blocks, metadata, source, newline)
