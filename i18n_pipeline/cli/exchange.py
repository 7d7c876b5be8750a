"""Commands that take catalogs to sites and CAT tools and back: export, import, build-site."""

from __future__ import annotations

from pathlib import Path

import click

from i18n_pipeline.cli.options import (
    ANY_PATH,
    DIRECTORY,
    EXISTING_FILE,
    FILE,
    call,
    engine_option,
    files,
    flag,
    from_option,
    locales_dir_option,
    model_option,
    output_option,
    renamed,
    to_option,
)
from i18n_pipeline.exchange import FORMATS
from i18n_pipeline.locales import counted


@click.command()
@click.argument("source", type=ANY_PATH)
@click.option(
    "--format", "-f", "fmt", required=True, type=click.Choice(FORMATS), help="Output format."
)
@output_option(
    "--output",
    "-o",
    required=True,
    type=ANY_PATH,
    help="File to write; for a locales directory, a folder: OUT/<locale>/<domain>.<ext>.",
)
@from_option("Language of the msgids (TMX/XLIFF source side).", "source_language")
@renamed(["--source-language"], "--from", "source_language")
@flag(
    "--keep-placeholders", help="i18next: keep %(name)s and {name} as they are instead of {{name}}."
)
def export(
    source: Path, fmt: str, output: Path, source_language: str, keep_placeholders: bool
) -> None:
    """Export a catalog (or every catalog of a locales directory) as i18next or Jed JSON, TMX
    1.4b or XLIFF 1.2."""
    from i18n_pipeline.exchange import export_catalogs

    results = call(
        export_catalogs,
        source,
        fmt,
        output,
        source_language=source_language,
        keep_placeholders=keep_placeholders,
    )
    for r in results:
        entries = counted(r.entries, "entry", "entries")
        click.echo(f"wrote {r.output}: {entries} ({r.locale}), {r.left_out} left out")


@click.command("import")
@click.argument("file", type=FILE)
@output_option("--into", required=True, help="The PO catalog to bring the translations into.")
@flag(
    "--reviewed", help="TMX: its units count as reviewed (you vouch for the memory); default fuzzy."
)
@from_option("Language of the msgids (TMX/XLIFF source side).", "source_language")
@renamed(["--source-language"], "--from", "source_language")
def import_(file: Path, into: Path, reviewed: bool, source_language: str) -> None:
    """Bring reviewed XLIFF targets, or TMX units, back into a catalog.

    The whole file is read first: a malformed one stops with its line and the catalog is not
    touched.
    """
    from i18n_pipeline.exchange import import_file

    r = call(import_file, file, into, reviewed=reviewed, source_language=source_language)
    verb = "updated" if r.written else "unchanged:"
    click.echo(
        f"{verb} {into}: {r.updated} entries from {file}, {r.unchanged} already so, "
        f"{r.not_reviewed} not reviewed, {len(r.not_found)} not in the catalog"
    )
    for source in r.not_found[:10]:
        click.echo(f"  not in the catalog: {source}", err=True)


@click.command("build-site")
@click.argument("site_dir", type=DIRECTORY, default=Path("examples/site"))
@files(
    "--articles",
    "articles",
    help="Article files to translate (repeatable); default: examples/articles/*.",
)
@to_option(
    "locales",
    "Locales to build (repeatable).",
    multiple=True,
    default=("az", "tr", "ru"),
    show_default=True,
)
@locales_dir_option
@output_option(
    "--json-dir",
    type=DIRECTORY,
    help="Where the i18next JSON goes; default: SITE_DIR/static/i18n.",
)
@engine_option(
    "pseudo",
    "What fills new entries: a model's output is fuzzy; pseudo / pseudo-rtl (no model, no "
    "network) fill only their pseudo-locale en_XA / ar_XB, compiled as made.",
)
@model_option("With --engine auto: alias, hub id or local path.")
@files(
    "--reviewed-tmx",
    "reviewed",
    help="TMX of human translations to bring in as reviewed; default: SITE_DIR/translations/*.tmx.",
)
@renamed(["--reviewed"], "--reviewed-tmx", "reviewed", multiple=True, type=EXISTING_FILE)
def build_site(
    site_dir: Path,
    articles: tuple[Path, ...],
    locales: tuple[str, ...],
    locales_dir: Path,
    json_dir: Path | None,
    engine: str,
    model: str | None,
    reviewed: tuple[Path, ...],
) -> None:
    """Build a site's catalogs end to end: extract, update, translate, import, compile, export."""
    from i18n_pipeline.site import build_site as run

    if not articles:
        articles = tuple(sorted(p for p in Path("examples/articles").glob("*") if p.is_file()))
    if not reviewed:
        reviewed = tuple(sorted((site_dir / "translations").glob("*.tmx")))
    build = call(
        run,
        site_dir,
        articles=articles,
        locales=locales,
        locales_dir=locales_dir,
        json_dir=json_dir,
        engine=engine,
        model=model,
        reviewed=reviewed,
        notify=lambda message: click.echo(message, err=True),
    )
    template = "written" if build.template_written else "unchanged"
    filled = f"pseudo-locale {build.pseudo_locale}" if build.pseudo_locale else "fuzzy"
    click.echo(
        f"template {template}; {counted(len(build.catalogs_created), 'catalog')} created, "
        f"{len(build.catalogs_updated)} updated; {build.ui_filled} UI and "
        f"{counted(build.articles_translated, 'article entry', 'article entries')} "
        f"machine-filled ({filled}); {build.reviewed_imported} reviewed from memory; "
        f"{counted(len(build.compiled), 'MO file')}; "
        f"{counted(len(build.exported), 'i18next file')}"
    )
