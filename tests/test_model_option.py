"""`--model` is checked before any work: exit 2 with a line that says what is wrong, even when
the translation memory covers every sentence; a bare CTranslate2 conversion finds its tokenizer
or names the files it lacks. Also the other exit codes the README promises."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from tests.helpers import verify_catalog

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "articles" / "baku-book-fair.txt"


@pytest.fixture
def workdir(article_dir: Path) -> Path:
    return article_dir


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def translate(*model: str) -> Result:
    return run("translate", ARTICLE.name, "--to", "az", "--max-length", "8", *model)


@pytest.fixture
def covered(workdir: Path) -> Path:
    """A catalog whose every entry has a translation: a run needs no model at all."""
    assert run("translate", ARTICLE.name, "--to", "az", "--engine", "memory").exit_code == 0
    po = catalogs.catalog_path(workdir / "locales", "az", "baku-book-fair")
    store = catalogs.read_catalog(po)
    for unit in store.units:
        if not unit.isheader():
            unit.target = f"az: {unit.source}"  # reviewed
    catalogs.write_catalog(store, po)
    return po


@pytest.mark.parametrize(
    ("model", "needle"),
    [
        ("/no/such/dir", "--model /no/such/dir: no such directory, and not a Hugging Face Hub id"),
        ("./models/opus", "no such directory"),
        ("a/b/c", "not a Hugging Face Hub id"),
        ("opus-mt-en-azz", "did you mean opus-mt-en-az?"),
        ("nllb-200-distiled-600M", "did you mean nllb-200-distilled-600M?"),
    ],
)
def test_a_bad_model_is_a_usage_error_even_when_memory_covers_everything(
    covered: Path, model: str, needle: str
) -> None:
    before = covered.read_bytes()
    result = translate("--model", model)
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert covered.read_bytes() == before


def test_a_well_formed_hub_id_is_left_to_the_hub(covered: Path) -> None:
    """Whether a hub id exists is known only by asking the Hub, which this run never needs."""
    result = translate("--model", "Helsinki-NLP/opus-mt-en-az")
    assert result.exit_code == 0 and "0 translated" in result.output


def test_a_directory_that_is_not_a_model_says_what_is_missing(workdir: Path) -> None:
    empty = workdir / "empty"
    empty.mkdir()
    result = translate("--model", str(empty))
    assert result.exit_code == 2
    assert "not a model directory" in result.output and "config.json" in result.output
    assert "model weights" in result.output and "sentencepiece.bpe.model" in result.output
    assert "Couldn't instantiate" not in result.output
    assert not (workdir / "locales").exists()


def test_a_model_without_a_tokenizer_says_so(workdir: Path, tiny_marian: Path) -> None:
    broken = workdir / "no-tokenizer"
    shutil.copytree(tiny_marian, broken)
    for name in ("source.spm", "target.spm"):
        (broken / name).unlink()
    result = translate("--model", str(broken))
    assert result.exit_code == 2 and "no tokenizer (source.spm" in result.output
    assert "config.json" not in result.output  # only what is missing is named


def _bare_conversion(model: Path, out: Path) -> Path:
    """What `ct2-transformers-converter --model M --output_dir OUT` writes: no tokenizer."""
    from ctranslate2.converters import TransformersConverter

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses")
        TransformersConverter(str(model)).convert(str(out), quantization="int8")
    assert not any((out / name).exists() for name in ("source.spm", "tokenizer.json"))
    return out


def test_a_bare_ctranslate2_conversion_names_the_missing_files(
    workdir: Path, tiny_marian: Path
) -> None:
    alone = workdir / "alone"
    alone.mkdir()
    bare = _bare_conversion(tiny_marian, alone / "opus-mt-ct2")
    result = translate("--model", str(bare))
    assert result.exit_code == 2, result.output
    assert "a CTranslate2 model without its tokenizer" in result.output
    assert "source.spm" in result.output and "--copy_files" in result.output


def test_a_bare_ctranslate2_conversion_finds_the_model_beside_it(
    workdir: Path, tiny_marian: Path
) -> None:
    models = workdir / "models"
    shutil.copytree(tiny_marian, models / "opus-mt-en-az")
    bare = _bare_conversion(models / "opus-mt-en-az", models / "opus-mt-en-az-ct2")
    # Another model beside it, with another vocabulary, is not taken for its tokenizer.
    from tests import modelfactory

    modelfactory.build_marian(models / "other", vocab_size=120, seed=3)
    result = translate("--model", str(bare))
    assert result.exit_code == 0, result.output
    po = catalogs.catalog_path(workdir / "locales", "az", "baku-book-fair")
    units = [u for u in catalogs.read_catalog(po).units if not u.isheader()]
    assert units and all(
        catalogs.own_comments(u, catalogs.MT_PREFIX)[0].startswith(f"ctranslate2 {bare}")
        for u in units
    )
    verify_catalog(po)
    from i18n_pipeline.engines.modeldir import tokenizer_directory

    assert tokenizer_directory(bare) == (models / "opus-mt-en-az").resolve()


def test_compile_of_a_missing_locales_dir_exits_2(workdir: Path) -> None:
    result = run("compile", "--locales-dir", "no-such-locales")
    assert result.exit_code == 2 and "--locales-dir no-such-locales: no such directory" in (
        result.output
    )
    (workdir / "empty-locales").mkdir()
    empty = run("compile", "--locales-dir", "empty-locales")
    assert empty.exit_code == 1 and "no catalogs found" in empty.output  # exists, holds none


def test_a_tmx_of_another_language_is_refused_not_a_silent_no_op(covered: Path) -> None:
    tmx = covered.parent.parent.parent.parent / "tr.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n'
        '<tu><tuv xml:lang="en"><seg>See also</seg></tuv>'
        '<tuv xml:lang="tr"><seg>Ayrıca bakınız</seg></tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    before = covered.read_bytes()
    result = run("import", str(tmx), "--into", str(covered))
    assert result.exit_code == 2, result.output
    assert "no translation unit pairs en with the catalog's language az" in result.output
    assert "the file holds en, tr" in result.output and f"{tmx}:" in result.output
    assert covered.read_bytes() == before
