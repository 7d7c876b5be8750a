"""Where catalogs live (`<locales>/<locale>/LC_MESSAGES/<domain>.po`), which locale one is for,
and new catalogs with their CLDR header."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from i18n_pipeline import __version__
from i18n_pipeline.catalogs.reading import read_catalog
from i18n_pipeline.catalogs.store import Store, header_plural_forms
from i18n_pipeline.errors import InputError, UsageError
from i18n_pipeline.locales import LocaleInfo, parse_locale


def catalog_path(locales_dir: str | Path, locale: str, domain: str) -> Path:
    """`<locales>/<locale>/LC_MESSAGES/<domain>.po`, the layout gettext, Babel and Django use."""
    return Path(locales_dir) / locale / "LC_MESSAGES" / f"{domain}.po"


def _folder_locale(path: Path) -> str:
    return path.parent.parent.name if path.parent.name == "LC_MESSAGES" else ""


def _header_locale(store: Store) -> str:
    return str(store.parseheader().get("Language") or "").strip()


def locale_code(path: str | Path, store: Store) -> str:
    """The one rule for which locale a catalog is (every command uses it): its
    `<locale>/LC_MESSAGES/` folder, where gettext looks it up and so what the site serves it
    as; else its Language header; else "" (unknown)."""
    return _folder_locale(Path(path)) or _header_locale(store)


def locale_disagreement(path: str | Path, store: Store) -> str | None:
    """A one-line warning when the Language header names another locale than the folder the
    catalog sits in (the folder wins, see `locale_code`); None when they agree or one is absent."""
    folder, header = _folder_locale(Path(path)), _header_locale(store)
    if not folder or not header:
        return None
    try:
        same = parse_locale(folder).code == parse_locale(header).code
    except UsageError:
        same = folder.lower() == header.lower()
    if same:
        return None
    return (
        f"the Language header says {header!r} but the catalog is in {folder}/LC_MESSAGES/: "
        f"it is read as {folder}, as gettext serves it (fix the header)"
    )


def catalog_locale(path: Path, store: Store, fallback: str | None = None) -> LocaleInfo:
    """The catalog's locale by `locale_code`'s rule (folder, else Language header), else
    `fallback`; with the plural rule its own header declares, as msgfmt uses it."""
    code = _folder_locale(path)
    source = "the locale folder"
    if not code:
        code, source = _header_locale(store), "the Language header"
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
    store = Store()
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


def find_catalogs(locales_dir: str | Path) -> list[Path]:
    """Every `<locale>/LC_MESSAGES/<domain>.po` under a locales directory, sorted."""
    root = Path(locales_dir)
    return sorted(root.glob("*/LC_MESSAGES/*.po"))


def catalog_paths(paths: Iterable[str | Path], *, also: Sequence[str] = ()) -> list[Path]:
    """The files a command given `paths` reads, in order, no repeats: a file as it is; for a
    directory, its `<locale>/LC_MESSAGES/` catalogs (else any PO file below it), and the files
    below it ending in one of `also` (`evaluate` reads ".tmx" too)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = find_catalogs(path) or sorted(path.rglob("*.po"))
            for suffix in also:
                found += sorted(path.rglob(f"*{suffix}"))
            if not found:
                kinds = " or ".join(["PO", *(suffix.lstrip(".").upper() for suffix in also)])
                raise UsageError(f"no {kinds} files under {path}")
            out.extend(found)
        elif path.exists():  # a special file is refused by whoever reads it, by name
            out.append(path)
        else:
            raise InputError(path, "no such file or directory")
    return list(dict.fromkeys(out))
