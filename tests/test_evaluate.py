"""`evaluate`: models scored on reviewed translations with sacrebleu, checked against
sacrebleu itself on the copy model (which returns its input, so its output is known)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sacrebleu.metrics import BLEU, CHRF, TER

from i18n_pipeline.cli import main

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: az\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
SOURCES = [
    "The new bridge across the river will open next week.",
    "Traffic will be heavy on the coast road.",
    "Hello %(name)s, you have new messages.",
    "The ferry leaves the port at noon.",
    "Officials said the market opens on Sunday.",
    "A chess cup starts in Baku this weekend.",
]
PLANTED = "Trafik sahil yolunda sıx olacaq."  # the human translation of SOURCES[1]


def po(entries: list[tuple[str, str, bool]]) -> str:
    out = [HEADER]
    for source, target, fuzzy in entries:
        flag = "#, fuzzy\n" if fuzzy else ""
        out.append(
            f"{flag}msgid {json.dumps(source)}\nmsgstr {json.dumps(target, ensure_ascii=False)}\n\n"
        )
    return "".join(out)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "locales/az/LC_MESSAGES"
    folder.mkdir(parents=True)
    # Reviewed entries, one fuzzy (left out) and one empty (left out).
    entries = [(s, s, False) for s in SOURCES]
    entries[1] = (SOURCES[1], PLANTED, False)
    entries.append(("Machine output nobody checked.", "Yoxlanmamış.", True))
    entries.append(("Not translated yet.", "", False))
    (folder / "news.po").write_text(po(entries), encoding="utf-8")
    return tmp_path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_scores_are_sacrebleus_own(workdir: Path, copy_marian: Path) -> None:
    catalog = workdir / "locales/az/LC_MESSAGES/news.po"
    before = catalog.read_bytes()
    result = invoke("evaluate", "locales", "--model", str(copy_marian), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pairs"] == 6 and data["target"] == "az"
    (model,) = data["models"]
    # The copy model returns each source: the hypotheses are the msgids.
    references = [PLANTED if s == SOURCES[1] else s for s in SOURCES]
    assert model["chrf++"] == pytest.approx(
        CHRF(word_order=2).corpus_score(SOURCES, [references]).score
    )
    assert model["bleu"] == pytest.approx(BLEU().corpus_score(SOURCES, [references]).score)
    assert model["ter"] == pytest.approx(TER().corpus_score(SOURCES, [references]).score)
    assert 0 < model["chrf++"] < 100
    assert model["chrf++_ci95"] is not None and model["chrf++_ci95"] > 0
    assert model["flagged"] == 0  # %(name)s came back
    assert catalog.read_bytes() == before  # never writes a catalog
    assert sorted(p.name for p in catalog.parent.iterdir()) == ["news.po"]


def test_identical_text_scores_100(workdir: Path, copy_marian: Path) -> None:
    (workdir / "same.po").write_text(po([(s, s, False) for s in SOURCES]), encoding="utf-8")
    result = invoke("evaluate", "same.po", "--model", str(copy_marian), "--json")
    (model,) = json.loads(result.stdout)["models"]
    assert model["chrf++"] == pytest.approx(100.0)
    assert model["bleu"] == pytest.approx(100.0)
    assert model["ter"] == pytest.approx(0.0)


def test_two_models_table_paired_test_and_worst_page(
    workdir: Path, copy_marian: Path, tiny_marian: Path
) -> None:
    page = workdir / "worst.html"
    result = invoke(
        "evaluate", "locales", "--model", str(copy_marian), "--model", str(tiny_marian),
        "--max-length", "24", "--bootstrap", "300", "--html", str(page),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("6 reviewed pairs, en → az")
    rows = [line for line in lines if line.startswith(str(copy_marian)[:10]) or "…" in line]
    assert len(rows) == 2
    data = json.loads(
        invoke(
            "evaluate", "locales", "--model", str(copy_marian), "--model", str(tiny_marian),
            "--max-length", "24", "--bootstrap", "300", "--json",
        ).stdout
    )  # fmt: skip
    copy, tiny = data["models"]
    assert copy["chrf++"] > tiny["chrf++"]  # random weights translate nothing
    assert copy["p_value_vs_first"] is None and tiny["p_value_vs_first"] is not None
    assert tiny["p_value_vs_first"] < 0.05
    text = page.read_text("utf-8")
    # The worst pair for any model first; the planted one is among the shown.
    assert text.index("Human translation") < text.index(PLANTED)
    assert "chrF++" in text and "<script" not in text


def test_tmx_input(workdir: Path, copy_marian: Path) -> None:
    tus = "".join(
        f'<tu><tuv xml:lang="en"><seg>{s}</seg></tuv>'
        f'<tuv xml:lang="az-AZ"><seg>{s}</seg></tuv></tu>'
        for s in SOURCES[:3]
    )
    (workdir / "site.tmx").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" '
        f'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
        f'creationtool="t" creationtoolversion="1"/><body>{tus}</body></tmx>',
        encoding="utf-8",
    )
    result = invoke("evaluate", "site.tmx", "--to", "az", "--model", str(copy_marian), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pairs"] == 3 and data["models"][0]["chrf++"] == pytest.approx(100.0)
    no_target = invoke("evaluate", "site.tmx", "--model", str(copy_marian))
    assert no_target.exit_code == 2 and "give --to" in no_target.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.po"], "missing.po: no such file or directory"),
        (["fuzzy.po"], "no reviewed entries"),
        (["locales", "--bootstrap", "-1"], "--bootstrap"),
    ],
)
def test_bad_input_is_exit_2(
    workdir: Path, copy_marian: Path, args: list[str], message: str
) -> None:
    (workdir / "fuzzy.po").write_text(po([("Only a draft.", "Qaralama.", True)]), encoding="utf-8")
    result = invoke("evaluate", *args, "--model", str(copy_marian))
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_a_locale_folder_is_enough(workdir: Path, copy_marian: Path) -> None:
    """`evaluate locales/az`: the PO files under it, as `check` and `stats` take them."""
    result = invoke("evaluate", "locales/az", "--model", str(copy_marian), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pairs"] == 6
