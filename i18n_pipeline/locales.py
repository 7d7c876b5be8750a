"""Locale codes and domain names: validated before they become paths, plural rules from Babel."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from i18n_pipeline.errors import UsageError

# Letters, digits, '_' and '-' only: a locale or domain ends up as a path component.
_LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}(?:@[A-Za-z0-9]{1,16})?$")
_DOMAIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True)
class LocaleInfo:
    """A validated locale: its directory name, language, and gettext plural rule."""

    code: str  # directory name under the locales dir, e.g. "az", "pt_BR"
    language: str  # "az"
    english_name: str
    nplurals: int
    plural_expr: str
    pseudo: bool = False  # a pseudo-locale (en_XA, ar_XB): machine text by design, never reviewed

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural_expr};"


def is_locale_code(code: str) -> bool:
    """The shape of a locale code (az, pt_BR, sr@latin, azj_Latn); says nothing of CLDR data."""
    return bool(_LOCALE_RE.match(code or ""))


def normalize_locale_code(code: str) -> str:
    """gettext's spelling of a locale code: `AZ`, `Az` → `az`; `az-az` → `az_AZ`;
    `ZH-hant-tw` → `zh_Hant_TW`; `sr@Latin` → `sr@latin`.

    Python's gettext looks for `<locale>/LC_MESSAGES` under exactly these names, so one locale
    written two ways must not become two catalog trees. Case follows BCP 47's conventions
    (language lower, script title, region and variants upper), the modifier is lower case.
    """
    base, at, modifier = code.partition("@")
    parts = base.replace("-", "_").split("_")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 and part.isalpha() else part.upper())
    return "_".join(out) + (f"@{modifier.lower()}" if at else "")


# Pseudo-locales, as Android and Chromium name them: accented text (en-XA) and right-to-left
# text (ar-XB), each made by the pseudo engine of that name. XA and XB are private-use regions
# in ISO 3166 and BCP 47, so no real locale is ever one; CLDR has no data for them.
PSEUDO_LOCALES = {"en_XA": "pseudo", "ar_XB": "pseudo-rtl"}


def pseudo_locale_code(code: str) -> str | None:
    """The pseudo-locale `code` names (en_XA for en-XA, en_xa ...), else None."""
    wanted = (code or "").replace("-", "_").lower()
    return next((name for name in PSEUDO_LOCALES if name.lower() == wanted), None)


def pseudo_locale(code: str, source: str = "en") -> LocaleInfo:
    """A pseudo-locale's info: its text is the source language's, and so is its plural rule."""
    name = pseudo_locale_code(code) or code
    plural = get_plural(source.replace("-", "_").split("@", 1)[0].split("_", 1)[0] or "en")
    return LocaleInfo(
        code=name,
        language=name.split("_", 1)[0],
        english_name=f"Pseudo-locale {name}",
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
        pseudo=True,
    )


def parse_locale(code: str, option: str = "--to") -> LocaleInfo:
    """Turn a user's locale code into a `LocaleInfo`, or a one-line error naming the option."""
    if pseudo_locale_code(code):  # English plural rules unless the run says its source
        return pseudo_locale(code)
    if "," in (code or "") and all(_LOCALE_RE.match(c.strip()) for c in code.split(",")):
        several = " ".join(f"{option} {c.strip()}" for c in code.split(","))
        raise UsageError(
            f"invalid value for {option}: {code!r} names several locales; "
            f"repeat the option instead ({several})"
        )
    if not _LOCALE_RE.match(code or ""):
        raise UsageError(
            f"invalid value for {option}: {code!r} is not a locale code "
            "(use a code such as az, tr, ru, pt_BR)"
        )
    name = normalize_locale_code(code)
    base = name.partition("@")[0]
    try:
        locale = Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"invalid value for {option}: unknown locale {code!r}") from None
    # Keep the user's components (az_AZ stays az_AZ; Babel would expand it to az_Latn_AZ).
    plural = get_plural(str(locale))
    return LocaleInfo(
        code=name,
        language=locale.language,
        english_name=locale.english_name or name,
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
    )


def check_targets(source: str, targets: Sequence[LocaleInfo]) -> None:
    """Refuse translating a language into itself (`--from en --to en`): no model does that, and
    the catalog would only hold the source again."""
    origin = parse_locale(source, "--from")
    for target in targets:
        if target.code in (origin.code, origin.language):
            raise UsageError(
                f"invalid value for --to: {target.code!r} is the source language (--from "
                f"{source}); name the languages to translate into"
            )


def validate_domain(domain: str, option: str = "--domain") -> str:
    """A gettext domain becomes a file name: refuse separators, '..' and odd characters."""
    if not _DOMAIN_RE.match(domain or "") or ".." in domain:
        raise UsageError(
            f"invalid value for {option}: {domain!r} is not a usable domain name "
            "(letters, digits, '.', '_' and '-' only)"
        )
    return domain


def domain_for_file(stem: str) -> str:
    """Default domain for an article: its file stem, made safe for a file name."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "messages"
    return validate_domain(cleaned[:128])


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count in the tool's own English messages: "1 error", "2 errors", "0 entries"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
