"""Interactive review of one catalog: one entry at a time, each decision saved at once.

The loop is plain Python with its input and output passed in (`read_key`, `edit`, `echo`), so the
CLI can drive it from a terminal or a pipe and tests can drive it directly. Each decision writes
the whole catalog atomically under its lock (`catalogs.rewrite_catalog`): an interrupted session
loses nothing already decided, and a file changed on disk by someone else meanwhile is never
overwritten.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click
from translate.misc.multistring import multistring

from i18n_pipeline.catalogs import (
    MT_CHECK_PREFIX,
    MT_PREFIX,
    MT_SCORE_PREFIX,
    TM_PREFIX,
    Found,
    Store,
    Unit,
    entry_key,
    entry_state,
    live_index,
    machine_score,
    mark_reviewed,
    own_comments,
    read_catalog_bytes,
    rewrite_catalog,
    set_own_comments,
    target_forms,
)
from i18n_pipeline.errors import UsageError
from i18n_pipeline.locales import counted
from i18n_pipeline.qa.checks import (
    CHECKS,
    CheckContext,
    Finding,
    GlossaryTerm,
    check_entry,
    context_for,
    entry_for,
    live_units,
    msgid_line,
)

KEYS_HELP = "a accept · e edit · s skip · b back · q quit"

ReadKey = Callable[[], str | None]  # the next key ("a", "e", ...), or None at end of input
Edit = Callable[[str, str], str | None]  # (label, current text) -> new text, None if unchanged
Echo = Callable[[str], None]


@dataclass
class ReviewSummary:
    """What a review session did; `decisions` maps entry index to "accepted"/"edited"/"skipped"."""

    path: str
    total: int
    decisions: dict[int, str] = field(default_factory=dict)
    quit_early: bool = False

    def count(self, decision: str) -> int:
        return sum(1 for d in self.decisions.values() if d == decision)

    def line(self) -> str:
        return (
            f"{self.path}: {self.count('accepted')} accepted, {self.count('edited')} edited, "
            f"{self.count('skipped')} skipped, {self.total - len(self.decisions)} not reached "
            f"(of {self.total})"
        )


@dataclass
class _Item:
    unit: Unit
    line: int
    findings: list[Finding]


class _Saver:
    """Each decision saved at once, atomically, under the catalog's lock.

    If another program wrote the catalog since (a `translate` run saving its work, another
    reviewer), the file is read again and this review's decisions are merged into it: their
    entries stay. Where another person reviewed the same entry differently meanwhile, their
    translation stays and the reviewer is told; a machine translation never beats a person's.
    """

    def __init__(self, store: Store, path: Path, echo: Echo, seen: bytes | None) -> None:
        self.store = store
        self.path = path
        self.echo = echo
        self.seen = seen  # the file's bytes as this review last read or wrote them
        self.merging = False  # once another program has written, every save merges
        self.before: dict[tuple[str, str], list[str]] = {}  # forms before this review's decision

    def deciding(self, unit: Unit) -> None:
        """Remember an entry's translation as it was, before this review changes it."""
        self.before.setdefault(entry_key(unit), target_forms(unit))

    def save(self) -> None:
        def edit(found: Found) -> Store:
            if not self.merging and not found.changed_since(self.seen):
                return self.store
            self.merging = True
            return self._merged(found.store())

        self.seen = rewrite_catalog(self.path, edit).data

    def _merged(self, fresh: Store) -> Store:
        theirs_by_key = live_index(fresh)
        ours_by_key = live_index(self.store)
        for key, before in self.before.items():
            ours, theirs = ours_by_key.get(key), theirs_by_key.get(key)
            if ours is None:
                continue
            name = key[1] if len(key[1]) <= 50 else key[1][:47] + "..."
            if theirs is None:
                self.echo(f"{self.path}: {name!r} is no longer in the file; decision dropped")
                continue
            changed_by_a_person = target_forms(theirs) not in (before, target_forms(ours)) and (
                bool(target_forms(theirs)[0]) and not theirs.isfuzzy()
            )
            if changed_by_a_person:
                self.echo(f"{self.path}: {name!r} was reviewed by someone else; kept theirs")
                continue
            theirs.target = ours.target
            theirs.markfuzzy(ours.isfuzzy())
            theirs.prev_source = ours.prev_source
            for prefix in (MT_PREFIX, MT_CHECK_PREFIX, MT_SCORE_PREFIX, TM_PREFIX):
                set_own_comments(theirs, prefix, own_comments(ours, prefix))
        return fresh


