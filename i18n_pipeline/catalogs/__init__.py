"""The only module that reads and writes PO/MO files.

Translate Toolkit's `pofile` owns a catalog in memory: it reports an unterminated string with its
line, keeps `#|` previous msgids through a read-write cycle and writes msgcat's layout back
unchanged (Babel's reader does none of these). Babel supplies the CLDR plural rules (see
`locales`) and compiles MO files, which it does 40x faster than Translate Toolkit.
"""

from __future__ import annotations

import contextlib
import difflib
import gettext
import glob
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from translate.storage import po
from translate.storage.poparser import PoParseError

from i18n_pipeline import __version__
from i18n_pipeline.errors import InputError, PipelineError, UsageError
from i18n_pipeline.locales import LocaleInfo, parse_locale

Unit = po.pounit
Store = po.pofile

# Automatic (#.) comment lines this tool owns; anything else in a catalog belongs to people.
KIND_PREFIX = "kind: "
MT_PREFIX = "mt: "
MT_CHECK_PREFIX = "mt-check: "
TM_PREFIX = "tm: "
_OWN_PREFIXES = (KIND_PREFIX, MT_PREFIX, MT_CHECK_PREFIX, TM_PREFIX)
# A changed paragraph is matched to its old version when at least this similar.
PREVIOUS_MSGID_SIMILARITY = 0.5
_CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_PLURAL_FORMS_RE = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?\s*$")


def catalog_path(locales_dir: str | Path, locale: str, domain: str) -> Path:
    """`<locales>/<locale>/LC_MESSAGES/<domain>.po`, the layout gettext, Babel and Django use."""
    return Path(locales_dir) / locale / "LC_MESSAGES" / f"{domain}.po"


# --------------------------------------------------------------------------- reading


def read_catalog(path: str | Path) -> Store:
    """Parse a PO file strictly: any defect is an `InputError` with the file and line."""
    path = Path(path)
    try:
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
        store = po.pofile(data)
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
        strings = [unit.getcontext() or "", *_strings(unit.source), *_strings(unit.target)]
        if any("\x04" in text for text in strings):
            # MO files join msgctxt and msgid with EOT: a string holding one is ambiguous.
            raise InputError(path, "context separator <EOT> (\\004) within string", line)
    header = store.parseheader()
    plural_forms = header.get("Plural-Forms")
    if plural_forms:
        line = _line_of(data, data.find(b"Plural-Forms:"))
        match = _PLURAL_FORMS_RE.match(plural_forms)
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
            forms = len(unit.target.strings) if unit.target else 0
            if forms and forms != nplurals:
                raise InputError(
                    path,
                    f"plural entry has {forms} forms, but the Plural-Forms header says {nplurals}",
                    unit.line_number,
                )


def _strings(value: object) -> list[str]:
    strings = getattr(value, "strings", None)
    return [str(s) for s in strings] if strings else [str(value or "")]


def header_plural_forms(store: Store) -> tuple[int, str] | None:
    """(nplurals, plural expression) from the catalog's own Plural-Forms header, if any."""
    match = _PLURAL_FORMS_RE.match(store.parseheader().get("Plural-Forms", ""))
    return (int(match.group(1)), match.group(2).strip()) if match else None


def header_nplurals(store: Store) -> int | None:
    forms = header_plural_forms(store)
    return forms[0] if forms else None


def catalog_locale(path: Path, store: Store, fallback: str | None = None) -> LocaleInfo:
    """The catalog's locale: Language header, else its `<locale>/LC_MESSAGES/` folder, else
    `fallback`; with the plural rule its own header declares, as msgfmt uses it."""
    code = (store.parseheader().get("Language") or "").strip()
    source = "the Language header"
    if not code and path.parent.name == "LC_MESSAGES":
        code, source = path.parent.parent.name, "the locale folder"
    if not code and fallback:
        code, source = fallback, "--to"
    if not code:
        hint = "" if fallback is None else ": give --to"
        raise InputError(
            path, f"no Language header and not in a <locale>/LC_MESSAGES/ folder{hint}", 1
        )
    try:
        locale = parse_locale(code, source)
    except UsageError as error:
        raise InputError(path, str(error), 1) from None
    forms = header_plural_forms(store)
    if forms:
        locale = replace(locale, nplurals=forms[0], plural_expr=forms[1])
    return locale


def new_catalog(locale: LocaleInfo, domain: str) -> Store:
    """An empty catalog with a complete header: Language and CLDR Plural-Forms included."""
    store = po.pofile()
    store.init_headers(
        charset="UTF-8",
        encoding="8bit",
        project_id_version=domain,
        language_team=f"{locale.english_name} <LL@li.org>",
        Language=locale.code,
        Plural_Forms=locale.plural_forms,
        X_Generator=f"i18n-pipeline {__version__}",
    )
    return store


