"""Issue 17: what a new user meets in their first hour, each case reproduced as they met it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.pipeline import TranslateOptions, render_file, translate_files
from tests.helpers import verify_catalog

ARTICLE = """Chess cup opens in Baku

The national chess cup opened in Baku on Monday with forty players.

The final round will be played at the seaside pavilion next week.
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(cwd)


def _entries(po: Path) -> dict[str, catalogs.Unit]:
    return {str(u.source): u for u in catalogs.read_catalog(po).units if not u.isheader()}


# ------------------------------------------------------------------ 9. library use from Python


def test_library_takes_a_str_locales_dir_one_locale_and_one_path(workdir: Path) -> None:
    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    options = TranslateOptions(targets="az", locales_dir="out", engine="pseudo")  # type: ignore[arg-type]
    summary = translate_files("chess.txt", options)
    assert summary.locales == 1 and summary.files == 1
    po = workdir / "out" / "az" / "LC_MESSAGES" / "chess.po"
    assert [p.name for p in (workdir / "out").iterdir()] == ["az"]  # not "a" and "z"
    verify_catalog(po)
    page = render_file(Path("chess.txt"), "az", locales_dir="out", include_fuzzy=True)
    assert "[" in page and "Chess cup opens in Baku" not in page  # the pseudo title came back
