"""Whitespace and escapes: pofilter's checks, wrapped."""

from __future__ import annotations

from i18n_pipeline.qa.checks.base import wrap_translate_toolkit

wrap_translate_toolkit(
    "leading-whitespace",
    "startwhitespace",
    "warning",
    "whitespace at the start must be the same as in the source",
)
wrap_translate_toolkit(
    "trailing-whitespace",
    "endwhitespace",
    "warning",
    "whitespace at the end must be the same as in the source",
)
wrap_translate_toolkit(
    "newlines",
    "newlines",
    "error",
    "line breaks must match the source (msgfmt -c rejects a leading/trailing mismatch)",
)
wrap_translate_toolkit(
    "double-space", "doublespacing", "warning", "double spaces where the source has none"
)
wrap_translate_toolkit(
    "escapes", "escapes", "error", "escape sequences (\\n, \\t, \\\\) must match the source"
)
