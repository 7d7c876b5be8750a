"""Which existing translations a run makes again, and which may serve as translation memory.

Pseudo text is never a translation: a model run replaces it wherever it is fuzzy, and it never
fills another entry of a real locale. By default (`--retranslate other`) a model run also
replaces the unreviewed output of another model, so switching models does not leave a catalog
half in each; `machine` re-translates all unreviewed machine output (this model's too, after a
new revision), `fuzzy` every fuzzy entry. A reviewed entry (not fuzzy) is a person's and is
never replaced, whatever the option. In a pseudo-locale every entry is the pseudo engine's, so
anything else there (another mode's text, a fuzzy `update` match) is made again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from i18n_pipeline import catalogs
from i18n_pipeline.engines.registry import resolve_model
from i18n_pipeline.errors import UsageError
from i18n_pipeline.locales import PSEUDO_LOCALES, LocaleInfo
from i18n_pipeline.pipeline.options import PSEUDO_ENGINES, RETRANSLATE, TranslateOptions

if TYPE_CHECKING:
    from i18n_pipeline.pipeline.saving import CatalogWork

# An `#. mt:` line: "<engine> <model> (<version>) <date>" (EngineInfo.describe() and a date).
_PROVENANCE_RE = re.compile(r"^(\S+) (.+) \(.*\)(?: \S+)?$")  # greedy: a path may hold " ("


@dataclass(frozen=True)
class Producer:
    """What fills entries in this run, as `#. mt:` lines name it."""

    pseudo: bool  # the pseudo engine
    model: str | None  # pseudo: "accented" | "bidi"; a model: its ref; --engine memory: None


def producer_for(options: TranslateOptions, locale: LocaleInfo) -> Producer:
    """The run's producer for `locale` (for a model run, the model `--model` resolves to)."""
    if options.engine in PSEUDO_ENGINES:
        return Producer(True, "bidi" if options.engine == "pseudo-rtl" else "accented")
    if options.engine == "memory":
        return Producer(False, None)
    return Producer(False, resolve_model(options.model, options.source, locale.code).ref)


def check_pseudo_targets(options: TranslateOptions, locales: list[LocaleInfo]) -> None:
    """Pseudo text goes to pseudo-locales; a real locale gets it only when asked, fuzzy."""
    if options.retranslate not in RETRANSLATE:
        raise UsageError(f"invalid value for --retranslate: {options.retranslate!r}")
    for locale in locales:
        if locale.pseudo and options.engine not in PSEUDO_ENGINES:
            raise UsageError(
                f"--to {locale.code} is a pseudo-locale: only --engine pseudo or pseudo-rtl "
                "write it"
            )
        if (
            options.engine in PSEUDO_ENGINES
            and not locale.pseudo
            and not options.pseudo_into_real_locale
        ):
            own = default_pseudo_locale(options.engine)
            raise UsageError(
                f"--to {locale.code}: --engine {options.engine} writes pseudo text into the "
                f"pseudo-locale {own} (leave --to out); give --pseudo-into-real-locale to put it "
                f"into {locale.code} as fuzzy entries"
            )


def default_pseudo_locale(engine: str) -> str:
    return next(code for code, name in PSEUDO_LOCALES.items() if name == engine)


def _provenance(unit: catalogs.Unit) -> list[tuple[str, str]]:
    found = []
    for line in catalogs.own_comments(unit, catalogs.MT_PREFIX):
        match = _PROVENANCE_RE.match(line.strip())
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def is_pseudo_output(unit: catalogs.Unit) -> bool:
    return any(engine == "pseudo" for engine, _ in _provenance(unit))


def _same_model(recorded: str, current: str) -> bool:
    """The same model, however its path was written (relative from another directory)."""
    if recorded == current:
        return True
    one, other = Path(recorded).expanduser(), Path(current).expanduser()
    return one.exists() and other.exists() and one.resolve() == other.resolve()


def replaceable(unit: catalogs.Unit, policy: str, producer: Producer, pseudo_locale: bool) -> bool:
    """Whether this run translates `unit` again although it has a translation."""
    if not catalogs.has_translation(unit):
        return False
    made = _provenance(unit)
    if pseudo_locale:
        if policy in ("machine", "fuzzy"):
            return True
        return unit.isfuzzy() or (True, producer.model) not in {
            (engine == "pseudo", model) for engine, model in made
        }
    if not unit.isfuzzy():
        return False  # reviewed: a person's
    pseudo = any(engine == "pseudo" for engine, _ in made)
    if producer.pseudo:  # pseudo text into a real locale replaces nothing but pseudo text
        if not pseudo:
            return False
        return policy in ("machine", "fuzzy") or (
            policy == "other" and all(model != producer.model for _, model in made)
        )
    if pseudo or policy == "fuzzy":
        return True
    if not made:
        return False  # a memory or `update` match without provenance: only `fuzzy` takes it
    if policy == "machine":
        return True
    if policy == "other" and producer.model is not None:
        return not any(_same_model(model, producer.model) for _, model in made)
    return False


def target_strings(unit: catalogs.Unit) -> tuple[str, ...]:
    """An entry's translation as plain strings, each plural form one (to tell it changed)."""
    if unit.hasplural():
        return tuple(str(s) for s in (unit.target.strings if unit.target else []))
    return (str(unit.target or ""),)


def mark_replaced(
    item: CatalogWork, units: Iterable[catalogs.Unit], options: TranslateOptions, producer: Producer
) -> int:
    """Add the entries this run translates again to `item.pending`, remembering the text each
    had: it stays until the new one is stored (a killed run loses nothing), and a copy that
    another process changed meanwhile keeps its change. Returns how many."""
    count = 0
    for unit in units:
        if replaceable(unit, options.retranslate, producer, item.locale.pseudo):
            item.replacing[catalogs.entry_key(unit)] = target_strings(unit)
            item.pending.append(unit)
            count += 1
    return count


def memory_filter(options: TranslateOptions, locale: LocaleInfo) -> Callable[[catalogs.Unit], bool]:
    """Which catalog entries may serve as translation memory in this run: never pseudo text,
    and nothing this run would itself translate again."""
    producer = producer_for(options, locale)

    def usable(unit: catalogs.Unit) -> bool:
        return not is_pseudo_output(unit) and not replaceable(
            unit, options.retranslate, producer, locale.pseudo
        )

    return usable
