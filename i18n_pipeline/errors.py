"""Errors a user can act on: each names the file (and line) or the option at fault."""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
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


def check_keywords(function: str, given: Mapping[str, object], allowed: type) -> None:
    """Raise Python's own TypeError for a keyword the TypedDict `allowed` does not declare, as a
    signature that spells its keywords out would: `**kwargs: Unpack[...]` alone accepts any."""
    known = allowed.__required_keys__ | allowed.__optional_keys__  # type: ignore[attr-defined]
    for name in given:
        if name not in known:
            raise TypeError(f"{function}() got an unexpected keyword argument {name!r}")


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def refuse_special_file(path: Path) -> None:
    """Opening a named pipe waits for a writer forever and a device may never end: an article
    or a catalog is a regular file (links are followed). Checked before `open`, which is where
    a FIFO hangs.
    """
    mode = path.stat().st_mode
    for test, kind in _SPECIAL_FILES:
        if test(mode):
            raise InputError(path, f"not a regular file ({kind}): give a file")


_ENTITY_NAME = re.compile(rb"\s*%?\s*([^\s%>]{1,64})")


def refuse_xml_entities(path: str | Path, data: bytes, kind: str) -> None:
    """An exchange file (TMX, XLIFF) that declares entities is refused, with the line.

    The XML parsers we use never expand them (no billion laughs, no external files read), so a
    reference such as `&xxe;` would simply vanish from the text, changing a translation without
    a word. Exchange formats have no use for entity declarations. Plain searches, no pattern
    over the whole file: linear in its size whatever it holds.
    """
    doctype = data.find(b"<!DOCTYPE")
    if doctype == -1:
        return
    subset = data.find(b"[", doctype)
    end = data.find(b">", doctype)
    if subset == -1 or (end != -1 and end < subset):  # no internal subset: nothing declared
        return
    declared = data.find(b"<!ENTITY", subset)
    if declared == -1:
        return
    line = data.count(b"\n", 0, declared) + 1
    found = _ENTITY_NAME.match(data, declared + len(b"<!ENTITY"))
    name = found.group(1).decode("utf-8", "replace") if found else "?"
    raise InputError(
        path, f"cannot read {kind}: it declares the XML entity {name!r}; remove the DOCTYPE", line
    )
