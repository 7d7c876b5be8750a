"""QA checks for PO catalogs: what pofilter and Weblate find, as small registered functions.

Every check has the shape of Babel's `checkers.py`: a function `(context, entry) -> None` that
raises `CheckFailure` with a one-line message, registered in `CHECKS` with a name, a severity and
an explanation. Where Translate Toolkit's `translate.filters.checks` (what `pofilter` runs) gets
a case right for news text, the check wraps it; where it is wrong or has nothing (printf in
prose with "50%", markup nesting, numbers with locale separators, "..." vs "…", e-mails before a
full stop, glossary, length, language, plural counts), the check is our own.

Checks run on translated and fuzzy entries; an untranslated entry gets only the `untranslated`
warning (it has nothing else to check). Checks read catalogs and never write them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from translate.filters import checks as tt_checks
from translate.filters.checks import FilterFailure

from i18n_pipeline.catalogs import Store, Unit, find_catalogs, header_nplurals, read_catalog
from i18n_pipeline.errors import InputError, UsageError
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.text.langid import identify_language
from i18n_pipeline.text.protect import placeholders

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


@dataclass
class CheckContext:
    """Catalog-wide facts the checks need: languages, plural counts, glossary."""

    target_language: str | None = None  # "az"; None when neither path nor header says
    source_language: str = "en"
    header_nplurals: int | None = None
    glossary: Sequence[GlossaryTerm] = ()
    _tt_checker: tt_checks.StandardChecker | None = field(default=None, repr=False)

    @property
    def tt_checker(self) -> tt_checks.StandardChecker:
        """Translate Toolkit's pofilter checker, configured for the target language."""
        if self._tt_checker is None:
            config = tt_checks.CheckerConfig(targetlanguage=self.target_language or None)
            self._tt_checker = tt_checks.StandardChecker(checkerconfig=config)
        return self._tt_checker


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


