"""Commands on catalogs: extract a site's UI strings into a template, init a locale's catalog,
update catalogs from the template, compile them to MO files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from i18n_pipeline.cli.options import (
    DIRECTORY,
    FILE,
    Failure,
    call,
    domain_option,
    flag,
    json_option,
    locales_dir_option,
    output_option,
    renamed,
    to_option,
)
from i18n_pipeline.locales import counted

_domain = domain_option("Catalog name (the gettext domain).", default="messages")
_template = click.option(
    "--input",
    "-i",
    "template",
    required=True,
    type=FILE,
    help="The template (POT) written by `extract`.",
)


@click.command()
@click.argument("src_dir", type=DIRECTORY)
@click.option(
    "--mapping",
    "-F",
    type=FILE,
    help="Babel mapping file; default: SRC_DIR/babel.cfg, else Python, templates/ and JS files.",
)
@output_option(
    "--output",
    "-o",
    default=Path("locales/messages.pot"),
    show_default=True,
    help="Template file to write.",
)
@click.option(
    "--project",
    default=None,
    help="Project-Id-Version name (default: the existing template's, else PACKAGE).",
)
@click.option(
    "--version", "version_", default=None, help="Its version (default: as --project, VERSION)."
)
def extract(
    src_dir: Path, mapping: Path | None, output: Path, project: str | None, version_: str | None
) -> None:
    """Extract translatable strings from a site's code and templates into a POT file."""
    from i18n_pipeline.catalogs.templates import TemplateOptions, extract_template

    named: TemplateOptions = {}
    if project is not None or version_ is not None:
        named["project"] = project or "PACKAGE"
        named["version"] = version_ or "VERSION"
    result = call(extract_template, src_dir, output, mapping=mapping, **named)
    done = "wrote" if result.written else "unchanged"
    click.echo(
        f"{done} {result.path}: {counted(result.messages, 'message')} ({result.plurals} "
        f"plural, {result.contexts} with context) from {counted(result.files, 'file')}"
    )


@click.command()
@to_option("locale", "Locale of the new catalog (az, tr, ru, ...); required.")
@renamed(["--locale", "-l"], "--to", "locale", required=True)
@_template
@locales_dir_option
@_domain
def init(locale: str, template: Path, locales_dir: Path, domain: str) -> None:
    """Create a new catalog for the --to locale from a template, with CLDR plural rules."""
    from i18n_pipeline.catalogs.templates import init_catalog

    path = call(init_catalog, template, locale, locales_dir, domain)
    click.echo(f"wrote {path}")


@click.command()
@_template
@locales_dir_option
@_domain
@to_option("locales", "Only this locale (repeatable); default: all.", multiple=True)
@renamed(["--locale", "-l"], "--to", "locales", multiple=True)
def update(template: Path, locales_dir: Path, domain: str, locales: tuple[str, ...]) -> None:
    """Merge a new template into existing catalogs, keeping every translation."""
    from i18n_pipeline.catalogs.templates import update_catalogs

    for result in call(update_catalogs, template, locales_dir, domain, locales):
        s = result.stats
        click.echo(
            f"updated {result.path}: {s.kept} kept, {s.fuzzy} fuzzy, {s.added} new, "
            f"{s.obsoleted} obsolete, {s.resurrected} back from obsolete"
        )


@click.command("compile")
@locales_dir_option
@json_option("Print per-catalog counts as JSON.")
@flag(
    "--use-fuzzy",
    help="Compile fuzzy entries too (machine output not yet reviewed), as msgfmt --use-fuzzy.",
)
def compile_(locales_dir: Path, as_json: bool, use_fuzzy: bool) -> None:
    """Compile every PO catalog to MO (fuzzy and untranslated entries left out)."""
    from i18n_pipeline.catalogs import compile_catalog, find_catalogs

    if not locales_dir.is_dir():  # a mistyped option, not an empty project: exit 2
        from i18n_pipeline.errors import UsageError

        raise Failure(UsageError(f"--locales-dir {locales_dir}: no such directory"))
    paths = find_catalogs(locales_dir)
    if not paths:
        raise click.ClickException(f"no catalogs found under {locales_dir}/*/LC_MESSAGES/")
    results = [call(compile_catalog, path, use_fuzzy=use_fuzzy) for path in paths]
    if as_json:
        rows = [
            {**r.__dict__, "po_path": str(r.po_path), "mo_path": str(r.mo_path)} for r in results
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for r in results:
        note = " (header marked fuzzy: compiled anyway)" if r.header_fuzzy else ""
        kept = " (compiled)" if use_fuzzy and r.fuzzy else ""
        click.echo(
            f"{r.mo_path}: {r.translated} translated, {r.fuzzy} fuzzy{kept}, "
            f"{r.untranslated} untranslated messages{note}"
        )
