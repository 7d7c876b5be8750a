"""Running the checks: on one entry, a catalog's header, a whole catalog, or paths."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from i18n_pipeline.catalogs import (
    LOW_CONFIDENCE,
    Store,
    Unit,
    header_nplurals,
    header_plural_forms,
    live_units,
    locale_code,
    locale_disagreement,
    read_catalog,
    unit_flags,
)
from i18n_pipeline.errors import UsageError
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.qa.checks.base import (
    CHECKS,
    PSEUDO_EXEMPT,
    Check,
    CheckContext,
    CheckFailure,
    Entry,
    Finding,
    GlossaryTerm,
)


def select_checks(only: Iterable[str] = (), skip: Iterable[str] = ()) -> list[Check]:
    """The checks to run; an unknown name is a usage error that lists the known ones."""
    only, skip = list(only), list(skip)
    unknown = [name for name in [*only, *skip] if name not in CHECKS]
    if unknown:
        raise UsageError(f"unknown check {unknown[0]!r}; known checks: {', '.join(sorted(CHECKS))}")
    names = only or list(CHECKS)
    return [CHECKS[name] for name in names if name not in skip]


def entry_for(unit: Unit) -> Entry:
    """Pair each target form with its source: msgstr[0] with msgid, the rest with msgid_plural."""
    if unit.hasplural():
        sources = [str(s) for s in unit.source.strings]
        targets = [str(s) for s in unit.target.strings] if unit.target else [""]
        pairs = tuple(
            (sources[min(i, len(sources) - 1)], target) for i, target in enumerate(targets)
        )
    else:
        pairs = ((str(unit.source), str(unit.target or "")),)
    return Entry(unit, pairs, frozenset(unit_flags(unit)))


def context_for(
    store: Store,
    path: str | Path,
    glossary: Sequence[GlossaryTerm] = (),
    source_language: str = "en",
    min_score: float = LOW_CONFIDENCE,
) -> CheckContext:
    """Target language from the path layout or the header; the plural rule from the header."""
    locale = locale_code(path, store)
    language = None
    if locale:
        try:
            language = parse_locale(locale).language
        except UsageError:
            language = None
    plural_forms = header_plural_forms(store)
    return CheckContext(
        target_language=language,
        source_language=source_language,
        header_nplurals=header_nplurals(store),
        glossary=glossary,
        plural_expr=plural_forms[1] if plural_forms else None,
        min_score=min_score,
        target_locale=locale or None,
    )


def msgid_line(unit: Unit, lines: Sequence[bytes] = ()) -> int:
    """The line of the entry's `msgid`, where editors and msgfmt point; its first line if unknown.

    Translate Toolkit numbers an entry by its first comment line, and `#.`/`#|` lines above the
    msgid vary in number, so the file's own lines are searched from there. 0: the entry was not
    read from a file.
    """
    start = unit.line_number or 0
    for number in range(max(start - 1, 0), min(len(lines), start + 200)):
        if lines[number].startswith((b"msgid ", b"#~ msgid ")):
            return number + 1
    return start


def check_entry(
    context: CheckContext,
    entry: Entry,
    selected: Sequence[Check],
    file: str = "",
    line: int | None = None,
) -> list[Finding]:
    """Run `selected` on one entry; an untranslated entry only gets `untranslated`, and a
    pseudo-locale's none of `PSEUDO_EXEMPT`."""
    findings = []
    for check in selected:
        if not entry.translated and check.name != "untranslated":
            continue
        if context.pseudo and check.name in PSEUDO_EXEMPT:
            continue
        try:
            check.function(context, entry)
        except CheckFailure as failure:
            findings.append(
                Finding(
                    file=file,
                    line=line if line is not None else entry.unit.line_number or 0,
                    msgid=entry.msgid,
                    check=check.name,
                    severity=check.severity,
                    message=str(failure),
                )
            )
    return findings


def header_findings(
    store: Store, path: str, context: CheckContext, checks: Iterable[str] | None = None
) -> list[Finding]:
    """Catalog-level problems of the `checks` named (all by default): a Language header that
    names another locale than the catalog's folder (`language-header`), a Plural-Forms header
    that does not fit the language (CLDR: `plural-forms`)."""
    names = set(CHECKS if checks is None else checks)
    header = store.header()
    line = header.line_number if header is not None else 1
    found = []
    disagreement = locale_disagreement(path, store) if "language-header" in names else None
    if disagreement:
        found.append(Finding(path, line, "", "language-header", "warning", disagreement))
    if "plural-forms" in names:
        found.extend(_plural_header_findings(store, path, context))
    return found


def _plural_header_findings(store: Store, path: str, context: CheckContext) -> list[Finding]:
    locale = context.target_rules()
    if context.header_nplurals is None or locale is None:
        return []
    if locale.nplurals == context.header_nplurals:
        return []
    rule = f"its source language {context.source_language}'s rule" if context.pseudo else "CLDR"
    header = store.header()
    return [
        Finding(
            file=path,
            line=header.line_number if header is not None else 1,
            msgid="",
            check="plural-forms",
            severity="error",
            message=(
                f"header says nplurals={context.header_nplurals}, but "
                f"{locale.code} has {locale.nplurals} plural forms ({rule})"
            ),
        )
    ]


def _file_lines(path: str | Path) -> list[bytes]:
    try:
        return Path(path).read_bytes().splitlines()
    except OSError:
        return []


def check_store(
    store: Store,
    path: str | Path,
    selected: Sequence[Check] | None = None,
    glossary: Sequence[GlossaryTerm] = (),
    source_language: str = "en",
    min_score: float = LOW_CONFIDENCE,
) -> list[Finding]:
    """All findings of one parsed catalog, in file order."""
    selected = list(CHECKS.values()) if selected is None else selected
    context = context_for(store, path, glossary, source_language, min_score)
    findings = []
    findings.extend(header_findings(store, str(path), context, [c.name for c in selected]))
    lines = _file_lines(path)
    for unit in live_units(store):
        line = msgid_line(unit, lines)
        findings.extend(check_entry(context, entry_for(unit), selected, str(path), line))
    return findings


def check_catalog(
    path: str | Path,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
    glossary: Sequence[GlossaryTerm] = (),
    source_language: str = "en",
    min_score: float = LOW_CONFIDENCE,
) -> list[Finding]:
    """Read one PO file strictly (InputError when malformed) and run the checks on it."""
    selected = select_checks(only, skip)
    return check_store(read_catalog(path), path, selected, glossary, source_language, min_score)