def open_catalog(path: Path, locale: LocaleInfo, domain: str) -> Store:
    """The catalog at `path`, or a new one when there is none yet."""
    return read_catalog(path) if path.exists() else new_catalog(locale, domain)


def touch_header(store: Store, locale: LocaleInfo) -> None:
    """Refresh the revision date; add Language/Plural-Forms only where a person left none."""
    header = store.parseheader()
    updates: dict[str, str] = {
        "PO_Revision_Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "X_Generator": f"i18n-pipeline {__version__}",
    }
    if not header.get("Language"):
        updates["Language"] = locale.code
    if not header.get("Plural-Forms"):
        updates["Plural_Forms"] = locale.plural_forms
    store.updateheader(add=True, **updates)


# --------------------------------------------------------------------------- writing


def serialize_catalog(store: Store) -> bytes:
    _move_obsolete_last(store)
    return bytes(store)


def write_catalog(store: Store, path: str | Path) -> None:
    """Write atomically (temp file + rename): readers see the old file or the new one."""
    write_atomic(Path(path), serialize_catalog(store))


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file beside `path` (named for our pid), fsync, rename: old or new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise PipelineError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise PipelineError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete temp files a killed writer left beside `path` (`.<name>.<pid>.*.tmp`, pid gone).

    A live process's temp file is never touched: it may be renamed into place any moment.
    Nothing reads these files anyway (`find_catalogs` only takes `*.po`).
    """
    return _remove_stale(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"), path.name)


def remove_stale_temp_files_in(directory: Path) -> list[Path]:
    """The same for every catalog of a directory, in one listing (a run may open thousands)."""
    if not directory.is_dir():
        return []
    removed = []
    for candidate in directory.glob(".*.po.*.tmp"):
        name = candidate.name[1:].split(".po.", 1)[0] + ".po"
        removed += _remove_stale([candidate], name)
    return removed


def _remove_stale(candidates: Iterable[Path], name: str) -> list[Path]:
    removed = []
    for candidate in candidates:
        pid = candidate.name[len(name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but someone else's (EPERM)
        return True
    return True


def _move_obsolete_last(store: Store) -> None:
    live = [unit for unit in store.units if not unit.isobsolete()]
    gone = [unit for unit in store.units if unit.isobsolete()]
    store.units[:] = live + gone


# --------------------------------------------------------------------------- comments


def own_comments(unit: Unit, prefix: str) -> list[str]:
    """The text of this tool's `#.` comment lines that start with `prefix`."""
    out = []
    for line in unit.automaticcomments:
        text = line[2:].strip() if line.startswith("#.") else line.strip()
        if text.startswith(prefix):
            out.append(text[len(prefix) :])
    return out


def set_own_comments(unit: Unit, prefix: str, values: Iterable[str]) -> None:
    """Replace this tool's `prefix` comment lines, leaving every other comment alone."""
    kept = [
        line
        for line in unit.automaticcomments
        if not (line[2:].strip() if line.startswith("#.") else line.strip()).startswith(prefix)
    ]
    unit.automaticcomments = kept + [f"#. {prefix}{value}\n" for value in values]


def _order_own_comments(unit: Unit) -> None:
    """kind, then mt, then mt-check, after any comments of other origin."""
    groups = {prefix: own_comments(unit, prefix) for prefix in _OWN_PREFIXES}
    for prefix in _OWN_PREFIXES:
        set_own_comments(unit, prefix, groups[prefix])


# --------------------------------------------------------------------------- merging documents


@dataclass(frozen=True)
class SourceEntry:
    """One translatable text of a document, as the catalog should hold it."""

    msgid: str
    references: tuple[str, ...]  # "examples/a.txt:12"
    kinds: tuple[str, ...]  # block kinds, shown to translators as `#. kind: paragraph`


@dataclass
class SyncResult:
    """What `sync_document` did to a catalog."""

    units: list[Unit] = field(default_factory=list)  # in document order
    pending: list[Unit] = field(default_factory=list)  # no translation yet: need the engine
    reused: int = 0  # entries that already had a translation (human or machine)
    added: int = 0
    obsoleted: int = 0


def reference_path(reference: str) -> str:
    path, _, line = reference.rpartition(":")
    return path if line.isdigit() else reference


