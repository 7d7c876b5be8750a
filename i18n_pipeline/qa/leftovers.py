"""Leftovers on a rendered page: visible text in another language than the page's, and where
it came from (a catalog entry nobody translated, or a string in no catalog at all).

A page in Azerbaijani that still says "Close" has one of two bugs: the catalog entry is
untranslated or fuzzy (fix it in the catalog), or the string never went through gettext (a
hard-coded string in a template: fix the template). The report tells them apart.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from i18n_pipeline import catalogs
from i18n_pipeline.errors import InputError, refuse_special_file
from i18n_pipeline.text.langid import block_language, primary_language

# Never shown as text on the page.
_HIDDEN = {"script", "style", "noscript", "template", "svg", "math", "code", "pre"}
# Attributes a reader sees or hears (tooltips, image text, form hints, screen readers).
_SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
_SPACE = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
MAX_PAGE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Leftover:
    page: str  # the URL or file
    text: str
    language: str  # what language ID found
    where: str  # "text" or the attribute it was in
    entry: str | None  # "path:line" of the catalog entry with this msgid, if any
    state: str | None  # that entry's state: untranslated, fuzzy, translated

    def describe(self) -> str:
        if self.entry is None:
            origin = "in no catalog (hard-coded in a template?)"
        else:
            origin = f"catalog entry {self.entry} ({self.state})"
        place = "" if self.where == "text" else f" [{self.where}]"
        return f"{self.page}: {self.text!r}{place} reads as {self.language}: {origin}"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "page": self.page,
            "text": self.text,
            "language": self.language,
            "where": self.where,
            "entry": self.entry,
            "state": self.state,
        }


def declared_language(element: Any) -> str:
    """The `lang` (or `xml:lang`) in force at an element: its own or its nearest ancestor's."""
    for node in (element, *element.iterancestors()):
        value = node.get("lang") or node.get("{http://www.w3.org/XML/1998/namespace}lang")
        if value:
            return primary_language(value)
    return ""


def visible_texts(html: str) -> Iterator[tuple[str, str, str]]:
    """(text, where, declared lang) for every piece of text a reader sees: each element's own
    text, and the shown attributes; whitespace collapsed, pieces without letters left out."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in _HIDDEN or any(p.tag in _HIDDEN for p in element.iterancestors()):
            continue
        if tag in ("head", "meta", "link") or (
            tag != "title" and any(p.tag == "head" for p in element.iterancestors())
        ):
            continue
        pieces = [element.text or ""] + [child.tail or "" for child in element]
        text = _SPACE.sub(" ", " ".join(pieces)).strip()
        declared = declared_language(element)
        if _LETTER.search(text):
            yield text, "text", declared
        for attribute in _SHOWN_ATTRIBUTES:
            value = _SPACE.sub(" ", element.get(attribute) or "").strip()
            if _LETTER.search(value):
                yield value, attribute, declared


def _catalog_index(locales_dir: Path, language: str) -> dict[str, tuple[str, str]]:
    """msgid → ("path:line", state) over the catalogs of `language`'s locales."""
    index: dict[str, tuple[str, str]] = {}
    for path in catalogs.find_catalogs(locales_dir):
        if primary_language(path.parent.parent.name) != primary_language(language):
            continue
        store = catalogs.read_catalog(path)
        for unit in store.units:
            if unit.isheader() or unit.isobsolete():
                continue
            key = _SPACE.sub(" ", str(unit.source)).strip()
            if not catalogs.has_translation(unit):
                state = "untranslated"
            else:
                state = "fuzzy" if unit.isfuzzy() else "translated"
            index.setdefault(key, (f"{path}:{unit.line_number or 0}", state))
    return index


def read_page(page: str) -> str:
    """A saved HTML file, or a URL fetched as a browser would get it (no JavaScript run)."""
    if re.match(r"https?://", page):
        try:
            with urllib.request.urlopen(page, timeout=30) as response:
                data = response.read(MAX_PAGE_BYTES + 1)
                charset = response.headers.get_content_charset() or "utf-8"
        except OSError as error:
            raise InputError(page, f"cannot fetch the page: {error}") from None
    else:
        path = Path(page)
        try:
            refuse_special_file(path)
            data = path.read_bytes()
        except OSError as error:
            raise InputError(path, f"cannot read the page: {error.strerror or error}") from None
        charset = "utf-8"
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(page, "page larger than 8 MB")
    return data.decode(charset, errors="replace")


def find_leftovers(
    pages: Sequence[str],
    language: str,
    *,
    locales_dir: Path | None = None,
    source: str = "en",
) -> list[Leftover]:
    """Visible text of each page that language ID finds in another language than `language`,
    with the catalog entry it came from when `locales_dir` has one with that msgid.

    Text the page itself marks as another language (`lang="tr"` on a language switcher's
    "Türkçe") is meant to be; it is reported only when it is a catalog's msgid, the source
    shown in place of a missing translation.
    """
    index = _catalog_index(locales_dir, language) if locales_dir is not None else {}
    wanted = primary_language(language)
    found: list[Leftover] = []
    for page in pages:
        seen: set[tuple[str, str]] = set()
        for text, where, declared in visible_texts(read_page(page)):
            if (text, where) in seen:
                continue
            seen.add((text, where))
            entry, state = index.get(text, (None, None))
            if declared and declared != wanted and entry is None:
                continue
            judged = block_language(text, language, [source])
            if judged == wanted:
                continue
            found.append(Leftover(page, text, judged, where, entry, state))
    return found
