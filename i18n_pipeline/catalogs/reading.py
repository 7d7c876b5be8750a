"""Strict reading: every defect GNU `msgfmt -c` reports (and a few Translate Toolkit would
misread) stops with `path:line`, before Translate Toolkit parses the file."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from translate.storage.poparser import PoParseError

from i18n_pipeline.catalogs.store import PLURAL_FORMS_RE, Store, forms, header_nplurals
from i18n_pipeline.errors import InputError, refuse_special_file

_CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def read_catalog(path: str | Path) -> Store:
    """Parse a PO file strictly: any defect is an `InputError` with the file and line."""
    path = Path(path)
    try:
        refuse_special_file(path)
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read catalog: {error.strerror}") from None
    return parse_catalog(data, path)


def parse_catalog(data: bytes, path: str | Path) -> Store:
    """`read_catalog` for bytes already read (a merge parses exactly what it compared)."""
    path = Path(path)
    if b"\x00" in data:  # msgfmt reads no UTF-16 catalogs either
        raise InputError(path, "binary data, not a PO catalog", _line_of(data, data.find(b"\x00")))
    charset = _declared_charset(data)
    try:
        text = data.decode(charset)
    except LookupError:
        raise InputError(
            path,
            f"unknown charset {charset!r} in the header",
            _line_of(data, data.find(b"charset=")),
        ) from None
    except UnicodeDecodeError as error:
        raise InputError(
            path,
            f"invalid {charset} byte sequence at byte {error.start}",
            _line_of(data, error.start),
        ) from None
    _check_syntax(text, path)
    try:
        store = Store(data)
    except PoParseError as error:
        match = re.search(r"on line (\d+)", str(error))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*on line \d+", "", str(error).splitlines()[0])
        raise InputError(path, message, line) from None
    except (ValueError, UnicodeError) as error:
        raise InputError(path, f"cannot parse catalog: {error}") from None
    store.filename = str(path)
    _check_catalog(store, path, data)
    return store


# Backslash escapes in a string: the ones Translate Toolkit decodes, and the rest of C's set,
# which msgfmt accepts but Translate Toolkit reads wrong (`\\101` as "101", `\\a` as "a"): those
# are refused rather than silently misread. gettext's own tools never write them.
_ESCAPE_RE = re.compile(r"\\[ntr\\\"'?]")
_UNSUPPORTED_ESCAPE_RE = re.compile(r"\\(?:[abfv]|[0-7]{1,3}|x[0-9A-Fa-f]+)")
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?=[\s\"]|$)")


def _check_syntax(text: str, path: Path) -> None:
    """What msgfmt's parser rejects and Translate Toolkit lets through: a bad escape (`\\q`), text
    after a string, an unknown keyword, a msgid without msgstr, plural indexes out of order.

    One pass over the lines, live and obsolete (`#~`) entries alike; the first defect is an
    `InputError` at its line. Previous msgids (`#|`) are checked for their strings only.
    """
    state = _EntryState(path)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if line.startswith("|"):  # `#~|`: a previous msgid of an obsolete entry
                _check_strings(line[1:].lstrip(), path, number, allow_keyword=True)
                continue
        elif line.startswith("#|"):
            _check_strings(line[2:].lstrip(), path, number, allow_keyword=True)
            continue
        if not line or line.startswith("#"):
            continue
        match = _KEYWORD_RE.match(line)
        if match:
            state.keyword(match.group(1), match.group(2), obsolete, number)
            rest = line[match.end() :].lstrip()
            if not rest.startswith('"'):
                raise InputError(path, f"{match.group(1)} without a string", number)
            _check_strings(rest, path, number)
        elif line.startswith('"'):
            state.continuation(number)
            _check_strings(line, path, number)
        else:
            word = line.split(None, 1)[0][:40]
            raise InputError(path, f"syntax error: unknown keyword {word!r}", number)
    state.finish(number)


def _check_strings(rest: str, path: Path, number: int, allow_keyword: bool = False) -> None:
    """One or more string literals and nothing else: closed, with valid escapes only."""
    if allow_keyword:
        rest = _KEYWORD_RE.sub("", rest, count=1).lstrip()
        if not rest:
            return
    while rest:
        if not rest.startswith('"'):
            raise InputError(path, f"syntax error: unexpected text {rest[:40]!r}", number)
        position = 1
        while True:
            end = rest.find('"', position)
            backslash = rest.find("\\", position)
            if end < 0 and backslash < 0:
                raise InputError(path, "end-of-line within string", number)
            if backslash < 0 or (0 <= end < backslash):
                break
            escape = _ESCAPE_RE.match(rest, backslash)
            if escape is None:
                unsupported = _UNSUPPORTED_ESCAPE_RE.match(rest, backslash)
                if unsupported:
                    raise InputError(
                        path,
                        f"unsupported escape sequence {unsupported.group()!r} in a string "
                        "(write the character itself)",
                        number,
                    )
                raise InputError(
                    path,
                    f"invalid escape sequence {rest[backslash : backslash + 2]!r} in a string",
                    number,
                )
            position = escape.end()
        rest = rest[end + 1 :].lstrip()


class _EntryState:
    """The order of keywords in an entry: [msgctxt] msgid (msgstr | msgid_plural msgstr[0..n])."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: list[str] = []  # keywords of the current entry
        self.start = 0
        self.obsolete = False
        self.next_index = 0

    def _fail(self, message: str, number: int) -> None:
        raise InputError(self.path, message, number)

    def keyword(self, word: str, index: str | None, obsolete: bool, number: int) -> None:
        seen = self.seen
        if word in ("msgctxt", "msgid") and (not seen or seen[-1].startswith("msgstr")):
            self.finish(number)
            self.seen, self.start, self.obsolete, self.next_index = [], number, obsolete, 0
            seen = self.seen
        last = seen[-1] if seen else None
        if word == "msgid" and last not in (None, "msgctxt"):
            self._fail("syntax error: msgid out of place", number)
        elif word == "msgctxt" and last is not None:
            self._fail("syntax error: msgctxt out of place", number)
        elif word == "msgid_plural" and last != "msgid":
            self._fail("syntax error: msgid_plural out of place", number)
        elif word == "msgstr" and last != "msgid":
            message = (
                "plural entry needs msgstr[0], msgstr[1], ..."
                if last == "msgid_plural"
                else "syntax error: msgstr out of place"
            )
            self._fail(message, number)
        elif word.startswith("msgstr["):
            if "msgid_plural" not in seen or last not in ("msgid_plural", "msgstr[]"):
                self._fail(f"{word} in an entry without msgid_plural", number)
            if int(index or 0) != self.next_index:
                expected = f"msgstr[{self.next_index}]"
                self._fail(f"plural form has wrong index: expected {expected}", number)
            self.next_index += 1
            word = "msgstr[]"
        seen.append(word)

    def continuation(self, number: int) -> None:
        if not self.seen:
            self._fail("syntax error: a string outside any entry", number)

    def finish(self, number: int) -> None:
        if not self.seen:
            return
        if self.seen[-1] == "msgctxt":
            return  # msgfmt accepts a lone msgctxt; so do we
        if self.seen[-1] in ("msgid", "msgid_plural"):
            self._fail("missing msgstr for the msgid", self.start)