def sync_document(store: Store, entries: Sequence[SourceEntry], document: str) -> SyncResult:
    """Make the catalog hold exactly `entries` for `document`, keeping every translation.

    Entries of other documents sharing the domain are left alone. An entry that only this
    document used and that is gone becomes obsolete; a new entry close to one that went gets it
    as its previous msgid (`#|`), as msgmerge does.
    """
    result = SyncResult()
    index: dict[str, Unit] = {}
    for unit in store.units:
        # Live entries win over obsolete twins of the same msgid.
        if (
            not unit.isheader()
            and not unit.getcontext()
            and (unit.source not in index or index[unit.source].isobsolete())
        ):
            index[unit.source] = unit

    previous_units = [unit for unit in store.units if _drop_references(unit, document)]
    wanted = {entry.msgid for entry in entries}
    gone = [unit for unit in previous_units if unit.source not in wanted]

    new_units: list[Unit] = []
    for entry in entries:
        unit = index.get(entry.msgid)
        if unit is None:
            unit = store.UnitClass(entry.msgid)
            unit.target = ""
            index[entry.msgid] = unit
            new_units.append(unit)
            result.added += 1
        elif unit.isobsolete():
            unit.resurrect()
        for reference in entry.references:
            if reference not in unit.getlocations():
                unit.addlocation(reference)
        set_own_comments(unit, KIND_PREFIX, [", ".join(entry.kinds)])
        _order_own_comments(unit)
        result.units.append(unit)
        if unit.target:
            result.reused += 1
        else:
            result.pending.append(unit)

    _link_previous_msgids(new_units, gone)
    for unit in gone:
        if not unit.getlocations() and not unit.isobsolete():
            unit.makeobsolete()
            result.obsoleted += 1
    _insert_in_document_order(store, result.units, set(map(id, new_units)))
    return result


def _drop_references(unit: Unit, document: str) -> bool:
    """Remove `document`'s references from `unit`; say whether it had any."""
    if unit.isheader() or unit.isobsolete():
        return False
    locations = unit.getlocations()
    kept = [loc for loc in locations if reference_path(loc) != document]
    if len(kept) == len(locations):
        return False
    unit.sourcecomments = []
    for location in kept:
        unit.addlocation(location)
    return True


def _link_previous_msgids(new_units: Sequence[Unit], gone: Sequence[Unit]) -> None:
    """Pair each new entry with the most similar vanished one (one to one, best pairs first)."""
    pairs = []
    for new in new_units:
        for old in gone:
            ratio = difflib.SequenceMatcher(None, old.source, new.source, autojunk=False).ratio()
            if ratio >= PREVIOUS_MSGID_SIMILARITY:
                pairs.append((ratio, id(new), id(old), new, old))
    used_new: set[int] = set()
    used_old: set[int] = set()
    for _ratio, new_id, old_id, new, old in sorted(pairs, key=lambda p: -p[0]):
        if new_id in used_new or old_id in used_old:
            continue
        used_new.add(new_id)
        used_old.add(old_id)
        new.prev_source = old.source


def _insert_in_document_order(store: Store, doc_units: Sequence[Unit], new_ids: set[int]) -> None:
    """Place new units next to their neighbours in the document; others keep their place."""
    for position, unit in enumerate(doc_units):
        if id(unit) not in new_ids:
            continue
        anchor = next((u for u in reversed(doc_units[:position]) if _in_store(store, u)), None)
        unit._store = store
        if anchor is not None:
            store.units.insert(_position(store, anchor) + 1, unit)
        else:
            following = next((u for u in doc_units[position + 1 :] if _in_store(store, u)), None)
            if following is not None:
                store.units.insert(_position(store, following), unit)
            else:
                live_end = sum(1 for u in store.units if not u.isobsolete())
                store.units.insert(live_end, unit)


def _in_store(store: Store, unit: Unit) -> bool:
    return any(u is unit for u in store.units)


def _position(store: Store, unit: Unit) -> int:
    return next(i for i, u in enumerate(store.units) if u is unit)


def set_machine_translation(
    unit: Unit, text: str, provenance: str, problems: Sequence[str] = ()
) -> None:
    """Store machine output: always fuzzy, with where it came from and what went wrong."""
    unit.target = text
    unit.markfuzzy(True)
    set_own_comments(unit, MT_PREFIX, [provenance])
    set_own_comments(unit, MT_CHECK_PREFIX, problems)


def set_memory_translation(
    unit: Unit, text: str, origin: str, reviewed: bool, provenance: Sequence[str] = ()
) -> None:
    """Reuse a translation of the same text: reviewed stays reviewed, anything else is fuzzy."""
    unit.target = text
    unit.markfuzzy(not reviewed)
    set_own_comments(unit, MT_PREFIX, provenance)
    set_own_comments(unit, MT_CHECK_PREFIX, [])
    set_own_comments(unit, TM_PREFIX, [f"{origin}{'' if reviewed else ' (not reviewed)'}"])


