"""Locale codes and domain names: validated before they become paths, plural rules from Babel."""

from __future__ import annotations

import re
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

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural_expr};"


def is_locale_code(code: str) -> bool:
    """The shape of a locale code (az, pt_BR, sr@latin, azj_Latn); says nothing of CLDR data."""
    return bool(_LOCALE_RE.match(code or ""))


def parse_locale(code: str, option: str = "--to") -> LocaleInfo:
    """Turn a user's locale code into a `LocaleInfo`, or a one-line error naming the option."""
    if not _LOCALE_RE.match(code or ""):
        raise UsageError(
            f"invalid value for {option}: {code!r} is not a locale code "
            "(use a code such as az, tr, ru, pt_BR)"
        )
    modifier = ""
    base = code
    if "@" in code:
        base, modifier = code.split("@", 1)
    try:
        locale = Locale.parse(base.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"invalid value for {option}: unknown locale {code!r}") from None
    # Keep the user's spelling (az_AZ stays az_AZ; Babel would expand it to az_Latn_AZ).
    name = base.replace("-", "_") + (f"@{modifier}" if modifier else "")
    plural = get_plural(str(locale))
    return LocaleInfo(
        code=name,
        language=locale.language,
        english_name=locale.english_name or name,
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
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