def _declared_charset(data: bytes) -> str:
    head = data[: data.find(b"\n\n") if b"\n\n" in data else 4096]
    match = _CHARSET_RE.search(head)
    charset = match.group(1).decode("ascii") if match else "utf-8"
    return "utf-8" if charset.upper() == "CHARSET" else charset


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(offset, 0)) + 1


def _check_catalog(store: Store, path: Path, data: bytes) -> None:
    """What Translate Toolkit accepts but `msgfmt -c` rejects: duplicates, bad plural headers."""
    seen: dict[tuple[str, str], int] = {}
    for unit in store.units:
        if unit.isobsolete():
            continue
        key = (unit.getcontext(), "" if unit.isheader() else unit.source)
        line = unit.line_number
        if key in seen:
            raise InputError(
                path, f"duplicate message definition (first defined at line {seen[key]})", line
            )
        seen[key] = line
        strings = [unit.getcontext() or "", *forms(unit.source), *forms(unit.target)]
        if any("\x04" in text for text in strings):
            # MO files join msgctxt and msgid with EOT: a string holding one is ambiguous.
            raise InputError(path, "context separator <EOT> (\\004) within string", line)
    header = store.parseheader()
    plural_forms = header.get("Plural-Forms")
    if plural_forms:
        line = _line_of(data, data.find(b"Plural-Forms:"))
        match = PLURAL_FORMS_RE.match(plural_forms)
        if not match:
            raise InputError(path, f"invalid Plural-Forms header: {plural_forms!r}", line)
        try:
            gettext.c2py(match.group(2))  # what Python's gettext will evaluate at run time
        except (ValueError, SyntaxError, RecursionError):
            raise InputError(
                path, f"invalid plural expression in the header: {match.group(2)!r}", line
            ) from None
    nplurals = header_nplurals(store)
    if nplurals is None:
        return
    for unit in store.units:
        if unit.hasplural() and not unit.isobsolete():
            count = len(unit.target.strings) if unit.target else 0
            if count and count != nplurals:
                raise InputError(
                    path,
                    f"plural entry has {count} forms, but the Plural-Forms header says {nplurals}",
                    unit.line_number,
                )
