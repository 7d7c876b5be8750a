"""The model's confidence in each machine translation: engines score, `translate` stores it,
`check`, `review --worst-first` and the report use it. All on the copy model: a sentence it can
copy scores near 0 (certain), symbols it never saw score low."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.qa.report import render_report

COPIED = "The new bridge across the river will open next week, officials said."
GARBAGE = "~~~~ #### |||| ^^^^ @@@@ $$$$"
ARTICLE = f"Ferry news from the port\n\n{COPIED}\n\nThe minister said ~~~~ #### |||| ^^^^ today.\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def units(path: Path) -> list[catalogs.Unit]:
    store = catalogs.read_catalog(path)
    return [u for u in store.units if not u.isheader() and not u.isobsolete()]


@pytest.mark.parametrize("engine", ["ctranslate2", "transformers"])
def test_engines_score_copied_text_near_zero_and_garbage_low(
    copy_marian: Path, engine: str
) -> None:
    if engine == "ctranslate2":
        from i18n_pipeline.engines.ctranslate2_engine import CTranslate2Engine as Engine
    else:
        from i18n_pipeline.engines.transformers_engine import TransformersEngine as Engine  # type: ignore[assignment]
    model = Engine(ModelSpec(str(copy_marian), "marian"), max_length=64)
    out = model.translate_batch([COPIED, GARBAGE, ""], source="en", target="az")
    assert out[0] == COPIED
    assert -0.05 < model.scores[COPIED] <= 0.0
    assert model.scores[GARBAGE] < -0.3
    assert "" not in model.scores  # nothing decoded, nothing scored


def test_both_engines_agree_on_the_score(copy_marian: Path) -> None:
    """CTranslate2's return_scores and the transformers engine's own mean are one measure."""
    from i18n_pipeline.engines.ctranslate2_engine import CTranslate2Engine
    from i18n_pipeline.engines.transformers_engine import TransformersEngine

    spec = ModelSpec(str(copy_marian), "marian")
    fast = CTranslate2Engine(spec, max_length=64, compute_type="float32")
    slow = TransformersEngine(spec, max_length=64)
    # Half-copied sentences: scores well under 0, and outputs both engines decode alike.
    texts = ["Ferry news ### from the port", "ƏəĞğ ~~ 77 ##"]
    same = [
        text
        for text, a, b in zip(
            texts,
            fast.translate_batch(texts, source="en", target="az"),
            slow.translate_batch(texts, source="en", target="az"),
            strict=True,
        )
        if a == b  # where float rounding made greedy search part ways, scores differ
    ]
    assert same
    for text in same:
        assert fast.scores[text] < -0.05
        assert fast.scores[text] == pytest.approx(slow.scores[text], abs=0.02)


def test_translate_stores_the_score_and_counts_low_confidence(
    workdir: Path, copy_marian: Path
) -> None:
    result = invoke("translate", "ferry.txt", "--to", "az", "--model", str(copy_marian), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["translated"] == 3
    assert summary["low_confidence"] == 0  # the default threshold, -1.0
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    scores = {str(u.source): catalogs.machine_score(u) for u in units(po)}
    assert scores[COPIED] is not None and scores[COPIED] > -0.05
    doubtful = scores["The minister said ~~~~ #### |||| ^^^^ today."]
    assert doubtful is not None and doubtful < -0.2
    assert "#. mt-score: " in po.read_text("utf-8")

    # check: a warning only under --min-score, and only for the doubtful entry.
    assert "low-confidence" not in invoke("check", str(po)).output
    flagged = invoke("check", str(po), "--only", "low-confidence", "--min-score", "-0.2")
    assert flagged.exit_code == 0  # a warning, not an error
    lines = [line for line in flagged.stdout.splitlines() if "low-confidence" in line]
    assert len(lines) == 1 and "score" in lines[0]

    # review --worst-first: the least sure entry comes first; accepting it drops its score.
    shown = invoke("review", str(po), "--worst-first", stdin="a\nq\n")
    assert shown.exit_code == 0, shown.output
    first = shown.output.split("── 2/")[0]
    assert "The minister said" in first and "confidence:" in first
    accepted = {str(u.source): u for u in units(po)}["The minister said ~~~~ #### |||| ^^^^ today."]
    assert not accepted.isfuzzy() and catalogs.machine_score(accepted) is None

    # The report carries the score for its "least confident first" order.
    page = render_report([po])
    assert 'data-score="' in page and "least confident first" in page
    assert "model confidence:" in page


def test_summary_counts_under_a_threshold(workdir: Path, copy_marian: Path) -> None:
    from i18n_pipeline.pipeline import TranslateOptions, translate_files

    summary = translate_files(
        ["ferry.txt"],
        TranslateOptions(targets=("az",), model=str(copy_marian), min_score=-0.2),
    )
    assert summary.translated == 3 and summary.low_confidence == 1
    assert "1 low-confidence" in summary.line()


def test_memory_reuse_carries_no_score(workdir: Path, copy_marian: Path) -> None:
    """A score belongs to one model run; text reused from memory has none of its own."""
    assert (
        invoke("translate", "ferry.txt", "--to", "az", "--model", str(copy_marian)).exit_code == 0
    )
    (workdir / "second.txt").write_text(ARTICLE, encoding="utf-8")
    assert invoke("translate", "second.txt", "--to", "az", "--engine", "memory").exit_code == 0
    for unit in units(workdir / "locales/az/LC_MESSAGES/second.po"):
        assert catalogs.machine_score(unit) is None
