"""What every command module shares: the error bridge and common options.

A module of its own so that `cli.py` and the command modules it registers (`cli_strings`,
`cli_review`, `cli_exports`) import it, not each other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from i18n_pipeline.errors import PipelineError

T = TypeVar("T")


class _Failure(click.ClickException):
    """A PipelineError shown as one line (`Error: path:line: message`), with its exit code."""

    def __init__(self, error: PipelineError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


def _call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a library function; a PipelineError becomes one line and its exit code."""
    try:
        return function(*args, **kwargs)
    except PipelineError as error:
        raise _Failure(error) from None


locales_dir_option = click.option(
    "--locales-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("locales"),
    show_default=True,
    help="Where catalogs live: <dir>/<locale>/LC_MESSAGES/<domain>.po.",
)
