"""What every check shares: `Finding`, `Entry`, `CheckContext`, the registry `CHECKS` and
`register`, and the wrapper for Translate Toolkit's pofilter checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from translate.filters import checks as tt_checks
from translate.filters.checks import FilterFailure

from i18n_pipeline.catalogs import LOW_CONFIDENCE, Unit
from i18n_pipeline.errors import UsageError
from i18n_pipeline.locales import LocaleInfo, parse_locale, pseudo_locale, pseudo_locale_code
from i18n_pipeline.text.plurals import numbers_per_form, single_number_forms

Severity = Literal["error", "warning"]


class CheckFailure(Exception):
    """Raised by a check with a one-line message saying what is wrong with the entry."""


@dataclass(frozen=True)
class Finding:
    """One problem in one entry: printed as `path:line: severity check: message`."""

    file: str
    line: int
    msgid: str
    check: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.check}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "msgid": self.msgid,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class GlossaryTerm:
    """A source term and the target term a translation must use (same text: do not translate)."""

    source: str
    target: str

    @property
    def do_not_translate(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class Entry:
    """What a check sees of a unit: each (source, target) pair, plural forms paired like msgfmt."""

    unit: Unit
    pairs: tuple[tuple[str, str], ...]
    flags: frozenset[str]

    @property
    def msgid(self) -> str:
        return str(self.unit.source)

    @property
    def translated(self) -> bool:
        return bool(self.pairs) and bool(self.pairs[0][1])

    @property
    def msgid_plural(self) -> str | None:
        """What msgfmt compares every plural form with; None for a singular entry."""
        if not self.unit.hasplural():
            return None
        strings = self.unit.source.strings
        return str(strings[1]) if len(strings) > 1 else str(strings[0])


@dataclass
class CheckContext:
    """Catalog-wide facts the checks need: languages, plural counts, glossary."""

    target_language: str | None = None  # "az"; None when neither path nor header says
    source_language: str = "en"
    header_nplurals: int | None = None
    glossary: Sequence[GlossaryTerm] = ()
    plural_expr: str | None = None  # the header's; None: CLDR's for the target language
    min_score: float = LOW_CONFIDENCE  # `low-confidence`: machine scores under this are shown
    target_locale: str | None = None  # the catalog's whole code: "az_AZ", "ar_XB"
    _tt_checker: tt_checks.StandardChecker | None = field(default=None, repr=False)
    _form_numbers: tuple[tuple[int, ...], ...] | None = field(default=None, repr=False)

    @property
    def pseudo(self) -> bool:
        """A pseudo-locale's catalog (en_XA, ar_XB): see PSEUDO_EXEMPT."""
        return pseudo_locale_code(self.target_locale or "") is not None

    def target_rules(self) -> LocaleInfo | None:
        """The catalog's locale as plural rules go: the language's (CLDR); a pseudo-locale's
        text, and so its rule, is its source language's. None when the locale is unknown."""
        if not self.target_language:
            return None
        if self.pseudo:
            return pseudo_locale(self.target_locale or "", self.source_language)
        try:
            return parse_locale(self.target_language)
        except UsageError:
            return None
        if self.pseudo:
            locale = pseudo_locale(self.target_locale or "", self.source_language)
            return locale, f"the rule of its source language, {self.source_language}"
        try:
            return parse_locale(self.target_language), "CLDR"
        except UsageError:
            return None
        if self.pseudo:
            return pseudo_locale(self.target_locale or "", self.source_language).nplurals
        try:
            return parse_locale(self.target_language).nplurals
        except UsageError:
            return None

    @property
    def tt_checker(self) -> tt_checks.StandardChecker:
        """Translate Toolkit's pofilter checker, configured for the target language."""
        if self._tt_checker is None:
            config = tt_checks.CheckerConfig(targetlanguage=self.target_language or None)
            self._tt_checker = tt_checks.StandardChecker(checkerconfig=config)
        return self._tt_checker

    @property
    def plural_rule(self) -> tuple[str, int]:
        """(expression, nplurals): the catalog's own Plural-Forms, else its locale's rule
        (`target_rules`: CLDR's, through Babel), else English's."""
        if self.plural_expr is not None and self.header_nplurals is not None:
            return self.plural_expr, self.header_nplurals
        locale = self.target_rules()
        if locale is None:
            return "(n != 1)", 2
        return locale.plural_expr, locale.nplurals

    @property
    def form_numbers(self) -> tuple[tuple[int, ...], ...]:
        """For each plural form, the sample numbers the plural rule uses it for."""
        if self._form_numbers is None:
            self._form_numbers = numbers_per_form(*self.plural_rule)
        return self._form_numbers

    def single_number_form(self, index: int) -> bool:
        """Whether plural form `index` is used for one number at most, so may leave it out."""
        return index in single_number_forms(self.form_numbers)


