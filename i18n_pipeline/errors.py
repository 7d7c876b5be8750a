"""Errors a user can act on: each names the file (and line) or the option at fault."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Base class: the CLI prints str(error) on one line and exits non-zero, without a traceback."""

    exit_code = 1


class InputError(PipelineError):
    """A file we were asked to read is unreadable or malformed (exit code 2, like msgfmt)."""

    exit_code = 2

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class ModelError(PipelineError):
    """A model could not be found or loaded."""


class UsageError(PipelineError):
    """An option has a bad value (unknown or unsafe language code, bad domain, ...)."""

    exit_code = 2
