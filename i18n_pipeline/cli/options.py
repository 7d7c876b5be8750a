"""What every command module shares: the error bridge, and each option declared once.

A module of its own so that the command modules (`translate`, `catalogs`, `qa`, `exchange`)
import it, not each other. An option that several commands take (`--locales-dir`, `--json`,
`--domain`, `--to`, `--engine`, `--model`, `--source-language`, `--glossary` ...) is declared
here once; a command names it, with its own help text where its meaning differs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from i18n_pipeline.errors import PipelineError

T = TypeVar("T")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class _Failure(click.ClickException):
    """A PipelineError shown as one line (`Error: path:line: message`), with its exit code."""

    def __init__(self, error: PipelineError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code  # type: ignore[misc]  # click declares it a ClassVar


def _call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a library function; a PipelineError becomes one line and its exit code."""
    try:
        return function(*args, **kwargs)
    except PipelineError as error:
        raise _Failure(error) from None


def from_params(cls: type[T], **overrides: Any) -> T:
    """A library dataclass (`TranslateOptions` ...) from the running command's options: each
    field from the option of the same name, unless `overrides` says otherwise."""
    params = click.get_current_context().params
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{**{k: v for k, v in params.items() if k in names}, **overrides})


# Path types: the metavar in --help says which (FILE, DIRECTORY or PATH).
FILE = click.Path(dir_okay=False, path_type=Path)
EXISTING_FILE = click.Path(dir_okay=False, exists=True, path_type=Path)
DIRECTORY = click.Path(file_okay=False, path_type=Path)
ANY_PATH = click.Path(path_type=Path)


def flag(*names: str, help: str) -> Decorator:
    """An on/off option."""
    return click.option(*names, is_flag=True, help=help)


def json_option(help: str) -> Decorator:
    """`--json`: print the command's result as JSON instead of lines for a person."""
    return flag("--json", "as_json", help=help)


def choice(
    name: str,
    choices: Sequence[str],
    default: str | None,
    help: str | None = None,
    show: bool = True,
) -> Decorator:
    """One of a fixed set of values, its default shown."""
    return click.option(
        name, type=click.Choice(list(choices)), default=default, show_default=show, help=help
    )


def number(
    *names: str,
    kind: click.ParamType,
    default: float | None,
    help: str,
    show: bool | None = None,
) -> Decorator:
    """A number in a range (`click.IntRange`, `click.FloatRange`); a default is shown unless
    `show` is False."""
    shown = default is not None if show is None else show
    return click.option(*names, type=kind, default=default, show_default=shown, help=help)


def files(*names: str, help: str) -> Decorator:
    """Existing files, the option repeated for several."""
    return click.option(*names, multiple=True, type=EXISTING_FILE, help=help)


def output_option(*names: str, help: str, **settings: Any) -> Decorator:
    """`-o`/`--output`: where a command writes (a file unless `type` says otherwise)."""
    return click.option(*names, **{"type": FILE, **settings}, help=help)


locales_dir_option = click.option(
    "--locales-dir",
    type=DIRECTORY,
    default=Path("locales"),
    show_default=True,
    help="Where catalogs live: <dir>/<locale>/LC_MESSAGES/<domain>.po.",
)


def from_option(help: str = "Source language.") -> Decorator:
    """`--from`: the language the articles (or msgids) are written in."""
    return click.option("--from", "source", default="en", show_default=True, help=help)


source_language_option = click.option(
    "--source-language",
    default="en",
    show_default=True,
    help="Language of the msgids (TMX/XLIFF source side).",
)

glossary_option = click.option(
    "--glossary",
    type=FILE,
    default=None,
    help="CSV (source,target) or TBX glossary; a term whose target equals its source is kept "
    "verbatim.",
)

paths_argument = click.argument("paths", nargs=-1, required=True, type=ANY_PATH)


def domain_option(help: str, default: str | None = None) -> Decorator:
    """`--domain`: the catalog's name (the gettext domain)."""
    return click.option("--domain", default=default, show_default=default is not None, help=help)


def locales_option(*names: str, help: str, **settings: Any) -> Decorator:
    """`--to` / `--locale`: locale codes, repeatable."""
    return click.option(*names, multiple=True, help=help, **settings)


def engine_option(choices: Sequence[str], default: str, help: str) -> Decorator:
    """`--engine`: what fills new entries."""
    return choice("--engine", choices, default, help)


def model_option(help: str) -> Decorator:
    """`--model`: an alias of models/registry.toml, a Hugging Face hub id or a local path."""
    return click.option("--model", default=None, help=help)
