"""UI strings: extract a template (POT) from a site's code, create catalogs from it, merge updates.

`extract_template` runs Babel's extractors (Python, JavaScript, and Jinja2 templates through
Jinja2's own `babel_extract`) with Babel's mapping-file format, and collects the messages in a Babel
`Catalog`, as `pybabel extract` does, so flags (`python-format`, `python-brace-format`), plural
entries and contexts come out the same. The template is then written with Translate Toolkit, like
every other catalog of the project (`catalogs.serialize_catalog`): msgcat's layout, no reflowing,
byte-identical re-runs apart from the creation date, and ~20x faster than Babel's `write_po`.

`init_catalog` starts a locale's catalog from a template with CLDR plural rules (msginit writes
none for az). `update_catalogs` merges a new template into every catalog of a domain, as
`msgmerge` does, but: fuzzy matches stay within one msgctxt, a small edit to a long string still
finds its translation (no `autojunk`, see `FUZZY_MATCH_THRESHOLD`), obsolete entries come back
with their translation, and the header's fuzzy flag is cleared so nothing skips the catalog.
"""

from __future__ import annotations

import configparser
import difflib
import os
import re
import tempfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, Unpack

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from translate.misc.multistring import multistring

from i18n_pipeline import __version__
from i18n_pipeline.catalogs import (
    Found,
    Store,
    Unit,
    catalog_path,
    entry_key,
    forms,
    has_translation,
    header_nplurals,
    live_units,
    new_catalog,
    read_catalog,
    rewrite_catalog,
    serialize_catalog,
    unit_flags,
    write_atomic,
)
from i18n_pipeline.errors import InputError, PipelineError, check_keywords
from i18n_pipeline.locales import LocaleInfo, parse_locale, validate_domain

# Babel's keywords (gettext, ngettext, pgettext, npgettext, dgettext, N_, ...) plus the lazy
# variants of Flask-Babel and Django, which a site defines at import time.
KEYWORDS: dict[str, Any] = {
    **DEFAULT_KEYWORDS,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
    "lazy_npgettext": ((1, "c"), 2, 3),
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# Comments that start with one of these tags, just above a call, become `#.` comments (tag
# stripped: Jinja2's extractor strips it whatever it is told, so everything else does too).
COMMENT_TAGS: tuple[str, ...] = ("Translators:",)
# Without a mapping file: Python files, Jinja2 templates under templates/, JavaScript.
DEFAULT_MAPPING: tuple[tuple[str, str], ...] = (
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("templates/**.html", "jinja2"),
    ("**.jinja", "jinja2"),
    ("**.js", "javascript"),
)
# "jinja2" in a mapping file means Jinja2's extractor even where its entry point is not installed.
_METHOD_ALIASES = {"jinja2": "jinja2.ext:babel_extract"}

# A changed msgid takes the closest old translation (as fuzzy) at or above this similarity:
# difflib's ratio 2*M/T on case-folded, whitespace-collapsed text. The ratio is normalised by the
# total length, so one changed word in a 400-character paragraph still scores ~0.98, while
# "Search" vs "Search the site" (0.57) stays apart. 0.6 is msgmerge's FUZZY_THRESHOLD and
# difflib.get_close_matches' default. `autojunk` is off: with it on (difflib's default), a
# string of 200+ characters has its frequent letters treated as junk, and one changed word in a
# 320-character paragraph can score 0.57 and lose its translation (see tests/test_templates.py).
FUZZY_MATCH_THRESHOLD = 0.6

_PLACEHOLDER_PLURAL_FORMS = re.compile(rb'^"Plural-Forms: nplurals=INTEGER; [^"\n]*"$', re.M)


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True)
class ExtractResult:
    """What `extract_template` wrote."""

    path: Path
    messages: int
    plurals: int
    contexts: int
    files: int
    written: bool = True  # False: the template held the same strings, left as it was


def read_mapping(path: str | Path) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """Babel's mapping file (`[python: **.py]` sections with options) as method and option maps."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            method_map, options_map = parse_mapping_cfg(handle, str(path))
    except OSError as error:
        raise InputError(path, f"cannot read mapping file: {error.strerror}") from None
    except (configparser.Error, ValueError) as error:
        line = getattr(error, "lineno", None)
        message = str(error).splitlines()[0]
        raise InputError(path, f"invalid mapping file: {message}", line) from None
    return method_map, options_map


def _location_root(src_dir: Path) -> Path:
    """`#:` paths are relative to the working directory, or to SRC_DIR's parent outside it."""
    cwd = Path.cwd().resolve()
    src = src_dir.resolve()
    return cwd if src.is_relative_to(cwd) else src.parent


