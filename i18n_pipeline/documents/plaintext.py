"""Plain text reader: blank-line separated, possibly hard-wrapped paragraphs, or scraped pages with
one paragraph per line; chrome, title, byline and date told apart by the rules in `chrome`."""

from __future__ import annotations

from pathlib import Path

from i18n_pipeline.documents.chrome import (
    FONT_WIDGET,
    TextUnit,
    byline_name,
    ends_sentence,
    is_footer_line,
    is_stop_marker,
    looks_like_chrome,
    looks_like_name,
    parse_date_line,
)
from i18n_pipeline.documents.model import Block

# Hard-wrapped paragraphs: every line at most this long, every line but the last at least
# _WRAP_MIN long. Anything else (scraped pages) is one block per line.
_WRAP_MAX = 100
_WRAP_MIN = 40


def _text_units(source: str) -> list[TextUnit]:
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
    units: list[TextUnit] = []
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
            units.append(TextUnit(joined, first_no, start, end))
    return units


def _find_title(units: list[TextUnit], chrome: list[bool], body_start: int | None) -> int | None:
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
        and not is_stop_marker(units[index].text)
        and not units[index].text.rstrip().endswith((":", ";", ","))
    ]
    for index in candidates:
        if not units[index].text.rstrip().endswith("."):
            return index
    if body_start is None:
        return None
    return next((index for index in candidates if units[index].words <= 15), None)


def _classify_text_units(units: list[TextUnit]) -> tuple[list[str], dict[str, str]]:
    """Give each unit a kind; find title, author, date and site name.

    The body runs from the first prose unit (sentence punctuation at the end and at least six
    words, not chrome) to the first stop marker such as "See also". Before the body: the
    headline (see `_find_title`) is the title; after it, lines with lower-case words (a lead
    without a final full stop, code-like lines) are body, the rest (logo, menu, byline, date)
    chrome. A headline that reads as a sentence (a question) is the first prose unit when
    chrome separates it from the next. Bylines ("By ...") are chrome wherever they are. From a
    stop marker on: chrome. Inside the body: units ending a sentence are paragraphs,
    chrome-looking ones chrome, other short units headings. After the last prose unit, lines
    (a list of tour dates, a closing heading) stay body until a line that ends the article: a
    date line, an author's name, a copyright or footer line. A file without prose (a short
    note) keeps every non-chrome unit as a paragraph, so nothing a user wrote is silently left
    untranslated.
    """
    metadata: dict[str, str] = {}
    looks_chrome = [looks_like_chrome(u) for u in units]
    prose = [
        ends_sentence(u.text) and u.words >= 6 and not looks_chrome[i] for i, u in enumerate(units)
    ]
    # Bylines ("By Aysel Mammadova") are chrome wherever they are (never prose anyway).
    chrome_units = [looks_chrome[i] or byline_name(u.text) is not None for i, u in enumerate(units)]
    body_start, stop = _body_bounds(units, prose)
    title_index = _find_title(units, chrome_units, body_start)
    if title_index is None and body_start is not None:
        title_index, body_start = _sentence_headline(units, prose, chrome_units, body_start)
    kinds: list[str] = []
    ended = False
    last_prose = max((i for i in range(len(units)) if prose[i] and i < stop), default=-1)
    for index, unit in enumerate(units):
        kind = _unit_kind(unit, index, chrome_units[index], body_start, title_index)
        if body_start is not None and index > last_prose and index >= body_start:
            ended = ended or index >= stop or _ends_article(unit)
            if ended or chrome_units[index]:
                kind = "chrome"
        kinds.append(kind)
    if title_index is not None:
        metadata["title"] = units[title_index].text
    _text_metadata(units, kinds, metadata)
    return kinds, metadata


def _sentence_headline(
    units: list[TextUnit], prose: list[bool], chrome: list[bool], body_start: int
) -> tuple[int | None, int]:
    """(title, body start) when the first prose unit is a headline that reads as a sentence:
    short, with chrome (a byline, a date, a menu) between it and the next prose unit."""
    following = body_start + 1
    if units[body_start].words > 25 or following >= len(units) or not chrome[following]:
        return None, body_start
    after = next((i for i in range(following, len(units)) if prose[i]), None)
    return (body_start, after) if after is not None else (None, body_start)