def register(
    name: str, severity: Severity, explanation: str, origin: str = "own"
) -> Callable[[CheckFunction], CheckFunction]:
    """Add a check to `CHECKS`; the decorated function keeps working on its own in tests."""

    def decorate(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = Check(name, severity, explanation, function, origin)
        return function

    return decorate


def _each_pair(
    test: Callable[[CheckContext, str, str], Iterable[str]],
) -> CheckFunction:
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


def _wrap_translate_toolkit(name: str, filter_name: str, severity: Severity, why: str) -> None:
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
    register(name, severity, why, origin=f"translate-toolkit:{filter_name}")(_each_pair(test))


# --------------------------------------------------------------------------- placeholders

_PRINTF_NAMED = re.compile(r"^%\(")
_PRINTF_POSITIONAL = re.compile(r"^%\d+\$")


def _printf(text: str) -> list[str]:
    return [p for p in placeholders(text) if p.startswith("%") and p != "%%"]


@register(
    "printf",
    "error",
    "printf and python-format placeholders (%s, %d, %(name)s, %1$s) must match the source",
)
@_each_pair
def check_printf(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Named and numbered placeholders may move; plain %s/%d must keep their order.

    Our own rather than pofilter's `printf`: that one reads "50% of" as the `% o` conversion.
    """
    wanted, got = _printf(source), _printf(target)
    if wanted == got:
        return
    free = [p for p in wanted if _PRINTF_NAMED.match(p) or _PRINTF_POSITIONAL.match(p)]
    free_got = [p for p in got if _PRINTF_NAMED.match(p) or _PRINTF_POSITIONAL.match(p)]
    missing = Counter(free) - Counter(free_got)
    extra = Counter(free_got) - Counter(free)
    for placeholder in missing:
        yield f"missing {placeholder}"
    for placeholder in extra:
        yield f"unknown {placeholder} (not in the source)"
    plain = [p for p in wanted if p not in free]
    plain_got = [p for p in got if p not in free_got]
    if plain != plain_got:
        if sorted(plain) == sorted(plain_got):
            yield (
                f"placeholders reordered: {' '.join(plain)} → {' '.join(plain_got)} "
                "(number them, %1$s, to reorder)"
            )
        else:
            before, after = " ".join(plain) or "none", " ".join(plain_got) or "none"
            yield f"placeholders differ: {before} → {after}"


_wrap_translate_toolkit(
    "python-brace-format",
    "pythonbraceformat",
    "error",
    "str.format placeholders ({name}, {0}) must match the source",
)


# --------------------------------------------------------------------------- markup

_TAG_RE = re.compile(r"^<(/?)([A-Za-z][\w:.-]*)(.*?)(/?)>$", re.DOTALL)
_ATTR_RE = re.compile(r"([\w:.@-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)
# Attribute values a translator is expected to translate.
_TRANSLATABLE_ATTRS = frozenset({"title", "alt", "aria-label", "placeholder", "summary"})


@dataclass(frozen=True)
class _Tag:
    kind: Literal["open", "close", "empty"]
    name: str
    attrs: tuple[tuple[str, str], ...]
    text: str

    @property
    def key(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        return (self.kind, self.name, self.attrs)


def _tags(text: str) -> list[_Tag]:
    tags = []
    for item in placeholders(text):
        match = _TAG_RE.match(item)
        if not match:
            continue
        closing, name, rest, selfclosing = match.groups()
        name = name.lower()
        attrs = tuple(
            sorted(
                (key.lower(), value.strip("\"'"))
                for key, value in _ATTR_RE.findall(rest)
                if key.lower() not in _TRANSLATABLE_ATTRS
            )
        )
        if closing:
            kind: Literal["open", "close", "empty"] = "close"
        elif selfclosing or name in _VOID:
            kind = "empty"
        else:
            kind = "open"
        tags.append(_Tag(kind, name, attrs, item))
    return tags


def _nesting_error(tags: Sequence[_Tag]) -> str | None:
    stack: list[_Tag] = []
    for tag in tags:
        if tag.kind == "open":
            stack.append(tag)
        elif tag.kind == "close":
            if not stack:
                return f"{tag.text} closes nothing"
            if stack[-1].name != tag.name:
                return f"{tag.text} closes {stack[-1].text}: tags are not nested as in the source"
            stack.pop()
    if stack:
        return f"{stack[-1].text} is never closed"
    return None


@register(
    "markup",
    "error",
    "HTML/XML tags must all be kept, with their attributes, and nested properly",
)
@_each_pair
def check_markup(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `xmltags` also rejects tags that legitimately change order."""
    wanted, got = _tags(source), _tags(target)
    if not wanted and not got:
        return
    by_key = {tag.key: tag.text for tag in [*wanted, *got]}
    missing = Counter(t.key for t in wanted) - Counter(t.key for t in got)
    extra = Counter(t.key for t in got) - Counter(t.key for t in wanted)
    opened = {t.name for t in got if t.kind == "open"}
    for key in missing:
        kind, name, _ = key
        if kind == "close" and name in opened:
            yield f"unclosed <{name}>: missing {by_key[key]}"
        else:
            yield f"missing {by_key[key]}"
    for key in extra:
        yield f"unexpected {by_key[key]} (not in the source)"
    if not missing and not extra and _nesting_error(wanted) is None:
        problem = _nesting_error(got)
        if problem:
            yield problem


# --------------------------------------------------------------------------- URLs, e-mails

_EMAIL_RE = re.compile(r"^[^\s@<>{}%]+@[^\s@<>]+$")


def _urls(text: str) -> list[str]:
    return [p for p in placeholders(text) if re.match(r"(?:https?://|ftp://|www\.)", p)]


def _emails(text: str) -> list[str]:
    return [p for p in placeholders(text) if _EMAIL_RE.match(p)]


def _compare_items(kind: str, wanted: list[str], got: list[str]) -> Iterator[str]:
    for item in Counter(wanted) - Counter(got):
        yield f"missing {kind} {item}"
    for item in Counter(got) - Counter(wanted):
        yield f"{kind} {item} is not in the source"


@register("urls", "error", "every URL of the source must be in the translation unchanged")
@_each_pair
def check_urls(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """URLs inside tags are compared by `markup` (as attributes)."""
    yield from _compare_items("URL", _urls(source), _urls(target))


@register("emails", "error", "every e-mail address of the source must be in the translation")
@_each_pair
def check_emails(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `emails` fails when the address is followed by a full stop."""
    yield from _compare_items("e-mail address", _emails(source), _emails(target))


# --------------------------------------------------------------------------- numbers

# A number with optional digit grouping (3-digit groups) and an optional decimal part. Group
# separators: , . NBSP, narrow NBSP, thin space, apostrophe (Swiss). Plain spaces are not
# grouping: "in 2024 300 people" is two numbers.
_NUMBER_RE = re.compile(r"\d+(?:[,.\u00a0\u202f\u2009'’]\d{3}(?!\d))*(?:[.,]\d+)?")
_SEPARATORS = ",.\u00a0\u202f\u2009'’"


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _readings(token: str) -> frozenset[Decimal]:
    """Every value the token can mean under some locale's decimal and grouping separators."""
    token = _ascii_digits(token)
    seps = [c for c in token if c in _SEPARATORS]
    values = set()
    for decimal_sep in {None, *(s for s in seps if s in ".,")}:
        if decimal_sep is not None and token.count(decimal_sep) > 1:
            continue
        if decimal_sep is not None and seps[-1] != decimal_sep:
            continue
        integer, _, fraction = token.rpartition(decimal_sep) if decimal_sep else (token, "", "")
        groups = re.split(f"[{re.escape(_SEPARATORS)}]", integer)
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        try:
            values.add(Decimal("".join(groups) + ("." + fraction if fraction else "")))
        except InvalidOperation:
            continue
    return frozenset(value.normalize() for value in values)


def _numbers(text: str) -> list[tuple[str, frozenset[Decimal]]]:
    for item in placeholders(text):  # numbers inside tags, URLs, placeholders are not prose
        text = text.replace(item, " ")
    return [(m.group(), _readings(m.group())) for m in _NUMBER_RE.finditer(text)]


@register(
    "numbers",
    "error",
    "every number of the source must be in the translation (locale separators allowed)",
)
@_each_pair
def check_numbers(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `numbers` rejects "3,5" for "3.5", which is right in az, de, ru.

    A number the translation adds is not reported: translators may write "three" as "3".
    """
    available = _numbers(target)
    missing = []
    for text, readings in _numbers(source):
        match = next((i for i, (_, r) in enumerate(available) if r & readings), None)
        if match is None:
            missing.append(text)
        else:
            available.pop(match)
    if missing and available:
        yield (
            f"number {', '.join(missing)} changed: the translation has "
            f"{', '.join(t for t, _ in available)} instead"
        )
    elif missing:
        yield f"number {', '.join(missing)} missing from the translation"


# --------------------------------------------------------------------------- whitespace

_wrap_translate_toolkit(
    "leading-whitespace",
    "startwhitespace",
    "warning",
    "whitespace at the start must be the same as in the source",
)
_wrap_translate_toolkit(
    "trailing-whitespace",
    "endwhitespace",
    "warning",
    "whitespace at the end must be the same as in the source",
)
_wrap_translate_toolkit(
    "newlines",
    "newlines",
    "error",
    "line breaks must match the source (msgfmt -c rejects a leading/trailing mismatch)",
)
_wrap_translate_toolkit(
    "double-space", "doublespacing", "warning", "double spaces where the source has none"
)
_wrap_translate_toolkit(
    "escapes", "escapes", "error", "escape sequences (\\n, \\t, \\\\) must match the source"
)


# --------------------------------------------------------------------------- punctuation

# End-of-string punctuation classes and what counts as each, across scripts.
_END_CLASSES: tuple[tuple[str, str], ...] = (
    ("ellipsis", "…"),  # checked before the full stop: "..." is normalised to "…" first
    ("question mark", "?？؟;;՞"),
    ("exclamation mark", "!！՜"),
    ("colon", ":："),
    ("full stop", ".。।۔։።"),
)
_TRAILING_CLOSERS = "\"'”’»)]」』›"


def _end_class(text: str) -> str | None:
    text = text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    text = re.sub(r"\.\.\.$", "…", text)
    if not text:
        return None
    for name, chars in _END_CLASSES:
        if text[-1] in chars:
            return name
    return None


@register(
    "end-punctuation",
    "warning",
    "the translation should end like the source: full stop, question mark, colon, ellipsis, …",
)
@_each_pair
def check_end_punctuation(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `endpunc` treats "..." and "…" as different."""
    wanted, got = _end_class(source), _end_class(target)
    if wanted != got:
        yield f"source ends with {wanted or 'no punctuation'}, translation with {got or 'none'}"


# --------------------------------------------------------------------------- sameness

_NAME_WORD = re.compile(r"^(?:[\d\W_]+|[A-Z\u00c0-\u024f][\w'’.-]*|[A-Z0-9&.-]+)$")


def _is_name_or_number(text: str) -> bool:
    """ "Ilham Aliyev", "BBC", "2024", "COP29": left as they are on purpose."""
    words = [w for w in re.split(r"[\s,;:/()-]+", text) if w]
    return len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)


@register(
    "unchanged",
    "warning",
    "translation is identical to the source (names, acronyms and numbers excepted)",
    origin="translate-toolkit:unchanged",
)
@_each_pair
def check_unchanged(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """pofilter's `unchanged`, plus our exemption for short names and numbers."""
    if _is_name_or_number(source.strip()):
        return
    try:
        context.tt_checker.unchanged(source, target)
    except FilterFailure:
        yield "translation is the same as the source"


_wrap_translate_toolkit(
    "repeated-words", "doublewords", "warning", 'a word is repeated ("the the")'
)


def _sentence_text(text: str) -> str:
    """Placeholders become a capitalised word, so "var? press@kitab.az yazın" is two sentences."""
    for item in sorted(set(placeholders(text)), key=len, reverse=True):
        text = text.replace(item, "" if item.startswith("<") else "Xx")
    return text


@register(
    "sentence-count",
    "warning",
    "the translation has a different number of sentences (a dropped sentence?)",
    origin="translate-toolkit:sentencecount",
)
@_each_pair
def check_sentence_count(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """pofilter's `sentencecount` splitter, after hiding URLs, e-mails and tags from it.

    A sentence that starts with an e-mail address or a lower-case URL is a sentence all the
    same; pofilter's splitter only starts one at a capital letter.
    """
    config = context.tt_checker.config
    wanted = len(config.sourcelang.sentences(_sentence_text(source)))
    got = len(config.lang.sentences(_sentence_text(target)))
    if wanted != got:
        plural = "s" if wanted != 1 else ""
        yield f"{wanted} sentence{plural} in the source, {got} in the translation"


# Typical length of a translation relative to its English source, in characters. A ratio far
# outside [LOW, HIGH] x norm on a text long enough to judge means something was dropped or added.
LENGTH_NORMS: dict[str, float] = {
    "az": 1.1,
    "tr": 1.1,
    "de": 1.25,
    "fr": 1.2,
    "es": 1.2,
    "it": 1.15,
    "pt": 1.15,
    "ru": 1.15,
    "uk": 1.15,
    "ar": 0.95,
    "fa": 1.0,
    "ur": 1.05,
    "ka": 1.2,
    "ja": 0.5,
    "zh": 0.35,
    "ko": 0.6,
}
LENGTH_LOW, LENGTH_HIGH = 0.5, 2.0
LENGTH_MIN_SOURCE = 40  # characters: shorter texts vary too much to judge


@register(
    "length-ratio",
    "warning",
    "translation much shorter or longer than the language pair's norm (dropped or added text)",
)
@_each_pair
def check_length_ratio(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: catches a sentence the model dropped from a long paragraph."""
    if len(source) < LENGTH_MIN_SOURCE or context.source_language != "en":
        return
    norm = LENGTH_NORMS.get(context.target_language or "", 1.0)
    ratio = len(target) / len(source)
    if not LENGTH_LOW * norm <= ratio <= LENGTH_HIGH * norm:
        yield f"translation is {ratio:.0%} of the source's length (usual for this pair: {norm:.0%})"


# --------------------------------------------------------------------------- entry-level


@register(
    "untranslated",
    "warning",
    "the entry has no translation yet (reported so that nothing is forgotten)",
)
def check_untranslated(context: CheckContext, entry: Entry) -> None:
    """Our own; also covers pofilter's `blank` (an empty translation of a non-empty source)."""
    if not entry.translated:
        raise CheckFailure("not translated")


@register(
    "plural-forms",
    "error",
    "plural entries need every form the header's nplurals asks for, and the header must fit "
    "the language",
)
def check_plural_forms(context: CheckContext, entry: Entry) -> None:
    """Our own: msgfmt only counts forms; an empty msgstr[1] ships the English plural."""
    if not entry.unit.hasplural() or not entry.translated:
        return
    if context.header_nplurals is None:
        raise CheckFailure("plural entry, but the header has no Plural-Forms")
    forms = [target for _, target in entry.pairs]
    empty = [str(i) for i, form in enumerate(forms) if not form]
    if empty:
        raise CheckFailure(f"plural form msgstr[{'], msgstr['.join(empty)}] is empty")
    if len(forms) != context.header_nplurals:
        raise CheckFailure(
            f"{len(forms)} plural forms, but the header says nplurals={context.header_nplurals}"
        )


TURKIC = frozenset({"az", "tr", "crh", "gag", "kk", "tt"})


def _fold(text: str, turkic: bool) -> str:
    """Lower case; in Turkic languages "I" is "ı" and "İ" is "i" (str.lower gets both wrong)."""
    if turkic:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def _term_in(term: str, text: str, turkic: bool = False, suffixes: bool = False) -> bool:
    """Whole-word and case-insensitive; with `suffixes` a word may go on ("Bakı" in "Bakıda")."""
    term, text = _fold(term, turkic), _fold(text, turkic)
    left = r"(?<!\w)" if term[:1].isalnum() else ""
    right = "" if suffixes or not term[-1:].isalnum() else r"(?!\w)"
    return re.search(left + re.escape(term) + right, text) is not None


@register(
    "glossary",
    "warning",
    "a glossary term of the source must be translated as the glossary says, "
    "and do-not-translate terms kept verbatim",
)
@_each_pair
def check_glossary(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own: pofilter's `musttranslatewords`/`notranslatewords` take no term pairs."""
    for term in context.glossary:
        if term.do_not_translate:
            if _term_in(term.source, source) and term.source not in target:
                yield f"do-not-translate term {term.source!r} not kept verbatim"
        elif _term_in(term.source, source) and not _term_in(
            term.target, target, turkic=context.target_language in TURKIC, suffixes=True
        ):
            yield f"glossary: {term.source!r} should be translated as {term.target!r}"


# --------------------------------------------------------------------------- language ID

LANGUAGE_ID_MIN_WORDS = 4
LANGUAGE_ID_CONFIDENCE = 0.99


@register(
    "language",
    "warning",
    "the translation reads as the source language, not the target language (language ID)",
)
@_each_pair
def check_language(context: CheckContext, source: str, target: str) -> Iterator[str]:
    """Our own (py3langid): finds text the model or a translator left in English.

    The choice is between the source and the target language only: a free choice among 97
    languages mistakes short Azerbaijani for Turkish; short texts are not judged at all.
    """
    language = context.target_language
    if not language or language == context.source_language:
        return
    text = target
    for item in placeholders(target):
        text = text.replace(item, " ")
    if len(re.findall(r"[^\W\d_]{2,}", text)) < LANGUAGE_ID_MIN_WORDS:
        return
    result = identify_language(text, [context.source_language, language])
    if result is None:
        return
    found, probability = result
    if found != language and probability >= LANGUAGE_ID_CONFIDENCE:
        yield f"translation looks like {found}, not {language} ({probability:.0%} sure)"


# --------------------------------------------------------------------------- running


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
    flags = frozenset(
        flag.strip()
        for line in unit.typecomments
        for flag in line.lstrip("#,").split(",")
        if flag.strip()
    )
    return Entry(unit, pairs, flags)


def context_for(
    store: Store,
    path: str | Path,
    glossary: Sequence[GlossaryTerm] = (),
    source_language: str = "en",
) -> CheckContext:
    """Target language from the path layout or the header; nplurals from the header."""
    from i18n_pipeline.qa.stats import catalog_locale

    locale = catalog_locale(store, Path(path))
    language = None
    if locale:
        try:
            language = parse_locale(locale).language
        except UsageError:
            language = None
    return CheckContext(
        target_language=language,
        source_language=source_language,
        header_nplurals=header_nplurals(store),
        glossary=glossary,
    )


def msgid_line(unit: Unit, lines: Sequence[bytes] = ()) -> int:
    """The line of the entry's `msgid`, where editors and msgfmt point; its first line if unknown.

    Translate Toolkit numbers an entry by its first comment line, and `#.`/`#|` lines above the
    msgid vary in number, so the file's own lines are searched from there.
    """
    start = unit.line_number
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
    """Run `selected` on one entry; an untranslated entry only gets `untranslated`."""
    findings = []
    for check in selected:
        if not entry.translated and check.name != "untranslated":
            continue
        try:
            check.function(context, entry)
        except CheckFailure as failure:
            findings.append(
                Finding(
                    file=file,
                    line=line if line is not None else entry.unit.line_number,
                    msgid=entry.msgid,
                    check=check.name,
                    severity=check.severity,
                    message=str(failure),
                )
            )
    return findings


def header_findings(store: Store, path: str, context: CheckContext) -> list[Finding]:
    """Catalog-level problem: a Plural-Forms header that does not fit the language (CLDR)."""
    if context.header_nplurals is None or not context.target_language:
        return []
    try:
        expected = parse_locale(context.target_language).nplurals
    except UsageError:
        return []
    if expected == context.header_nplurals:
        return []
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
                f"{context.target_language} has {expected} plural forms (CLDR)"
            ),
        )
    ]


def _file_lines(path: str | Path) -> list[bytes]:
    try:
        return Path(path).read_bytes().splitlines()
    except OSError:
        return []


def live_units(store: Store) -> list[Unit]:
    """Entries a site can show: not the header, not obsolete."""
    return [u for u in store.units if not u.isheader() and not u.isobsolete()]


def check_store(
    store: Store,
    path: str | Path,
    selected: Sequence[Check] | None = None,
    glossary: Sequence[GlossaryTerm] = (),
    source_language: str = "en",
) -> list[Finding]:
    """All findings of one parsed catalog, in file order."""
    selected = list(CHECKS.values()) if selected is None else selected
    context = context_for(store, path, glossary, source_language)
    findings = []
    if any(check.name == "plural-forms" for check in selected):
        findings.extend(header_findings(store, str(path), context))
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
) -> list[Finding]:
    """Read one PO file strictly (InputError when malformed) and run the checks on it."""
    selected = select_checks(only, skip)
    return check_store(read_catalog(path), path, selected, glossary, source_language)


def catalog_paths(paths: Iterable[str | Path]) -> list[Path]:
    """PO files as given, and every catalog of each locales directory, in order, no repeats."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = find_catalogs(path) or sorted(path.rglob("*.po"))
            if not found:
                raise UsageError(f"no PO files under {path}")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise InputError(path, "no such file or directory")
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- glossary files


def load_glossary(path: str | Path) -> list[GlossaryTerm]:
    """Read a CSV (source,target columns; a header row is optional) or TBX glossary.

    A term whose target is empty or equal to its source is a do-not-translate term.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such glossary file")
    if path.suffix.lower() in {".tbx", ".xml"}:
        return _load_tbx(path)
    return _load_csv(path)


def _load_csv(path: Path) -> list[GlossaryTerm]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read glossary: {error}") from None
    rows = list(csv.reader(text.splitlines()))
    terms = []
    source_col, target_col, start = 0, 1, 0
    if rows:
        lowered = [cell.strip().lower() for cell in rows[0]]
        if "source" in lowered:
            source_col = lowered.index("source")
            target_col = lowered.index("target") if "target" in lowered else source_col + 1
            start = 1
    for number, row in enumerate(rows[start:], start=start + 1):
        if not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) <= source_col or not row[source_col].strip():
            raise InputError(path, "glossary row has no source term", number)
        source = row[source_col].strip()
        target = row[target_col].strip() if len(row) > target_col else ""
        terms.append(GlossaryTerm(source, target or source))
    return terms


def _load_tbx(path: Path) -> list[GlossaryTerm]:
    """Through Translate Toolkit's TBX storage (first langSet = source, second = target)."""
    from translate.storage import tbx

    try:
        store = tbx.tbxfile(path.read_bytes())
    except Exception as error:  # lxml and TT raise many kinds for a broken file
        raise InputError(path, f"cannot read TBX glossary: {error}") from None
    terms = []
    for unit in store.units:
        source = str(unit.source or "").strip()
        target = str(unit.target or "").strip()
        if source:
            terms.append(GlossaryTerm(source, target or source))
    return terms
