"""HTML report: self-contained, escaped, filterable; rendered by headless Chromium when present."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline.cli import main
from i18n_pipeline.qa.report import render_report

QA = Path(__file__).resolve().parent / "data" / "qa"
CLEAN = QA / "clean" / "az" / "LC_MESSAGES" / "news.po"
PLANTED = QA / "planted" / "az" / "LC_MESSAGES" / "news.po"

HOSTILE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: az\\n"

msgid "<script>alert('msgid')</script> & \\"quotes\\""
msgstr "<script>alert('msgstr')</script> & \\"dırnaq\\""

#. mt: </div><script>alert(1)</script>
#, fuzzy
msgid "x\\" onmouseover=\\"alert(2)"
msgstr "y\\" onmouseover=\\"alert(2)"
"""


def test_everything_from_the_catalog_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "hostile.po"
    path.write_text(HOSTILE, encoding="utf-8")
    page = render_report([path])
    assert page.count("<script>") == 1  # ours, the filter code; none from the catalog
    assert "&lt;script&gt;alert(&#x27;msgid&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;msgstr&#x27;)&lt;/script&gt;" in page
    assert "&lt;/div&gt;&lt;script&gt;alert(1)" in page
    assert 'onmouseover="alert' not in page


def test_report_is_self_contained_and_filterable(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["report", str(QA / "planted"), str(CLEAN), "--html", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # No external assets: nothing is loaded from anywhere (URLs in catalog text are plain text).
    assert not re.search(r"<(?:link|img|iframe)\b|\bsrc=|@import|url\(", page)
    assert 'id="status"' in page and 'id="check"' in page
    for check in ["printf", "python-brace-format", "markup", "numbers", "leading-whitespace"]:
        assert f'<option value="{check}">' in page
    assert page.count(" data-status=") == 10 + 29
    assert 'data-status="untranslated" data-checks="untranslated"' in page
    assert "machine: transformers Helsinki-NLP/opus-mt-en-az" in page
    assert "<del>6</del><ins>7</ins>" in page  # previous msgid diff
    assert '<span class="ws" title="whitespace">·</span>Pulsuz giriş' in page


def test_report_unreadable_input_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(broken), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert not (tmp_path / "r.html").exists()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    CliRunner().invoke(main, ["report", str(PLANTED), "--html", str(out)])
    png = tmp_path / "report.png"
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            "--window-size=1400,900",
            out.as_uri(),
        ],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 900)
    assert len(data) > 20_000  # a rendered page, not a blank one
