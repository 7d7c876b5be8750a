"""An article rebuilt in the target language from its catalog."""

from __future__ import annotations

import os
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.documents import read_document
from i18n_pipeline.errors import InputError
from i18n_pipeline.locales import domain_for_file, parse_locale, validate_domain


def render_file(
    path: str | os.PathLike[str],
    target: str,
    *,
    locales_dir: str | os.PathLike[str] = "locales",
    domain: str | None = None,
    include_fuzzy: bool = False,
) -> str:
    """The article in the target language, in its own format; source text where none exists."""
    from i18n_pipeline.documents import render_document

    locale = parse_locale(target, "--to")
    document = read_document(Path(path))
    domain = validate_domain(domain) if domain else domain_for_file(Path(path).stem)
    po_path = catalogs.catalog_path(Path(locales_dir), locale.code, domain)
    if not po_path.exists():
        raise InputError(
            po_path, "no catalog for this article; run `i18n-pipeline translate` first"
        )
    lookup = catalogs.translation_lookup(catalogs.read_catalog(po_path), include_fuzzy)
    return render_document(document, lambda block: lookup.get(block.text), lang=locale.code)
