"""A catalog in memory (Translate Toolkit's `pofile`): header values, the `#.` comments this tool
owns, and what an entry's state is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from translate.storage import po

if TYPE_CHECKING:  # `po` picks its implementation at run time; pypo's is the one declared
    from translate.storage.pypo import pofile as Store
    from translate.storage.pypo import pounit as Unit
else:
    Unit = po.pounit
    Store = po.pofile

# Automatic (#.) comment lines this tool owns; anything else in a catalog belongs to people.
KIND_PREFIX = "kind: "
MT_PREFIX = "mt: "
MT_CHECK_PREFIX = "mt-check: "
TM_PREFIX = "tm: "
# The model's confidence in its output: mean log-probability per token, of the entry's least
# confident sentence (0 is certain; see README "Confidence").
MT_SCORE_PREFIX = "mt-score: "
# Below this score `translate` counts an entry as low-confidence and `check` warns: a starting
# point, not calibrated on this machine (no real model can be downloaded here).
LOW_CONFIDENCE = -1.0
_OWN_PREFIXES = (KIND_PREFIX, MT_PREFIX, MT_SCORE_PREFIX, MT_CHECK_PREFIX, TM_PREFIX)
PLURAL_FORMS_RE = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?\s*$")


def forms(value: object) -> list[str]:
    """A msgid or msgstr as its list of forms (Translate Toolkit gives a str or a multistring);
    `[""]` for none."""
    strings = getattr(value, "strings", None)
    return [str(s) for s in strings] if strings else [str(value or "")]


def header_plural_forms(store: Store) -> tuple[int, str] | None:
    """(nplurals, plural expression) from the catalog's own Plural-Forms header, if any."""
    match = PLURAL_FORMS_RE.match(store.parseheader().get("Plural-Forms", ""))
    return (int(match.group(1)), match.group(2).strip()) if match else None


def unit_flags(unit: Unit) -> list[str]:
    """The entry's `#,` flags (`fuzzy`, `python-format`, `c-format` ...), in order."""
    return [
        flag.strip()
        for line in unit.typecomments
        for flag in line.lstrip("#").lstrip(",").split(",")
        if flag.strip()
    ]


def header_nplurals(store: Store) -> int | None:
    forms = header_plural_forms(store)
    return forms[0] if forms else None


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
    # Without trailing spaces: a reader strips them, and the next run would see a change.
    unit.automaticcomments = kept + [f"#. {prefix}{value}".rstrip() + "\n" for value in values]


def machine_score(unit: Unit) -> float | None:
    """The `#. mt-score:` of a machine translation, None when it has none (or it is unreadable:
    a person may have edited the comment)."""
    for value in own_comments(unit, MT_SCORE_PREFIX):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def order_own_comments(unit: Unit) -> None:
    """kind, then mt, then mt-check, after any comments of other origin."""
    groups = {prefix: own_comments(unit, prefix) for prefix in _OWN_PREFIXES}
    for prefix in _OWN_PREFIXES:
        set_own_comments(unit, prefix, groups[prefix])


def has_translation(unit: Unit) -> bool:
    """Any translation at all, reviewed or fuzzy (for a plural entry: any non-empty form)."""
    if unit.hasplural():
        return any(str(form) for form in (unit.target.strings if unit.target else []))
    return bool(unit.target)


def entry_key(unit: Unit) -> tuple[str, str]:
    """What makes an entry unique in a catalog (msgfmt's rule): its context and msgid."""
    return (unit.getcontext() or "", str(unit.source))


# --------------------------------------------------------------------------- the entry model
# One answer per question about an entry, for every stage (issue 19): which entries are live,
# an entry's key, its forms, its state, and what a person's review does to it.


def live_units(store: Store) -> list[Unit]:
    """Entries a site can show: not the header, not obsolete; in file order."""
    return [u for u in store.units if not u.isheader() and not u.isobsolete()]


def live_index(store: Store) -> dict[tuple[str, str], Unit]:
    return {entry_key(unit): unit for unit in live_units(store)}


def target_forms(unit: Unit) -> list[str]:
    """The translation as a list: one text, or every plural form; `[""]` when there is none."""
    if unit.hasplural():
        return [str(s) for s in unit.target.strings] if unit.target else [""]
    return [str(unit.target or "")]


STATES = ("translated", "fuzzy", "untranslated", "obsolete")


def entry_state(unit: Unit) -> str:
    """One of STATES, by msgfmt's rules (an empty first msgstr is untranslated, whatever the
    flags say; fuzzy otherwise when flagged)."""
    if unit.isobsolete():
        return "obsolete"
    if not target_forms(unit)[0]:
        return "untranslated"
    return "fuzzy" if unit.isfuzzy() else "translated"


def is_reviewed(unit: Unit) -> bool:
    """Translated and not fuzzy: a person's (or an import's) vouched-for text."""
    return entry_state(unit) == "translated"


def mark_reviewed(unit: Unit, target: str | object | None = None) -> None:
    """A person vouched for it (with `target` as the new text, if given): not fuzzy, no
    previous msgid, and the model's warnings and doubt gone with the machine's part."""
    if target is not None:
        unit.target = target
    unit.markfuzzy(False)
    unit.prev_source = None
    set_own_comments(unit, MT_CHECK_PREFIX, [])
    set_own_comments(unit, MT_SCORE_PREFIX, [])


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
