"""Site chrome: the heuristics that tell a page's furniture (menus, bylines, "See also" lists,
cookie banners, footers) from the article, for the text and HTML readers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement


@dataclass
class TextUnit:
    """A candidate block of a text file: one line, or a hard-wrapped group of lines."""

    text: str
    line: int
    start: int
    end: int

    @property
    def words(self) -> int:
        return len(self.text.split())


_SENTENCE_END = re.compile(r"[.!?…。！？؟][\"'”’»)\]]*$")


def word_set(words: str) -> frozenset[str]:
    """A set of lower-case words written as one space-separated string, easy to extend."""
    return frozenset(words.lower().split())


# Words of menus and buttons: a short line made only of these is navigation.
_NAV_WORDS = word_set(
    """home page homepage main menu search login log in sign up register subscribe share print
    close next previous prev back top more font size a all news latest video videos photo photos
    gallery politics economy business society world sport sports culture science tech technology
    opinion analysis interview region regions contact contacts us about advertising ads archive
    rss english русский azərbaycan az en ru tr bağla axtar əsas səhifə xəbər xəbərlər lenti bizə
    yazın siyasət iqtisadiyyat cəmiyyət idman dünya mədəniyyət müsahibə"""
)
# A button word in a line of four words or fewer makes it chrome ("Bizə yazın Bağla").
_UI_WORDS = word_set(
    "close bağla menu search axtar share subscribe login print logo cookie cookies"
)
# Lines that end the article: what follows them is related links, comments or the footer.
_STOP_MARKER_TEXT = """see also|related|related news|related articles|read more|read also|also read|
    more news|more from|most read|most popular|popular|latest news|recommended|you may also like|
    tags|comments|share|share this|digər xəbərlər|oxşar xəbərlər|həmçinin oxuyun|son xəbərlər|
    baxın|читайте также|похожие новости"""
STOP_MARKERS = frozenset(" ".join(marker.split()) for marker in _STOP_MARKER_TEXT.split("|"))
# A font-size widget scraped together with the text: "12 Punto 14 Punto 16 Punto ...".
FONT_WIDGET = re.compile(r"^(?:\d{1,2}\s+(\w+)\s+)(?:\d{1,2}\s+\1\s+)+")
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


def parse_date_line(text: str) -> str | None:
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


def bare_words(text: str) -> list[str]:
    return [w for w in (w.strip(".,:;!?()[]«»\"'|·•—–-").lower() for w in text.split()) if w]


def is_stop_marker(text: str) -> bool:
    return " ".join(bare_words(text)) in STOP_MARKERS


# A site's footer links and the furniture between paragraphs (ads, "Follow us on ...").
_FOOTER_PHRASES = frozenset(
    """privacy policy|privacy|cookie policy|cookies policy|terms of use|terms of service|
    terms and conditions|contact us|about us|advertise with us|advertise|sitemap|site map|
    imprint|impressum|all rights reserved""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
_AD_LINE = re.compile(
    r"^(?:advertisement|advert|sponsored|sponsored content|ad|reklam|реклама)$"
    r"|^(?:follow|like|join) us\b",
    re.IGNORECASE,
)


def is_footer_line(text: str) -> bool:
    return " ".join(bare_words(text)) in _FOOTER_PHRASES


def looks_like_chrome(unit: TextUnit) -> bool:
    """Logo lines, menus, buttons, dates, copyright lines: site furniture, not article text."""
    words = bare_words(unit.text)
    if not words:
        return True
    # A logo line ("Caspian Courier Logo"), not a caption that mentions one.
    if ("logo" in words and len(words) <= 5) or "©" in unit.text:
        return True
    if "all rights reserved" in unit.text.lower():
        return True
    if parse_date_line(unit.text) or FONT_WIDGET.match(unit.text + " "):
        return True
    if all(w in _NAV_WORDS for w in words) or is_footer_line(unit.text):
        return True
    if _AD_LINE.search(" ".join(words)):
        return True
    return len(words) <= 4 and any(w in _UI_WORDS for w in words)


def byline_name(text: str) -> str | None:
    """The name in "By Aysel Mammadova"; None for a sentence ("By the way, the ...")."""
    match = _BYLINE.match(text.strip())
    if not match:
        return None
    name = match.group("name").strip()
    words = [w for w in re.split(r"[\s,]+", name.rstrip(".")) if w and w not in _NAME_JOINERS]
    if not 1 <= len(words) <= 6 or name.endswith(("!", "?", ":")):
        return None
    return name if all(_NAME_WORD.match(w) and w[0].isupper() for w in words) else None


def looks_like_name(text: str) -> bool:
    """An author line: two to four capitalised words, nothing else."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


# Page furniture. Not <form>: ASP.NET sites wrap the whole page in one.
_CHROME_CONTAINERS = word_set("nav header footer aside")
_CHROME_HINTS = re.compile(r"cookie|consent|banner|related|share|social|footer|menu|nav|subscribe")


def in_chrome(element: HtmlElement, hints: bool = True) -> bool:
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