def word_diff(old: str, new: str) -> str:
    """wdiff-style `[-removed-]{+added+}` between the previous msgid and the current one."""
    tokens_old = re.findall(r"\s+|\w+|[^\w\s]", old)
    tokens_new = re.findall(r"\s+|\w+|[^\w\s]", new)
    out = []
    matcher = difflib.SequenceMatcher(None, tokens_old, tokens_new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append("".join(tokens_old[i1:i2]))
            continue
        if i2 > i1:
            out.append(click.style("[-" + "".join(tokens_old[i1:i2]) + "-]", fg="red"))
        if j2 > j1:
            out.append(click.style("{+" + "".join(tokens_new[j1:j2]) + "+}", fg="green"))
    return "".join(out)


def show_entry(item: _Item, index: int, total: int, path: Path) -> str:
    """The screen for one entry: source, translation, diff, findings, provenance."""
    unit = item.unit
    bar = click.style(
        f"── {index + 1}/{total}  {path}:{item.line}  [{entry_state(unit)}]", bold=True
    )
    lines = [bar]
    if unit.getcontext():
        lines.append(f"context:     {unit.getcontext()}")
    sources = [str(s) for s in unit.source.strings] if unit.hasplural() else [str(unit.source)]
    for number, source in enumerate(sources):
        label = "source:" if number == 0 else "plural:"
        lines.append(f"{label:<13}{source}")
    if unit.prev_source:
        lines.append(f"{'changed:':<13}{word_diff(str(unit.prev_source), sources[0])}")
    forms = target_forms(unit)
    for number, form in enumerate(forms):
        label = "translation:" if len(forms) == 1 else f"msgstr[{number}]:"
        lines.append(f"{label:<13}{form or click.style('(none)', dim=True)}")
    for finding in item.findings:
        colour = "red" if finding.severity == "error" else "yellow"
        lines.append(
            click.style(f"  {finding.severity} {finding.check}: ", fg=colour) + finding.message
        )
    for provenance in own_comments(unit, MT_PREFIX):
        lines.append(click.style(f"machine:     {provenance}", dim=True))
    score = machine_score(unit)
    if score is not None:
        lines.append(click.style(f"confidence:  {score:.2f} (mean log-probability)", dim=True))
    for problem in own_comments(unit, MT_CHECK_PREFIX):
        lines.append(click.style(f"mt-check:    {problem}", dim=True))
    notes = unit.getnotes("translator")
    if notes:
        lines.append(f"note:        {notes}")
    if unit.getlocations():
        lines.append(click.style(f"from:        {' '.join(unit.getlocations())}", dim=True))
    lines.append(click.style(KEYS_HELP, dim=True))
    return "\n".join(lines)


def _confidence_order(item: _Item) -> float:
    score = machine_score(item.unit)
    return float("inf") if score is None else score


def select_units(
    store: Store,
    context: CheckContext,
    path: Path,
    fuzzy: bool = False,
    errors: bool = False,
) -> list[_Item]:
    """Entries to review: by default fuzzy, untranslated and any with findings; the flags narrow
    it to fuzzy entries (`fuzzy`), entries with errors (`errors`), or both groups together."""
    lines = Path(path).read_bytes().splitlines()
    selected = list(CHECKS.values())
    items = []
    for unit in live_units(store):
        line = msgid_line(unit, lines)
        findings = check_entry(context, entry_for(unit), selected, str(path), line)
        has_errors = any(f.severity == "error" for f in findings)
        if fuzzy or errors:
            wanted = (fuzzy and unit.isfuzzy()) or (errors and has_errors)
        else:
            wanted = unit.isfuzzy() or not target_forms(unit)[0] or bool(findings)
        if wanted:
            items.append(_Item(unit, line, findings))
    return items


def review_catalog(
    path: str | Path,
    read_key: ReadKey,
    edit: Edit,
    echo: Echo,
    *,
    fuzzy: bool = False,
    errors: bool = False,
    start: int = 1,
    glossary: Sequence[GlossaryTerm] = (),
    worst_first: bool = False,
) -> ReviewSummary:
    """Walk the selected entries of one catalog, saving each decision atomically at once.

    `worst_first`: machine translations the model was least sure of first (by `#. mt-score:`),
    then the entries without a score, each group in file order.
    """
    path = Path(path)
    seen = read_catalog_bytes(path)
    store = Found(path, seen).store()
    context = context_for(store, path, glossary)
    items = select_units(store, context, path, fuzzy=fuzzy, errors=errors)
    if worst_first:
        items.sort(key=_confidence_order)
    summary = ReviewSummary(path=str(path), total=len(items))
    if not items:
        echo(f"{path}: nothing to review")
        return summary
    if not 1 <= start <= len(items):
        raise UsageError(f"invalid value for --start: {start} (there are {len(items)} entries)")
    saver = _Saver(store, path, echo, seen)
    position = start - 1
    while 0 <= position < len(items):
        item = items[position]
        echo(show_entry(item, position, len(items), path))
        key = read_key()
        if key is None or key == "q":
            summary.quit_early = position < len(items)
            break
        if key == "a":
            if not target_forms(item.unit)[0]:
                echo("nothing to accept: there is no translation yet (e to write one)")
                continue
            saver.deciding(item.unit)
            mark_reviewed(item.unit)
            saver.save()
            summary.decisions[position] = "accepted"
            errors_left = [f for f in item.findings if f.severity == "error"]
            if errors_left:
                echo(click.style(f"accepted with {counted(len(errors_left), 'error')}", fg="red"))
            position += 1
        elif key == "e":
            saver.deciding(item.unit)
            if _edit_unit(item, edit, context, path):
                saver.save()
                summary.decisions[position] = "edited"
                for finding in item.findings:
                    echo(f"still: {finding.severity} {finding.check}: {finding.message}")
                position += 1
            else:
                echo("unchanged")
        elif key == "s":
            summary.decisions.setdefault(position, "skipped")
            position += 1
        elif key == "b":
            if position == 0:
                echo("already at the first entry")
            position = max(position - 1, 0)
        else:
            echo(f"unknown key {key!r}: {KEYS_HELP}")
    return summary


def _edit_unit(item: _Item, edit: Edit, context: CheckContext, path: Path) -> bool:
    """Ask for each form; store the result as reviewed. False when nothing changed."""
    unit = item.unit
    old = target_forms(unit)
    new = []
    for number, form in enumerate(old):
        label = "translation" if len(old) == 1 else f"msgstr[{number}]"
        text = edit(label, form)
        new.append(form if text is None else text)
    if new == old and not unit.isfuzzy():
        return False
    if not new[0]:
        return False
    unit.target = multistring(new) if unit.hasplural() else new[0]
    mark_reviewed(unit)
    if new != old:  # the person's own words now: the machine's or memory's provenance is stale
        set_own_comments(unit, MT_PREFIX, [])
        set_own_comments(unit, TM_PREFIX, [])
    item.findings = check_entry(
        context, entry_for(unit), list(CHECKS.values()), str(path), item.line
    )
    return True


def editor_edit(editor: str) -> Edit:
    """Edit in `$EDITOR`: the file holds the translation only; the editor's final newline goes."""

    def edit(label: str, current: str) -> str | None:
        text = click.edit(current, editor=editor, require_save=False, extension=".txt")
        if text is None:
            return None
        if text.endswith("\n") and not current.endswith("\n"):
            text = text[:-1]
        return text

    return edit


def prompt_edit(read_line: Callable[[str], str | None]) -> Edit:
    """Inline edit: one line, `\\n` for a line break, an empty line keeps the current text."""

    def edit(label: str, current: str) -> str | None:
        line = read_line(f"{label} (empty keeps it, \\n for a line break): ")
        if not line:
            return None
        return line.replace("\\n", "\n")

    return edit


def default_edit(read_line: Callable[[str], str | None]) -> Edit:
    """$EDITOR when set (as git and crontab do), else the inline prompt."""
    editor = os.environ.get("EDITOR") or os.environ.get("VISUAL")
    return editor_edit(editor) if editor else prompt_edit(read_line)