def has_translation(unit: Unit) -> bool:
    """Any translation at all, reviewed or fuzzy (for a plural entry: any non-empty form)."""
    if unit.hasplural():
        return any(str(form) for form in (unit.target.strings if unit.target else []))
    return bool(unit.target)


def entry_key(unit: Unit) -> tuple[str, str]:
    """What makes an entry unique in a catalog (msgfmt's rule): its context and msgid."""
    return (unit.getcontext() or "", str(unit.source))


def live_index(store: Store) -> dict[tuple[str, str], Unit]:
    return {
        entry_key(unit): unit
        for unit in store.units
        if not unit.isheader() and not unit.isobsolete()
    }


def copy_translation(source: Unit, target: Unit) -> None:
    """Give `target` (the same entry in a fresher copy of the catalog) `source`'s translation,
    its fuzzy flag and this tool's provenance comments; used only where `target` has none."""
    target.target = source.target
    target.markfuzzy(source.isfuzzy())
    for prefix in (MT_PREFIX, MT_CHECK_PREFIX, TM_PREFIX):
        set_own_comments(target, prefix, own_comments(source, prefix))
    _order_own_comments(target)
    if source.prev_source and not target.prev_source:
        target.prev_source = source.prev_source


def is_reviewed(unit: Unit) -> bool:
    return bool(unit.target) and not unit.isfuzzy()


def translation_lookup(store: Store, include_fuzzy: bool = False) -> dict[str, str]:
    """msgid → translation for rendering: reviewed entries, and fuzzy ones only on request."""
    out: dict[str, str] = {}
    for unit in store.units:
        if unit.isheader() or unit.isobsolete() or unit.hasplural() or not unit.target:
            continue
        if unit.isfuzzy() and not include_fuzzy:
            continue
        if not unit.getcontext():
            out[unit.source] = str(unit.target)
    return out


# --------------------------------------------------------------------------- compiling


@dataclass(frozen=True)
class CompileResult:
    po_path: Path
    mo_path: Path
    translated: int
    fuzzy: int
    untranslated: int
    header_fuzzy: bool


class _VerbatimHeaderCatalog(Catalog):
    """A Babel catalog whose MO header is the PO header as written, as msgfmt keeps it."""

    def __init__(self, header: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._verbatim_header = header

    def __iter__(self) -> Iterator[Message]:
        messages = super().__iter__()
        next(messages)  # Babel's regenerated header
        yield Message("", self._verbatim_header)
        yield from messages


def compile_catalog(po_path: str | Path, mo_path: str | Path | None = None) -> CompileResult:
    """Compile one PO file to MO, leaving out fuzzy and incomplete entries as msgfmt does.

    Babel's `write_mo` would keep untranslated plural entries with the English text, and Babel's
    front end skips a whole catalog whose header is fuzzy; we do neither.
    """
    po_path = Path(po_path)
    mo_path = Path(mo_path) if mo_path else po_path.with_suffix(".mo")
    store = read_catalog(po_path)
    header_unit = store.header()
    header_text = str(header_unit.target) if header_unit is not None else ""
    catalog = _VerbatimHeaderCatalog(
        header_text, domain=po_path.stem, charset=store.encoding or "utf-8"
    )
    translated = fuzzy = untranslated = 0
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        if unit.isfuzzy() and unit.target:
            fuzzy += 1
            continue
        if unit.hasplural():
            forms = [str(s) for s in unit.target.strings] if unit.target else []
            if not forms or not all(forms):
                untranslated += 1
                continue
            msgid: str | tuple[str, ...] = (
                str(unit.source),
                *[str(s) for s in unit.source.strings[1:]],
            )
            catalog[msgid] = Message(msgid, tuple(forms), context=unit.getcontext() or None)
            translated += 1
        elif unit.target:
            catalog[str(unit.source)] = Message(
                str(unit.source), str(unit.target), context=unit.getcontext() or None
            )
            translated += 1
        else:
            untranslated += 1
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    write_atomic(mo_path, buffer.getvalue())
    return CompileResult(
        po_path=po_path,
        mo_path=mo_path,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=untranslated,
        header_fuzzy=bool(header_unit is not None and header_unit.isfuzzy()),
    )


def find_catalogs(locales_dir: str | Path) -> list[Path]:
    """Every `<locale>/LC_MESSAGES/<domain>.po` under a locales directory, sorted."""
    root = Path(locales_dir)
    return sorted(root.glob("*/LC_MESSAGES/*.po"))
