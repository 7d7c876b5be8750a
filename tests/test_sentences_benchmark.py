"""benchmarks/sentences.py on a tiny gold set written here: its figures, its skips, its errors."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "sentences.py"

# (sentences, seps) per paragraph, in the bench's format.
TINY_EN = [
    (["The ferry left Alat at nine.", "It reached the port by noon."], [" ", ""]),
    (["Thanks for the tickets", "See you in Baku"], [" ", ""]),  # no mark: nobody finds it
    (["Dr. Aliyeva met Gen. Bajwa in Baku."], [""]),
]
TINY_TR = [(["Gemi dokuzda kalktı.", "Öğlen limana vardı."], [" ", ""])]


def write_set(folder: Path, name: str, rows: list[tuple[list[str], list[str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / f"{name}.jsonl.gz", "wt", encoding="utf-8") as out:
        for number, (sentences, seps) in enumerate(rows):
            line = {"id": f"{name}:{number}", "sentences": sentences, "seps": seps}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or dict(os.environ),
        timeout=300,
    )


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sentences_benchmark", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_scores_a_tiny_gold_set(tmp_path: Path) -> None:
    bench = tmp_path / "bench"
    write_set(bench / "sentences-dev", "en_tiny", TINY_EN)
    write_set(bench / "sentences-dev", "tr_tiny", TINY_TR)
    done = run("--bench", str(bench), "--only", "project,pysbd,segtok", "--json")
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(report["sets"]) == {"en_tiny", "tr_tiny"}
    project = report["sets"]["en_tiny"]["project"]
    # One boundary found, the unpunctuated one missed, no cut after "Dr." or "Gen.".
    assert (project["precision"], project["recall"]) == (1.0, 0.5)
    assert abs(project["f1"] - 2 / 3) < 1e-9
    assert project["paragraphs"] == 3 and project["lossy"] == 0
    assert project["worst"] == [
        {"id": "en_tiny:1", "errors": 1, "extra": [], "missed": [len("Thanks for the tickets")]}
    ]
    assert report["sets"]["tr_tiny"]["project"]["f1"] == 1.0
    assert set(report["sets"]["en_tiny"]) == {"project", "pysbd", "segtok"}
    # The tables a reader copies into the README, and the missed cut shown in its context.
    assert "| en_tiny | project | 3 | 1.000 | 0.500 | 0.667 |" in done.stdout
    assert "missed …Thanks for the tickets| See you in Baku…" in done.stdout


def test_the_benchmark_skips_a_missing_library(tmp_path: Path) -> None:
    write_set(tmp_path / "sentences-dev", "en_tiny", TINY_EN[:1])
    fake = tmp_path / "fake"
    (fake / "blingfire").mkdir(parents=True)
    (fake / "blingfire" / "__init__.py").write_text("raise ImportError('not here')\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fake), str(ROOT)]))
    done = run("--bench", str(tmp_path), "--only", "project,blingfire", env=env)
    assert done.returncode == 0, done.stderr
    assert "blingfire: skipped, not installed" in done.stdout
    assert "| en_tiny | project |" in done.stdout and "| blingfire |" not in done.stdout


def test_the_benchmark_without_data_says_so(tmp_path: Path) -> None:
    done = run("--bench", str(tmp_path / "nowhere"))
    assert done.returncode == 0
    assert "nothing measured" in done.stdout


def test_the_benchmark_refuses_an_unknown_splitter(tmp_path: Path) -> None:
    write_set(tmp_path / "sentences-dev", "en_tiny", TINY_EN[:1])
    done = run("--bench", str(tmp_path), "--only", "project,nltk")
    assert done.returncode == 2
    assert "unknown splitter 'nltk'" in done.stderr


def test_sentence_ends_align_pieces_with_rewritten_spacing() -> None:
    """A library that puts a line break between sentences (blingfire) is credited with the
    boundary; one that changed a character is not."""
    module = load_script()
    text = "One two.  Three four. Five."
    assert module.sentence_ends(text, ["One two.", "Three\nfour.", "Five."]) == {8, 21}
    assert module.sentence_ends(text, ["One two.", "Three fuor.", "Five."]) == {8}
    assert module.sentence_ends(text, [text]) == set()
