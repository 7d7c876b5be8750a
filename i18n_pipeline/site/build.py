"""`build_site`: the steps a site's build needs, in order, each the library function behind a
command; nothing here translates on its own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from i18n_pipeline import catalogs
from i18n_pipeline.locales import (
    PSEUDO_LOCALES,
    LocaleInfo,
    domain_for_file,
    parse_locale,
    pseudo_locale,
)

if TYPE_CHECKING:  # imported where used: the example site loads this package for its articles
    from i18n_pipeline.pipeline import TranslateOptions


@dataclass
class SiteBuild:
    template_written: bool = False
    catalogs_created: list[Path] = field(default_factory=list)
    catalogs_updated: list[Path] = field(default_factory=list)
    ui_filled: int = 0  # UI entries a machine filled (fuzzy, not shown until reviewed)
    articles_translated: int = 0  # article entries a machine filled (fuzzy)
    reviewed_imported: int = 0  # article entries filled from reviewed translation memories
    compiled: list[Path] = field(default_factory=list)
    exported: list[Path] = field(default_factory=list)
    pseudo_locale: str | None = None  # --engine pseudo: the pseudo-locale the machine filled


def _entries(store: catalogs.Store) -> list[str]:
    """A template's entries as text, header left out: its creation date changes every run."""
    return [str(unit) for unit in store.units if not unit.isheader()]


def build_site(
    site_dir: str | Path,
    *,
    articles: Sequence[str | Path],
    locales: Sequence[str],
    locales_dir: str | Path = "locales",
    json_dir: str | Path | None = None,
    domain: str = "messages",
    source_language: str = "en",
    engine: str = "pseudo",
    model: str | None = None,
    reviewed: Sequence[str | Path] = (),
    notify: Callable[[str], None] | None = None,
) -> SiteBuild:
    """extract → init/update → translate (UI and articles, fuzzy) → import reviewed TMX →
    compile → export i18next JSON to `json_dir/<locale>/<domain>.json`.

    With a pseudo engine the machine writes only the pseudo-locale (en_XA, ar_XB: added to the
    locales, compiled as made, so the site shows it); the real locales get their article
    entries synced and filled from reviewed memory alone, never with pseudo text.

    The template and UI catalogs are rewritten only when the site's strings changed, so a
    rebuild of an unchanged site leaves the catalogs under version control as they are.
    """
    from i18n_pipeline.pipeline import TranslateOptions, translate_files

    site_dir, locales_dir = Path(site_dir), Path(locales_dir)
    json_dir = Path(json_dir) if json_dir is not None else site_dir / "static" / "i18n"
    infos = [parse_locale(code, "--to") for code in locales]
    parse_locale(source_language, "--from")
    build = SiteBuild()
    pseudo = [
        pseudo_locale(code, source_language)
        for code, name in PSEUDO_LOCALES.items()
        if name == engine
    ]
    build.pseudo_locale = pseudo[0].code if pseudo else None
    template = locales_dir / f"{domain}.pot"
    changed = _extract(site_dir, template, build)
    _init_or_update([*infos, *pseudo], template, changed, locales_dir, domain, build)
    options = TranslateOptions(
        source=source_language,
        targets=tuple(info.code for info in pseudo or infos),
        model=model,
        locales_dir=locales_dir,
        engine=engine,
    )
    _machine_translate([*pseudo] or infos, articles, options, domain, build, notify)
    if pseudo and articles:  # the real locales' article entries, from memory only
        sync = replace(options, targets=tuple(i.code for i in infos), engine="memory")
        translate_files(articles, replace(sync, fuzzy_threshold=100.0), notify=notify)
    _import_reviewed(infos, articles, reviewed, locales_dir, source_language, build)
    _compile_and_export([*infos, *pseudo], locales_dir, json_dir, domain, source_language, build)
    return build


def _extract(site_dir: Path, template: Path, build: SiteBuild) -> bool:
    """1. Extract, keeping the shipped template's project name and version; whether the site's
    strings changed (the template is written only then)."""
    from i18n_pipeline.catalogs.templates import build_template, read_template

    old = read_template(template) if template.exists() else None
    project, _, version = (
        (old.parseheader().get("Project-Id-Version") or "").rpartition(" ") if old else ("", "", "")
    )
    fresh, _files = build_template(
        site_dir, project=project or "PACKAGE", version=version or "VERSION"
    )
    changed = old is None or _entries(old) != _entries(fresh)
    if changed:
        catalogs.write_atomic(template, catalogs.serialize_catalog(fresh))
        build.template_written = True
    return changed


def _init_or_update(
    infos: Sequence[LocaleInfo],
    template: Path,
    changed: bool,
    locales_dir: Path,
    domain: str,
    build: SiteBuild,
) -> None:
    """2. Init each locale's UI catalog, or update it when the template changed."""
    from i18n_pipeline.catalogs.templates import init_catalog, read_template, update_catalog

    for info in infos:
        path = catalogs.catalog_path(locales_dir, info.code, domain)
        if not path.exists():
            build.catalogs_created.append(init_catalog(template, info, locales_dir, domain))
        elif changed:
            update_catalog(path, read_template(template))
            build.catalogs_updated.append(path)


def _machine_translate(
    infos: Sequence[LocaleInfo],
    articles: Sequence[str | Path],
    options: TranslateOptions,
    domain: str,
    build: SiteBuild,
    notify: Callable[[str], None] | None,
) -> None:
    """3-4. Machine translation fills only what is empty; all of it fuzzy, never shown as final."""
    from i18n_pipeline.pipeline import translate_catalogs, translate_files

    ui = [catalogs.catalog_path(options.locales_dir, info.code, domain) for info in infos]
    build.ui_filled = translate_catalogs(ui, options, notify=notify).translated
    if articles:
        build.articles_translated = translate_files(articles, options, notify=notify).translated


def _import_reviewed(
    infos: Sequence[LocaleInfo],
    articles: Sequence[str | Path],
    reviewed: Sequence[str | Path],
    locales_dir: Path,
    source_language: str,
    build: SiteBuild,
) -> None:
    """5. People's translations of the articles, from translation memories they vouch for."""
    from i18n_pipeline.exchange import import_file

    for memory in reviewed:
        for info in infos:
            for article in articles:
                path = catalogs.catalog_path(
                    locales_dir, info.code, domain_for_file(Path(article).stem)
                )
                result = import_file(memory, path, reviewed=True, source_language=source_language)
                build.reviewed_imported += result.updated


def _compile_and_export(
    infos: Sequence[LocaleInfo],
    locales_dir: Path,
    json_dir: Path,
    domain: str,
    source_language: str,
    build: SiteBuild,
) -> None:
    """6-7. MO files for Flask-Babel, i18next JSON for the browser."""
    from i18n_pipeline.exchange import export_catalog

    for info in infos:
        for path in sorted((locales_dir / info.code / "LC_MESSAGES").glob("*.po")):
            build.compiled.append(catalogs.compile_catalog(path).mo_path)
        out = json_dir / info.code / f"{domain}.json"
        export_catalog(
            catalogs.catalog_path(locales_dir, info.code, domain),
            "i18next",
            out,
            source_language=source_language,
        )
        build.exported.append(out)