class TemplateOptions(TypedDict, total=False):
    """How messages are extracted into a template (`build_template`'s defaults: babel.cfg or
    `DEFAULT_MAPPING`, `KEYWORDS`, `COMMENT_TAGS`, "PACKAGE" "VERSION")."""

    mapping: str | Path | None
    keywords: Mapping[str, Any] | None
    comment_tags: Sequence[str]
    project: str
    version: str


def build_template(src_dir: str | Path, **options: Unpack[TemplateOptions]) -> tuple[Store, int]:
    """Extract every message under `src_dir` into a template store; also say how many files.

    The mapping is `mapping`, else `SRC_DIR/babel.cfg` when there is one, else `DEFAULT_MAPPING`.
    """
    check_keywords("build_template", options, TemplateOptions)
    mapping = options.get("mapping")
    keywords = options.get("keywords")
    comment_tags = options.get("comment_tags", COMMENT_TAGS)
    project = options.get("project", "PACKAGE")
    version = options.get("version", "VERSION")
    src_dir = Path(src_dir)
    if not src_dir.is_dir():
        raise InputError(src_dir, "not a directory")
    if mapping is None and (src_dir / "babel.cfg").is_file():
        mapping = src_dir / "babel.cfg"
    if mapping is not None:
        method_map, options_map = read_mapping(mapping)
    else:
        method_map, options_map = list(DEFAULT_MAPPING), {}
    method_map = [(pattern, _METHOD_ALIASES.get(method, method)) for pattern, method in method_map]
    for pattern, method in method_map:
        if method == _METHOD_ALIASES["jinja2"]:
            # Jinja2's extractor skips a broken template without a word unless told otherwise.
            options_map.setdefault(pattern, {}).setdefault("silent", "false")

    root = _location_root(src_dir)
    prefix = Path(os.path.relpath(src_dir.resolve(), root))
    files: list[str] = []  # every file an extractor was run on; the last one is current

    def note_file(filename: str, method: str, options: dict[str, Any]) -> None:
        files.append(filename)

    catalog = Catalog(project=project, version=version, fuzzy=True)
    try:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(src_dir),
            method_map,
            options_map,
            keywords=dict(keywords if keywords is not None else KEYWORDS),
            comment_tags=tuple(comment_tags),
            callback=note_file,
            # Jinja2's extractor always strips the tag; strip it everywhere for one style.
            strip_comment_tags=True,
        ):
            location = (prefix / filename).as_posix()
            catalog.add(
                message, None, [(location, lineno)], auto_comments=comments, context=context
            )
    except (SyntaxError, ValueError, UnicodeDecodeError, ImportError) as error:
        where = src_dir / files[-1] if files else src_dir
        line = getattr(error, "lineno", None)
        text = getattr(error, "message", None) or getattr(error, "msg", None) or str(error)
        raise InputError(where, f"cannot extract messages: {text}", line) from None
    except Exception as error:  # Jinja2's TemplateSyntaxError and other extractor errors
        if not hasattr(error, "lineno"):
            raise
        where = src_dir / files[-1] if files else src_dir
        raise InputError(where, f"cannot extract messages: {error}", error.lineno) from None
    return _template_store(catalog, project, version), len(files)


def _template_store(catalog: Catalog, project: str, version: str) -> Store:
    """Babel's extracted catalog as a Translate Toolkit template (header fuzzy, as xgettext's)."""
    store = Store()
    store.init_headers(
        charset="UTF-8",
        encoding="8bit",
        project_id_version=f"{project} {version}",
        X_Generator=f"i18n-pipeline {__version__}",
    )
    store.header().markfuzzy(True)
    for message in catalog:
        if not message.id:
            continue
        unit = store.UnitClass("")
        if message.pluralizable:
            unit.source = multistring([str(part) for part in message.id])
        else:
            unit.source = str(message.id)
        if message.context:
            unit.setcontext(message.context)
        for comment in message.auto_comments:
            unit.addnote(comment, origin="developer")
        unit.addlocations([f"{path}:{lineno}" for path, lineno in message.locations])
        for flag in sorted(message.flags - {"fuzzy"}):
            unit.settypecomment(flag)
        unit.target = multistring(["", ""]) if message.pluralizable else ""
        store.addunit(unit)
    return store


