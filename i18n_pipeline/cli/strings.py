"""Commands for a site's UI strings: extract a template, init a locale's catalog, update catalogs.

Registered on the main group at the end of `cli.py`.
"""

from __future__ import annotations

from pathlib import Path

import click

from i18n_pipeline.cli.options import _call, locales_dir_option

_domain = click.option(
    "--domain", default="messages", show_default=True, help="Catalog name (the gettext domain)."
)
_template = click.option(
    "--input",
    "-i",
    "template",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The template (POT) written by `extract`.",
)


@click.command()
@click.argument("src_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--mapping",
    "-F",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Babel mapping file; default: SRC_DIR/babel.cfg, else Python, templates/ and JS files.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("locales/messages.pot"),
    show_default=True,
    help="Template file to write.",
)
@click.option("--project", default="PACKAGE", show_default=True, help="Project-Id-Version name.")
@click.option("--version", "version_", default="VERSION", show_default=True, help="Its version.")
def extract(src_dir: Path, mapping: Path | None, output: Path, project: str, version_: str) -> None:
    """Extract translatable strings from a site's code and templates into a POT file."""
    from i18n_pipeline.catalogs.templates import extract_template

    result = _call(
        extract_template, src_dir, output, mapping=mapping, project=project, version=version_
    )
    click.echo(
        f"wrote {result.path}: {result.messages} messages ({result.plurals} plural, "
        f"{result.contexts} with context) from {result.files} files"
    )


@click.command()
@click.option("--locale", "-l", required=True, help="Locale of the new catalog (az, tr, ru, ...).")
@_template
@locales_dir_option
@_domain
def init(locale: str, template: Path, locales_dir: Path, domain: str) -> None:
    """Create a new catalog for LOCALE from a template, with CLDR plural rules."""
    from i18n_pipeline.catalogs.templates import init_catalog

    path = _call(init_catalog, template, locale, locales_dir, domain)
    click.echo(f"wrote {path}")


@click.command()
@_template
@locales_dir_option
@_domain
@click.option(
    "--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable); default: all."
)
def update(template: Path, locales_dir: Path, domain: str, locales: tuple[str, ...]) -> None:
    """Merge a new template into existing catalogs, keeping every translation."""
    from i18n_pipeline.catalogs.templates import update_catalogs

    for result in _call(update_catalogs, template, locales_dir, domain, locales):
        s = result.stats
        click.echo(
            f"updated {result.path}: {s.kept} kept, {s.fuzzy} fuzzy, {s.added} new, "
            f"{s.obsoleted} obsolete, {s.resurrected} back from obsolete"
        )