CheckFunction = Callable[[CheckContext, Entry], None]


@dataclass(frozen=True)
class Check:
    """A registered check: `function` raises `CheckFailure` when the entry has the problem."""

    name: str
    severity: Severity
    explanation: str
    function: CheckFunction
    origin: str  # "translate-toolkit:<filter>" or "own"


CHECKS: dict[str, Check] = {}

# Checks that judge a translation as text of a language. A pseudo-locale's text is made to look
# odd on purpose (accents, brackets, padding that lengthens it by a third), so on it these would
# only report what the pseudo engine did; the checks that matter there stay: placeholders,
# markup, URLs, numbers, whitespace, escapes, plural forms.
PSEUDO_EXEMPT = frozenset(
    {
        "end-punctuation",
        "sentence-count",
        "length-ratio",
        "unchanged",
        "repeated-words",
        "double-space",
        "glossary",
        "language",
        "leftover",
    }
)


def register(
    name: str, severity: Severity, explanation: str, origin: str = "own"
) -> Callable[[CheckFunction], CheckFunction]:
    """Add a check to `CHECKS`; the decorated function keeps working on its own in tests."""

    def decorate(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = Check(name, severity, explanation, function, origin)
        return function

    return decorate


# A text test on one (source, target) pair: yields what is wrong with the target.
PairTest = Callable[[CheckContext, str, str], Iterable[str]]


def pair_check(
    name: str, severity: Severity, explanation: str, origin: str = "own"
) -> Callable[[PairTest], CheckFunction]:
    """`register` a text test as a check that runs it on every pair of an entry (`_each_pair`)."""

    def decorate(test: PairTest) -> CheckFunction:
        return register(name, severity, explanation, origin)(_each_pair(test))

    return decorate


def _each_pair(test: PairTest) -> CheckFunction:
    """Run a text test on every (source, target) pair; raise once with all messages.

    A plural form passes when it agrees with either msgid or msgid_plural: "%d kitab" is a
    correct msgstr[0] for "One book" / "%d books" (gettext allows the singular to drop the %d).
    """

    def run(context: CheckContext, entry: Entry) -> None:
        messages: list[str] = []
        sources = {source for source, _ in entry.pairs}
        for source, target in entry.pairs:
            if not target:
                continue
            found = list(test(context, source, target))
            if (
                found
                and len(sources) > 1
                and any(not list(test(context, other, target)) for other in sources - {source})
            ):
                found = []
            messages.extend(m for m in found if m not in messages)
        if messages:
            raise CheckFailure("; ".join(messages))

    run.__doc__ = test.__doc__
    run.__name__ = test.__name__
    return run


def wrap_translate_toolkit(name: str, filter_name: str, severity: Severity, why: str) -> None:
    """Register one of pofilter's filters under our name and signature."""

    def test(context: CheckContext, source: str, target: str) -> Iterator[str]:
        method = getattr(context.tt_checker, filter_name)
        try:
            ok = method(source, target)
        except FilterFailure as failure:
            yield str(failure)
        else:
            if not ok:
                yield why

    test.__name__ = f"check_{filter_name}"
    pair_check(name, severity, why, origin=f"translate-toolkit:{filter_name}")(test)