def extract_template(
    src_dir: str | Path, output: str | Path, **options: Unpack[TemplateOptions]
) -> ExtractResult:
    """Extract the messages under `src_dir` and write them, atomically, as the template `output`."""
    store, files = build_template(src_dir, **options)
    output = Path(output)
    if "project" not in options and "version" not in options and output.is_file():
        # Re-extracting keeps the name and version the template was made with, as a
        # re-run of `extract` without --project/--version should not rename the project.
        kept = _header_value(read_template(output), "Project-Id-Version")
        if kept and kept != "PACKAGE VERSION":
            store.updateheader(Project_Id_Version=kept)
            store.header().markfuzzy(True)  # updateheader clears it; templates keep xgettext's
    data = serialize_catalog(store)
    # Only the creation date would change: leave the file (and a clean working tree) alone.
    written = not output.is_file() or _undated(output.read_bytes()) != _undated(data)
    if written:
        write_atomic(output, data)
    units = live_units(store)
    return ExtractResult(
        path=output,
        messages=len(units),
        plurals=sum(1 for unit in units if unit.hasplural()),
        contexts=sum(1 for unit in units if unit.getcontext()),
        files=files,
        written=written,
    )


# --------------------------------------------------------------------------- templates


def _undated(data: bytes) -> bytes:
    """A template's bytes without its `POT-Creation-Date` header line."""
    return re.sub(rb'(?m)^"POT-Creation-Date: [^"]*"\n', b"", data, count=1)


def read_template(path: str | Path) -> Store:
    """Read a POT strictly, as `read_catalog` does, accepting xgettext's placeholder header.

    xgettext writes `Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;` into templates, which
    the strict reader rightly rejects in a catalog; it is blanked here (line numbers kept).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read template: {error.strerror}") from None
    if not _PLACEHOLDER_PLURAL_FORMS.search(data):
        return read_catalog(path)
    with tempfile.TemporaryDirectory(prefix="i18n-pipeline-") as tmp:
        copy = Path(tmp) / path.name
        copy.write_bytes(_PLACEHOLDER_PLURAL_FORMS.sub(b'""', data, count=1))
        try:
            store = read_catalog(copy)
        except InputError as error:
            raise InputError(path, error.message, error.line) from None
    store.filename = str(path)
    return store


def _empty_target(source: Unit, nplurals: int) -> str | multistring:
    return multistring([""] * nplurals) if source.hasplural() else ""


def _fresh_unit(store: Store, template_unit: Unit, nplurals: int) -> Unit:
    """A new untranslated catalog entry for a template entry."""
    unit = store.UnitClass("")
    unit.source = template_unit.source
    if template_unit.getcontext():
        unit.setcontext(template_unit.getcontext())
    _take_template_side(unit, template_unit)
    unit.target = _empty_target(template_unit, nplurals)
    return unit


def _take_template_side(unit: Unit, template_unit: Unit) -> None:
    """Locations, extracted comments and format flags follow the template; the rest is the PO's."""
    unit.sourcecomments = []
    unit.addlocations(template_unit.getlocations())
    unit.automaticcomments = list(template_unit.automaticcomments)
    wanted = [flag for flag in unit_flags(template_unit) if flag != "fuzzy"]
    for flag in unit_flags(unit):
        if flag != "fuzzy" and flag not in wanted:
            unit.settypecomment(flag, False)
    for flag in wanted:
        unit.settypecomment(flag)


def _header_value(store: Store, key: str) -> str | None:
    value = store.parseheader().get(key)
    return str(value) if value else None


# --------------------------------------------------------------------------- init


def init_catalog(
    template: str | Path,
    locale: str | LocaleInfo,
    locales_dir: str | Path = "locales",
    domain: str = "messages",
) -> Path:
    """Create `<locales>/<locale>/LC_MESSAGES/<domain>.po` from a template; never overwrite one."""
    info = locale if isinstance(locale, LocaleInfo) else parse_locale(locale, "--to")
    validate_domain(domain)
    path = catalog_path(locales_dir, info.code, domain)
    if path.exists():
        raise PipelineError(
            f"{path}: a catalog already exists; run `update` to merge the template into it"
        )
    source = read_template(template)
    store = new_catalog(info, domain)
    created = _header_value(source, "POT-Creation-Date")
    if created:
        store.updateheader(POT_Creation_Date=created)
    project = _header_value(source, "Project-Id-Version")
    if project and project != "PACKAGE VERSION":
        store.updateheader(Project_Id_Version=project)
    for template_unit in live_units(source):
        store.addunit(_fresh_unit(store, template_unit, info.nplurals))

    def create(found: Found) -> Store:
        # Checked again under the lock: a `translate` or `init` that created the catalog
        # meanwhile keeps its work (a rename would silently replace it).
        if found.data is not None:
            raise PipelineError(
                f"{path}: another run created this catalog meanwhile; run `update` to merge "
                "the template into it"
            )
        return store

    rewrite_catalog(path, create)
    return path