def _body_bounds(units: list[TextUnit], prose: list[bool]) -> tuple[int | None, int]:
    """The first prose unit (None: no prose) and the first stop marker after it."""
    body_start = next((i for i, p in enumerate(prose) if p), None)
    if body_start is None:
        return None, len(units)
    stop = next(
        (i for i in range(body_start, len(units)) if is_stop_marker(units[i].text)),
        len(units),
    )
    return body_start, stop


def _ends_article(unit: TextUnit) -> bool:
    """A line after which a scraped page holds no more article: a date line, an author's name,
    a byline, a copyright or footer line, a stop marker written as a label ("Tags: ...")."""
    text = unit.text
    if parse_date_line(text) or byline_name(text) or looks_like_name(text):
        return True
    if "©" in text or "all rights reserved" in text.lower() or is_footer_line(text):
        return True
    head, colon, _ = text.partition(":")
    return bool(colon) and is_stop_marker(head)


def _unit_kind(
    unit: TextUnit,
    index: int,
    chrome: bool,
    body_start: int | None,
    title_index: int | None,
) -> str:
    """One unit's kind, by where it stands against the body (see `_classify_text_units`)."""
    if body_start is None or index < body_start:
        if index == title_index:
            return "title"
        if body_start is None and not chrome:
            return "paragraph"  # no prose at all (a short note): keep it translatable
        if title_index is not None and index > title_index and _reads_as_text(unit, chrome):
            return "paragraph" if ends_sentence(unit.text) else "heading"
        return "chrome"
    if ends_sentence(unit.text) and not chrome:
        return "paragraph"
    if chrome or is_stop_marker(unit.text):
        return "chrome"
    return "heading" if unit.words <= 15 else "paragraph"


def _reads_as_text(unit: TextUnit, chrome: bool) -> bool:
    """Between the headline and the first full sentence: text when it is not chrome, has three
    words or more and one of them starts with a lower-case letter (menus and names do not)."""
    if chrome or unit.words < 3 or is_stop_marker(unit.text):
        return False
    return any(word[:1].islower() for word in unit.text.split())


def _text_metadata(units: list[TextUnit], kinds: list[str], metadata: dict[str, str]) -> None:
    """Date, author and site name from chrome units (byline, date line, "X Logo")."""
    for index, (unit, kind) in enumerate(zip(units, kinds, strict=True)):
        if kind != "chrome":
            continue
        date = parse_date_line(unit.text)
        if date and "date" not in metadata:
            metadata["date"] = date
            for near in (index + 1, index - 1):
                if (
                    0 <= near < len(units)
                    and kinds[near] == "chrome"
                    and looks_like_name(units[near].text)
                    and not looks_like_chrome(units[near])
                ):
                    metadata.setdefault("author", units[near].text)
        byline = byline_name(unit.text)
        if byline and "author" not in metadata:
            metadata["author"] = byline
        words = unit.text.split()
        if len(words) >= 2 and words[-1].lower() == "logo" and "sitename" not in metadata:
            metadata["sitename"] = " ".join(words[:-1])


def read_plain_text(path: Path, source: str) -> tuple[list[Block], dict[str, str]]:
    """Plain-text reader. A scraped font-size widget glued before a sentence ("12 Punto 14 Punto
    ... presents the article ...") is cut off: the widget stays in the source as chrome and the
    sentence after it becomes the block."""
    units: list[TextUnit] = []
    for unit in _text_units(source):
        widget = FONT_WIDGET.match(unit.text)
        rest = unit.text[widget.end() :].strip() if widget else ""
        if rest and FONT_WIDGET.fullmatch(unit.text + " "):
            rest = ""  # the whole line is the widget ("12 Punto ... 18 Punto"): chrome as is
        if widget and rest and "\n" not in source[unit.start : unit.end]:
            cut = source.index(rest, unit.start + widget.end() - 1)
            unit = TextUnit(rest, unit.line, cut, cut + len(rest))
        units.append(unit)
    kinds, metadata = _classify_text_units(units)
    blocks = [
        Block(kind, u.text, u.line, span=(u.start, u.end), continuation="")
        for u, kind in zip(units, kinds, strict=True)
    ]
    return blocks, metadata
