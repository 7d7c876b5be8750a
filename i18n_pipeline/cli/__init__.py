"""Command-line front end: each command parses options and calls one library function.

One module per command group, as the stages are cut: `translate` (segment, translate, render,
models), `catalogs` (extract, init, update, compile), `qa` (check, stats, review, report,
leftovers), `exchange` (export, import, build-site) and `evaluation` (evaluate, align).
`options` declares every option once, for all of them.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

import click

from i18n_pipeline import __version__


class _LazyGroup(click.Group):
    """Commands of the group modules, imported only when they run (or `--help` lists them).

    `translate` must not pay for importing the QA checks, the exporters or Flask's helpers.
    """

    LAZY: ClassVar[dict[str, str]] = {
        "segment": "i18n_pipeline.cli.translate:segment",
        "translate": "i18n_pipeline.cli.translate:translate",
        "render": "i18n_pipeline.cli.translate:render",
        "models": "i18n_pipeline.cli.translate:models",
        "extract": "i18n_pipeline.cli.catalogs:extract",
        "init": "i18n_pipeline.cli.catalogs:init",
        "update": "i18n_pipeline.cli.catalogs:update",
        "compile": "i18n_pipeline.cli.catalogs:compile_",
        "check": "i18n_pipeline.cli.qa:check",
        "stats": "i18n_pipeline.cli.qa:stats",
        "review": "i18n_pipeline.cli.qa:review",
        "report": "i18n_pipeline.cli.qa:report",
        "leftovers": "i18n_pipeline.cli.qa:leftovers",
        "export": "i18n_pipeline.cli.exchange:export",
        "import": "i18n_pipeline.cli.exchange:import_",
        "build-site": "i18n_pipeline.cli.exchange:build_site",
        "evaluate": "i18n_pipeline.cli.evaluation:evaluate",
        "align": "i18n_pipeline.cli.evaluation:align",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            module, attribute = self.LAZY[name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C in any command: one line and exit 130 (128 + SIGINT), as shells and CI expect,
        instead of click's "Aborted!" and exit 1. Writes are atomic, so nothing is half done."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ninterrupted; every file written so far is complete", err=True)
            ctx.exit(130)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="i18n-pipeline")
def main() -> None:
    """Segment news articles, machine-translate them, and keep the results in gettext catalogs."""