# --------------------------------------------------------------------------- update


@dataclass
class MergeStats:
    """What `merge_template` did to one catalog."""

    kept: int = 0  # same msgid and msgctxt: translation kept as it was
    fuzzy: int = 0  # changed msgid: closest old translation, marked fuzzy with `#| msgid`
    added: int = 0  # new, untranslated
    obsoleted: int = 0  # gone from the template: `#~`, translation kept
    resurrected: int = 0  # back from `#~` with its translation


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    stats: MergeStats


def _normalise(unit: Unit) -> str:
    return "\n".join(" ".join(form.casefold().split()) for form in forms(unit.source))


def closest_translated(
    unit: Unit, candidates: Iterable[Unit], threshold: float = FUZZY_MATCH_THRESHOLD
) -> Unit | None:
    """The most similar translated candidate with the same msgctxt, or None below `threshold`."""
    text = _normalise(unit)
    context = unit.getcontext() or ""
    best: tuple[float, Unit] | None = None
    for candidate in candidates:
        if (candidate.getcontext() or "") != context or not has_translation(candidate):
            continue
        matcher = difflib.SequenceMatcher(None, _normalise(candidate), text, autojunk=False)
        floor = best[0] if best else threshold
        # Cheap upper bounds first: most candidates are ruled out without the full comparison.
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= floor and (best is None or ratio > best[0]):
            best = (ratio, candidate)
    return best[1] if best else None


def _fit_forms(strings: Sequence[str], plural: bool, nplurals: int) -> str | multistring:
    """A translation reshaped for an entry: singular text, or exactly `nplurals` forms."""
    if not plural:
        return strings[0] if strings else ""
    kept = list(strings[:nplurals])
    if len(strings) == 1:  # a singular translation offered for a plural entry: every form
        kept = kept * nplurals
    return multistring(kept + [""] * (nplurals - len(kept)))


def _take_translation(unit: Unit, old: Unit, nplurals: int) -> None:
    unit.target = _fit_forms(forms(old.target), unit.hasplural(), nplurals)
    for comment in old.othercomments:
        if comment not in unit.othercomments:
            unit.othercomments.append(comment)


def merge_template(
    template: Store,
    catalog: Store,
    nplurals: int,
    threshold: float = FUZZY_MATCH_THRESHOLD,
) -> MergeStats:
    """Merge a template into a catalog in place, the way msgmerge does, without its traps.

    Order follows the template; every translation survives (kept, moved as fuzzy, or obsolete).
    """
    stats = MergeStats()
    old_units = [unit for unit in catalog.units if not unit.isheader()]
    by_key: dict[tuple[str, str], Unit] = {}
    for unit in old_units:  # a live entry wins over an obsolete twin
        key = entry_key(unit)
        if key not in by_key or by_key[key].isobsolete():
            by_key[key] = unit

    merged: list[Unit] = []
    used: set[int] = set()
    unmatched: list[Unit] = []
    for template_unit in live_units(template):
        old = by_key.get(entry_key(template_unit))
        if old is None or id(old) in used:
            unit = _fresh_unit(catalog, template_unit, nplurals)
            unmatched.append(unit)
            merged.append(unit)
            continue
        used.add(id(old))
        _update_matched(old, template_unit, nplurals, stats)
        merged.append(old)

    candidates = [unit for unit in old_units if has_translation(unit)]
    for unit in unmatched:
        _fill_from_closest(unit, candidates, nplurals, threshold, stats)
    obsolete = _obsolete_leftovers(old_units, used, by_key, stats)

    header = catalog.header()
    catalog.units = ([header] if header is not None else []) + merged + obsolete
    for unit in catalog.units:
        unit._store = catalog
    return stats


