"""align: two articles (or directories of them) paired sentence by sentence into a memory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sacrebleu.metrics import CHRF
from translate.storage import tmx

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.evaluation.align import (
    AlignSettings,
    _Similarity,
    align_lists,
    article_key,
)
from tests.helpers import verify_catalog

CORPUS = (Path(__file__).resolve().parent / "data" / "corpus.txt").read_text("utf-8").splitlines()
# tests/data/corpus.txt: lines 1-20 are English news sentences, lines 27-46 their Azerbaijani
# translations (the copy model knows these words, so it copies these sentences exactly).
EN = CORPUS[0:20]
AZ = CORPUS[26:46]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def write_pair(directory: Path) -> tuple[Path, Path]:
    """An English article and its Azerbaijani version in which the translator merged sentences
    2 and 3 (a 2-1). (Lengths alone cannot place an inserted or dropped sentence: a 1-2 or
    2-1 fits as well; the MT score can, see the planted-beads test.)"""
    en = directory / "news.en.txt"
    az = directory / "news.az.txt"
    en.write_text(f"{EN[0]} {EN[1]} {EN[2]}\n\n{EN[3]} {EN[4]}\n\n{EN[6]} {EN[7]}\n", "utf-8")
    merged = AZ[1].rstrip(".") + ", " + AZ[2][0].lower() + AZ[2][1:]
    az.write_text(f"{AZ[0]} {merged}\n\n{AZ[3]} {AZ[4]}\n\n{AZ[6]} {AZ[7]}\n", "utf-8")
    return en, az


def test_chrf_is_sacrebleus_sentence_chrf() -> None:
    """The cached n-gram scorer gives sacrebleu's own number (chrF with beta 1)."""
    similarity = _Similarity()
    for hypothesis, reference in [(EN[0], AZ[0]), (EN[1], EN[1]), ("Baku 2019.", "Bakı 2019")]:
        expected = CHRF(beta=1).sentence_score(hypothesis, [reference]).score
        assert similarity.score(hypothesis, reference) == pytest.approx(expected, abs=1e-9)


def test_planted_merge_split_insertion_and_deletion_are_found() -> None:
    """English against an English rewrite (the MT is the identity, a stand-in for a good
    model): every planted bead comes out exactly."""
    sources = [
        "The government announced a new budget on Monday.",
        "Prices for bread and milk rose by five percent last month.",
        "The president met foreign ministers in the capital.",
        "Heavy rain caused flooding in several northern villages.",
        "The central bank kept its interest rate unchanged.",
        "Schools will reopen after the winter holidays on January 10.",
        "The football team won the match three goals to one.",
    ]
    targets = [
        "On Monday the government announced its new budget.",
        "Bread and milk prices rose five percent last month, and the president met "
        "foreign ministers in the capital.",  # merge of 1 and 2
        "Heavy rain caused flooding.",  # split of 3 ...
        "Several northern villages were hit.",  # ... in two
        # 4 (the central bank) is not translated
        "Schools reopen on January 10 after the winter holidays.",
        "A new bridge across the river will open next year.",  # inserted
        "The football team won three goals to one.",
    ]
    beads = align_lists(sources, targets, sources, settings=AlignSettings(anchors=False))
    assert [(s, t) for s, t, _ in beads] == [
        ((0,), (0,)),
        ((1, 2), (1,)),
        ((3,), (2, 3)),
        ((4,), ()),
        ((5,), (4,)),
        ((), (5,)),
        ((6,), (6,)),
    ]
    scores = {(s, t): score for s, t, score in beads}
    assert scores[((0,), (0,))] == round(
        CHRF(beta=1).sentence_score(sources[0], [targets[0]]).score, 2
    )


def test_length_alone_finds_a_merge_inside_paragraphs() -> None:
    """Gale–Church's lengths alone, paragraphs as anchors: the 2-1 of the first paragraph."""
    beads = align_lists(
        [EN[0], EN[1], EN[2], EN[3]],
        [AZ[0], AZ[1] + " " + AZ[2], AZ[3]],
        source_blocks=[0, 0, 0, 1],
        target_blocks=[0, 0, 1],
    )
    assert [(s, t) for s, t, _ in beads] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_article_key_pairs_names_with_language_tags() -> None:
    langs = ("en", "az")
    assert {article_key(Path(n), langs) for n in ("News.en.html", "news-az.txt", "news.md")} == {
        "news"
    }
    assert article_key(Path("az.txt"), langs) == "az"  # a name that is only a tag stays


