"""What every command module shares: the error bridge, and each option declared once.

A module of its own so that the command modules (`translate`, `catalogs`, `qa`, `exchange`)
import it, not each other. An option that several commands take (`--locales-dir`, `--json`,
`--domain`, `--from`, `--to`, `--engine`, `--model`, `--device`, `--glossary` ...) is declared
here once; a command names it, with its own help text where its meaning differs. One concept
has one spelling in every command (`tests/test_cli_vocabulary.py` holds the table); a spelling
that was renamed keeps working for a release as a hidden alias (`renamed`) that prints a note.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from i18n_pipeline.errors import PipelineError

T = TypeVar("T")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class Failure(click.ClickException):
    """A PipelineError shown as one line (`Error: path:line: message`), with its exit code."""

    def __init__(self, error: PipelineError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code  # type: ignore[misc]  # click declares it a ClassVar


def call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a library function; a PipelineError becomes one line and its exit code."""
    try:
        return function(*args, **kwargs)
    except PipelineError as error:
        raise Failure(error) from None


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


def from_option(help: str = "Source language.", dest: str = "source") -> Decorator:
    """`--from`: the language the articles (or msgids) are written in."""
    return click.option("--from", dest, default="en", show_default=True, help=help)


def to_option(dest: str, help: str, **settings: Any) -> Decorator:
    """`--to`: a target locale (`multiple=True` where several are taken)."""
    return click.option("--to", dest, help=help, **settings)


def renamed(
    old: Sequence[str], new: str, dest: str, required: bool = False, **settings: Any
) -> Decorator:
    """A spelling that was renamed to `new`, kept for a release: hidden from --help, it still
    sets `dest` and prints a one-line note on stderr. `required`: `new` or `old` must be given
    (the new option cannot be `required` itself, or the old spelling alone would fail)."""
    hidden = "renamed_" + old[0].lstrip("-").replace("-", "_")

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def command(*args: Any, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            params = ctx.params
            value = kwargs.pop(hidden)
            params.pop(hidden, None)
            if value not in (None, ()):
                used = "/".join(old)
                if isinstance(value, tuple):  # repeatable: both spellings add up
                    value = (*(kwargs.get(dest) or ()), *value)
                elif _given(ctx, dest) and kwargs.get(dest) != value:
                    # Which one would win is a guess: a script that says both is wrong.
                    raise click.UsageError(
                        f"{used} {value} and {new} {kwargs.get(dest)} say different things: "
                        f"give {new} only ({used} is its deprecated spelling)"
                    )
                click.echo(f"note: {used} is deprecated, use {new} instead", err=True)
                kwargs[dest] = params[dest] = value
            if required and kwargs.get(dest) in (None, ()):
                raise click.UsageError(f"Missing option '{new}'.")
            return function(*args, **kwargs)

        option = click.option(*old, hidden, hidden=True, default=None, **settings)
        return option(command)

    return decorate


def _given(ctx: click.Context, name: str) -> bool:
    """Whether the user set parameter `name` (not its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source not in (
        click.core.ParameterSource.DEFAULT,
        click.core.ParameterSource.DEFAULT_MAP,
    )


class OwnedChoice(click.Choice):
    """The values of a list its owner defines (`module:NAME`, such as the engines'), read when
    a command first parses or shows its help: listing the commands imports no engine."""

    def __init__(self, owner: str, exclude: Sequence[str] = (), first: Sequence[str] = ()) -> None:
        self.owner = owner
        self.exclude = tuple(exclude)
        self.first = tuple(first)
        self.case_sensitive = True
        self._choices: tuple[str, ...] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            module, name = self.owner.split(":")
            values = getattr(importlib.import_module(module), name)
            self._choices = (*self.first, *(v for v in values if v not in self.exclude))
        return self._choices

    @choices.setter
    def choices(self, values: Sequence[str]) -> None:
        self._choices = tuple(values)


ENGINES = "i18n_pipeline.pipeline.options:ENGINES"
COMPUTE_TYPES = "i18n_pipeline.engines.ctranslate2_engine:COMPUTE_TYPES"
RETRANSLATE = "i18n_pipeline.pipeline.options:RETRANSLATE"
DOCUMENT_FORMATS = "i18n_pipeline.documents.model:FORMATS"
DEVICES = ("auto", "cpu", "cuda")


def owned_choice(name: str, kind: OwnedChoice, default: str, help: str) -> Decorator:
    """One of the values a library module defines, its default shown."""
    return click.option(name, type=kind, default=default, show_default=True, help=help)


def device_option() -> Decorator:
    """`--device`: where a model runs."""
    return choice("--device", DEVICES, "auto")


def compute_type_option(help: str) -> Decorator:
    """`--compute-type`: the CTranslate2 engine's own list of quantizations."""
    return owned_choice("--compute-type", OwnedChoice(COMPUTE_TYPES), "auto", help)


def engine_option(
    default: str, help: str, owner: str = ENGINES, exclude: Sequence[str] = ()
) -> Decorator:
    """`--engine`: what fills new entries, one of the names its `owner` defines (the
    pipeline's, unless a command runs engines of its own)."""
    return owned_choice("--engine", OwnedChoice(owner, exclude), default, help)


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


def model_option(help: str) -> Decorator:
    """`--model`: an alias of models/registry.toml, a Hugging Face hub id or a local path."""
    return click.option("--model", default=None, help=help)
