"""An article's translatable blocks as catalog entries, with their `#:` references."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.documents import Document
from i18n_pipeline.text.langid import block_language


def reference_for(path: Path, root: Path | None = None) -> str:
    """`#:` path relative to `root`, with '/' separators, never absolute.

    A run passes the project root, the locales directory's parent (`locales/` beside
    `examples/` gives `examples/articles/a.txt`), so the reference, which is also the article's
    identity in the catalog, is the same from whatever directory the command is run. Without
    `root`, the working directory.
    """
    try:
        relative = os.path.relpath(path.resolve(), (root or Path.cwd()).resolve())
    except ValueError:  # another drive on Windows
        relative = path.name
    return Path(relative).as_posix()


def document_entries(
    document: Document,
    reference: str,
    source: str = "en",
    skipped: list[str] | None = None,
    others: Sequence[str] = (),
) -> list[catalogs.SourceEntry]:
    """One entry per distinct translatable text, in document order, all its lines referenced.

    Blocks that language ID finds written in another language than `source` (one of `others`,
    the run's targets, or the site's usual languages) are left out and listed in `skipped`:
    the model for `source` would only garble them.
    """
    order: list[str] = []
    refs: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    language = source.replace("-", "_").split("_", 1)[0].lower()
    for block in document.blocks:
        if not block.translatable or not block.text.strip():
            continue
        if block.text not in refs and block_language(block.text, source, others) != language:
            if skipped is not None:
                skipped.append(f"{reference}:{block.line}")
            continue
        if block.text not in refs:
            order.append(block.text)
            refs[block.text] = []
            kinds[block.text] = []
        refs[block.text].append(f"{reference}:{block.line}")
        if block.kind not in kinds[block.text]:
            kinds[block.text].append(block.kind)
    return [
        catalogs.SourceEntry(msgid=text, references=tuple(refs[text]), kinds=tuple(kinds[text]))
        for text in order
    ]