def _update_matched(old: Unit, template_unit: Unit, nplurals: int, stats: MergeStats) -> None:
    """The catalog's entry for a template entry: brought back if obsolete, its plural forms
    fitted (fuzzy when msgid_plural changed), comments and references from the template."""
    if old.isobsolete():
        old.resurrect()
        stats.resurrected += 1
    else:
        stats.kept += 1
    plural_changed = forms(old.source) != forms(template_unit.source)
    strings = forms(old.target)
    if plural_changed:
        # Same msgid, but msgid_plural added, removed or changed: review the forms.
        previous = old.source
        old.source = template_unit.source
        old.target = _fit_forms(strings, template_unit.hasplural(), nplurals)
        if has_translation(old):
            old.markfuzzy(True)
            old.prev_source = previous
    elif old.hasplural():
        old.target = _fit_forms(strings, True, nplurals)
    _take_template_side(old, template_unit)
    if not old.isfuzzy():
        old.clear_previous()


def _fill_from_closest(
    unit: Unit, candidates: Sequence[Unit], nplurals: int, threshold: float, stats: MergeStats
) -> None:
    """A new entry takes the closest translated old entry's translation, as fuzzy, if any."""
    match = closest_translated(unit, candidates, threshold)
    if match is None:
        stats.added += 1
        return
    _take_translation(unit, match, nplurals)
    unit.markfuzzy(True)
    unit.prev_source = match.source
    stats.fuzzy += 1


def _obsolete_leftovers(
    old_units: Sequence[Unit],
    used: set[int],
    by_key: Mapping[tuple[str, str], Unit],
    stats: MergeStats,
) -> list[Unit]:
    """The old entries the template no longer has, made obsolete; those without a translation
    are dropped, as msgmerge drops them."""
    obsolete: list[Unit] = []
    for leftover in old_units:
        if id(leftover) in used or by_key[entry_key(leftover)] is not leftover:
            continue  # in use, or an obsolete duplicate of a live entry
        if not has_translation(leftover):
            continue  # nothing worth keeping, as msgmerge drops it
        if not leftover.isobsolete():
            leftover.makeobsolete()
            stats.obsoleted += 1
        obsolete.append(leftover)
    return obsolete


def update_catalog(path: str | Path, template: Store) -> MergeStats:
    """Merge `template` into the catalog at `path` and write it back atomically."""
    path = Path(path)
    stats = MergeStats()

    def merge(found: Found) -> Store:
        # What is on disk now: a translate run saving meanwhile is merged, not overwritten.
        nonlocal stats
        store = found.store()
        nplurals = header_nplurals(store)
        if nplurals is None or not _header_value(store, "Language"):
            info = parse_locale(path.parent.parent.name, "--to")
            nplurals = nplurals or info.nplurals
            missing = {}
            if not _header_value(store, "Language"):
                missing["Language"] = info.code
            if not _header_value(store, "Plural-Forms"):
                missing["Plural_Forms"] = info.plural_forms
            store.updateheader(add=True, **missing)
        stats = merge_template(template, store, nplurals)
        header = store.header()
        if header is not None:
            # A fuzzy header makes Babel's compile and some loaders skip the whole catalog.
            header.markfuzzy(False)
        created = _header_value(template, "POT-Creation-Date")
        if created:
            store.updateheader(add=True, POT_Creation_Date=created)
        return store

    rewrite_catalog(path, merge)  # a template that brings nothing new leaves the file alone
    return stats


def update_catalogs(
    template: str | Path,
    locales_dir: str | Path = "locales",
    domain: str = "messages",
    locales: Collection[str] = (),
) -> list[UpdateResult]:
    """Merge a template into every existing `<locales>/*/LC_MESSAGES/<domain>.po` (or `locales`)."""
    validate_domain(domain)
    source = read_template(template)
    if locales:
        paths = []
        for code in locales:
            path = catalog_path(locales_dir, parse_locale(code, "--to").code, domain)
            if not path.exists():
                raise PipelineError(f"{path}: no such catalog; create it with `init` first")
            paths.append(path)
    else:
        paths = sorted(Path(locales_dir).glob(f"*/LC_MESSAGES/{domain}.po"))
    if not paths:
        raise PipelineError(
            f"no catalogs of domain {domain!r} under {locales_dir}/*/LC_MESSAGES/; "
            "create one with `init`"
        )
    return [UpdateResult(path, update_catalog(path, source)) for path in paths]