def test_align_writes_a_tmx_and_a_compendium_that_translate_reuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy_marian: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    en, az = (Path(p.name) for p in write_pair(tmp_path))
    result = invoke(
        "align", en, az, "--to", "az", "--engine", "length", "-o", "out.tmx", "--po", "out.po"
    )
    assert result.exit_code == 0, result.output
    assert "wrote out.tmx: 6 pairs" in result.output
    memory = tmx.tmxfile.parsefile(str(tmp_path / "out.tmx"))
    pairs = []
    for unit in memory.units:
        texts = {n.get(XML_LANG): unit.getNodeText(n) for n in unit.getlanguageNodes()}
        pairs.append((texts["en"], texts["az"]))
    merged = AZ[1].rstrip(".") + ", " + AZ[2][0].lower() + AZ[2][1:]
    assert pairs == [
        (EN[0], AZ[0]),
        (f"{EN[1]} {EN[2]}", merged),  # 2-1 merged into one unit
        (EN[3], AZ[3]),
        (EN[4], AZ[4]),
        (EN[6], AZ[6]),
        (EN[7], AZ[7]),
    ]
    compendium = catalogs.read_catalog(tmp_path / "out.po")
    units = [u for u in compendium.units if not u.isheader()]
    assert [(str(u.source), str(u.target)) for u in units] == pairs
    assert all(u.isfuzzy() for u in units)
    assert catalogs.own_comments(units[1], "aligned: ")[0].startswith(
        "news.en.txt:1 ↔ news.az.txt:1 2-1 score "
    )
    verify_catalog(tmp_path / "out.po")

    # A later translate run takes the aligned translations from the TMX, sentence by sentence.
    result = invoke(
        "translate", en, "--to", "az", "--model", copy_marian, "--memory", "out.tmx", "--json"
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert summary["sentences_from_memory"] >= 3
    catalog = tmp_path / "locales" / "az" / "LC_MESSAGES" / "news.en.po"
    translated = {str(u.source): str(u.target) for u in catalogs.read_catalog(catalog).units}
    assert translated[f"{EN[3]} {EN[4]}"] == f"{AZ[3]} {AZ[4]}"
    assert translated[f"{EN[6]} {EN[7]}"] == f"{AZ[6]} {AZ[7]}"
    verify_catalog(catalog)

    # And `evaluate` scores a model on the aligned pairs: one pair per TMX unit.
    result = invoke("evaluate", "out.tmx", "--to", "az", "--model", copy_marian, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output[result.output.index("{") :])["pairs"] == 6


def test_copy_model_scores_are_chrf_of_its_output(tmp_path: Path, copy_marian: Path) -> None:
    """With the copy model as MT, a pair's score is chrF of the English (copied) against the
    Azerbaijani; --min-score leaves the low ones out of the TMX and lists them in --json."""
    en, az = write_pair(tmp_path)
    out = tmp_path / "out.tmx"
    result = invoke(
        "align",
        en,
        az,
        "--to",
        "az",
        "--model",
        copy_marian,
        "-o",
        out,
        "--min-score",
        "20",
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert "copy-marian" in report["engine"]
    alignment = report["alignments"][0]
    everything = alignment["pairs"] + alignment["low"]
    for pair in everything:
        expected = CHRF(beta=1).sentence_score(pair["source"], [pair["target"]]).score
        assert pair["score"] == round(expected, 2)
    assert all(p["score"] >= 20 for p in alignment["pairs"])
    assert alignment["low"] and all(p["score"] < 20 for p in alignment["low"])
    assert len(tmx.tmxfile.parsefile(str(out)).units) == len(alignment["pairs"])


def test_directories_pair_by_name(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "az").mkdir()
    write_pair(tmp_path / "en")
    (tmp_path / "en" / "news.az.txt").rename(tmp_path / "az" / "news.txt")
    (tmp_path / "en" / "other.txt").write_text(f"{EN[10]}\n", "utf-8")
    result = invoke("align", tmp_path / "en", tmp_path / "az", "--to", "az", "--engine", "length")
    assert result.exit_code == 0, result.output
    assert "1 article pair(s): 6 aligned pairs" in result.output
    assert f"{tmp_path / 'en' / 'other.txt'}: no article to pair with" in result.output


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    en, _ = write_pair(tmp_path)
    missing = tmp_path / "missing.txt"
    result = invoke("align", en, missing, "--to", "az", "--engine", "length")
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {missing}: no such file or directory"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = invoke("align", en, fifo, "--to", "az", "--engine", "length")
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"Error: {fifo}: not a regular file")
    result = invoke("align", en, tmp_path, "--to", "az", "--engine", "length")
    assert result.exit_code == 2
    assert "two article files or two directories" in result.output
    result = invoke("align", en, en, "--to", "zz-!!", "--engine", "length")
    assert result.exit_code == 2
