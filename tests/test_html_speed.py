"""benchmarks/html_speed.py runs on any directory of pages, and says so when there are none."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "html_speed.py"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><title>{title} | Harbour Gazette</title>
<meta name="author" content="Nigar Hasanova"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>{title}</h1>
<p>The {thing} on the north shore was {done} on Tuesday, the town council said, after two
years in which residents had to travel to the next village for the same service.</p>
<p>Work cost about 1.2 million manat. "We waited a long time," said Dr. Karimov, who chairs the
residents' committee. The council plans a second {thing} by the end of next year.</p>
<p>Opening hours are from 9 a.m. to 6 p.m. on weekdays and until noon on Saturdays.</p>
</article>
<footer>All rights reserved. Harbour Gazette.</footer>
</body>
</html>
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=True, cwd=ROOT
    )


def test_benchmark_times_every_page_of_a_directory(tmp_path: Path) -> None:
    (tmp_path / "library.html").write_text(
        PAGE.format(title="New library opens", thing="library", done="opened"), encoding="utf-8"
    )
    (tmp_path / "clinic.html.gz").write_bytes(
        gzip.compress(PAGE.format(title="Clinic reopens", thing="clinic", done="reopened").encode())
    )
    out = _run("--pages", str(tmp_path), "--repeat", "1", "--json").stdout
    data = json.loads(out.strip().splitlines()[-1])
    assert data["pages"] == 2 and data["repeat"] == 1
    for key in ("ours_s_per_page", "trafilatura_s_per_page", "segment_s_per_page", "ratio"):
        assert data[key] > 0, key
    assert data["ratio"] == data["ours_s_per_page"] / data["trafilatura_s_per_page"]
    assert data["pages_per_second"] > 0
    assert len(data["rounds"]) == 1
    assert data["refused"] == []
    assert "| `read_document` (blocks, lines, metadata) |" in out


def test_benchmark_without_pages_says_so_and_succeeds(tmp_path: Path) -> None:
    result = _run("--pages", str(tmp_path / "missing"), "--json")
    assert "no pages to time" in result.stdout
    assert "skipped" in json.loads(result.stdout.strip().splitlines()[-1])
