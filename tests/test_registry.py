"""registry: aliases, defaults per pair, language codes per family, local model detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from i18n_pipeline.engines.registry import (
    ModelSpec,
    detect_family,
    known_models,
    load_registry,
    model_language_code,
    resolve_model,
)
from i18n_pipeline.errors import UsageError


def test_registry_data_is_complete_and_consistent() -> None:
    registry = load_registry()
    aliases = {entry.alias for entry in registry.entries}
    assert {
        "opus-mt-en-az",
        "opus-mt-az-en",
        "opus-mt-en-tr",
        "opus-mt-tr-en",
        "opus-mt-en-ru",
        "opus-mt-ru-en",
        "opus-mt-en-ur",
        "nllb-200-distilled-600M",
        "m2m100_418M",
    } <= aliases
    assert len(aliases) == len(registry.entries)
    assert registry.find("opus-mt-en-tr").hub_id == "Helsinki-NLP/opus-mt-tc-big-en-tr"  # type: ignore[union-attr]
    for entry in known_models():
        assert entry.family in ("marian", "nllb", "m2m100")
        assert (entry.family == "marian") == bool(entry.pairs), entry.alias
        assert entry.notes
    assert registry.find(registry.fallback) is not None
    assert all(registry.find(alias) for alias in registry.pair_defaults.values())


@pytest.mark.parametrize(
    ("model", "ref", "family", "alias"),
    [
        ("opus-mt-en-az", "Helsinki-NLP/opus-mt-en-az", "marian", "opus-mt-en-az"),
        ("Helsinki-NLP/opus-mt-en-az", "Helsinki-NLP/opus-mt-en-az", "marian", "opus-mt-en-az"),
        ("m2m100_418M", "facebook/m2m100_418M", "m2m100", "m2m100_418M"),
        (
            "facebook/nllb-200-distilled-600M",
            "facebook/nllb-200-distilled-600M",
            "nllb",
            "nllb-200-distilled-600M",
        ),
        # Unknown hub ids: family by name, or a one-pair model when the name says nothing.
        ("facebook/nllb-200-3.3B", "facebook/nllb-200-3.3B", "nllb", None),
        ("facebook/m2m100_1.2B", "facebook/m2m100_1.2B", "m2m100", None),
        ("Helsinki-NLP/opus-mt-en-de", "Helsinki-NLP/opus-mt-en-de", "marian", None),
        ("example-org/some-model", "example-org/some-model", "marian", None),
    ],
)
def test_aliases_and_hub_ids(model: str, ref: str, family: str, alias: str | None) -> None:
    assert resolve_model(model, "en", "az") == ModelSpec(ref, family, alias)


@pytest.mark.parametrize(
    ("source", "target", "alias"),
    [
        ("en", "az", "opus-mt-en-az"),
        ("az", "en", "opus-mt-az-en"),
        ("en_US", "az_AZ", "opus-mt-en-az"),
        ("az-Latn", "en-GB", "opus-mt-az-en"),
        ("en", "tr", "opus-mt-en-tr"),
        ("tr", "en", "opus-mt-tr-en"),
        ("en", "ru", "opus-mt-en-ru"),
        ("ru", "en", "opus-mt-ru-en"),
        ("en", "ur", "opus-mt-en-ur"),
        ("en", "ka", "nllb-200-distilled-600M"),  # no Marian model listed: the fallback
        ("az", "tr", "nllb-200-distilled-600M"),
        ("ur", "en", "nllb-200-distilled-600M"),
    ],
)
def test_default_model_per_pair(source: str, target: str, alias: str) -> None:
    assert resolve_model(None, source, target).alias == alias


@pytest.mark.parametrize(
    ("locale", "code"),
    [
        ("en", "eng_Latn"),
        ("az", "azj_Latn"),
        ("az_AZ", "azj_Latn"),
        ("az-Latn", "azj_Latn"),
        ("az-Latn-AZ", "azj_Latn"),
        ("az_IR", "azb_Arab"),
        ("tr", "tur_Latn"),
        ("ru_RU", "rus_Cyrl"),
        ("ur", "urd_Arab"),
        ("ar", "arb_Arab"),
        ("fa", "pes_Arab"),
        ("de", "deu_Latn"),
        ("fr_FR", "fra_Latn"),
        ("es", "spa_Latn"),
        ("uk", "ukr_Cyrl"),
        ("ka", "kat_Geor"),
        ("kk", "kaz_Cyrl"),
        ("uz", "uzn_Latn"),
        ("pt_BR", "por_Latn"),
        ("zh_TW", "zho_Hant"),
        ("zh-Hans-CN", "zho_Hans"),
        ("sr@latin", "srp_Cyrl"),
        ("azj_Latn", "azj_Latn"),  # already a FLORES-200 code
    ],
)
def test_nllb_codes(locale: str, code: str) -> None:
    assert model_language_code("nllb", locale) == code


@pytest.mark.parametrize(
    ("locale", "code"),
    [
        ("az", "az"),
        ("az_AZ", "az"),
        ("tr-TR", "tr"),
        ("pt_BR", "pt"),
        ("nb_NO", "no"),
        ("ka", "ka"),
        ("ur", "ur"),
    ],
)
def test_m2m100_codes(locale: str, code: str) -> None:
    assert model_language_code("m2m100", locale) == code


def test_marian_takes_the_language_subtag() -> None:
    assert model_language_code("marian", "az_AZ") == "az"
    assert model_language_code("marian", "az-Latn") == "az"


def test_unknown_language_names_the_option() -> None:
    with pytest.raises(UsageError, match=r"^--to xx: .*NLLB"):
        model_language_code("nllb", "xx")
    with pytest.raises(UsageError, match=r"^--from tk: .*M2M-100"):
        model_language_code("m2m100", "tk", option="--from")
    with pytest.raises(UsageError, match="--from"):
        resolve_model("m2m100_418M", "tk", "en")
    with pytest.raises(UsageError, match="--to"):
        resolve_model(None, "en", "xx")


@pytest.mark.parametrize("locale", ["../etc", "az AZ", "a", "az;rm", "", "azərbaycan"])
def test_unsafe_locales_are_refused(locale: str) -> None:
    with pytest.raises(UsageError, match="not a language code"):
        model_language_code("nllb", locale)
    with pytest.raises(UsageError, match="--from"):
        resolve_model(None, locale, "en")


def test_a_marian_model_translates_its_pair_only() -> None:
    with pytest.raises(UsageError, match=r"opus-mt-en-az translates en->az only"):
        resolve_model("opus-mt-en-az", "az", "en")
    assert resolve_model("opus-mt-en-az", "en_GB", "az_AZ").alias == "opus-mt-en-az"


def _write_model_dir(path: Path, config: dict[str, object], tokenizer_class: str | None) -> Path:
    path.mkdir(parents=True)
    (path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    for name in ("model.safetensors", "tokenizer.json"):  # what --model checks is there
        (path / name).write_text("{}", encoding="utf-8")
    if tokenizer_class:
        (path / "tokenizer_config.json").write_text(
            json.dumps({"tokenizer_class": tokenizer_class}), encoding="utf-8"
        )
    return path


@pytest.mark.parametrize(
    ("name", "config", "tokenizer_class", "family"),
    [
        ("a", {"model_type": "marian"}, "MarianTokenizer", "marian"),
        ("b", {"model_type": "m2m_100"}, "M2M100Tokenizer", "m2m100"),
        ("c", {"model_type": "m2m_100"}, "NllbTokenizer", "nllb"),  # NLLB is M2M-100 inside
        ("d", {"model_type": "m2m_100"}, "NllbTokenizerFast", "nllb"),
        ("e", {"model_type": "nllb-moe"}, None, "nllb"),
        ("my-nllb-copy", {}, None, "nllb"),  # no readable config: the name decides
        ("opus-mt-ctranslate2", {"layer_norm_epsilon": None}, None, "marian"),
        ("anything", {}, None, "marian"),
    ],
)
def test_local_directory_family(
    tmp_path: Path, name: str, config: dict[str, object], tokenizer_class: str | None, family: str
) -> None:
    path = _write_model_dir(tmp_path / name, config, tokenizer_class)
    assert detect_family(path) == family
    spec = resolve_model(str(path), "en", "az")
    assert spec == ModelSpec(str(path), family, None)


def test_local_tiny_models_are_detected(
    tiny_marian: Path, tiny_m2m100: Path, tiny_nllb: Path
) -> None:
    assert resolve_model(str(tiny_marian), "en", "az").family == "marian"
    assert resolve_model(str(tiny_m2m100), "en", "az").family == "m2m100"
    assert resolve_model(str(tiny_nllb), "en", "az").family == "nllb"


def test_a_local_path_that_does_not_exist(tmp_path: Path) -> None:
    for missing in (str(tmp_path / "nope"), "./nope", "../models/nope", "~/no/such/model"):
        with pytest.raises(UsageError, match=r"--model .*nope|--model .*model") as info:
            resolve_model(missing, "en", "az")
        assert "no such directory, and not a Hugging Face Hub id" in str(info.value)


def test_a_source_checkout_on_pythonpath_reads_the_registry(tmp_path: Path) -> None:
    """Not installed (PYTHONPATH=checkout), `i18n_pipeline.model_registry` does not exist:
    the package-dir mapping is an installed copy's. The registry is still read."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    checkout = tmp_path / "checkout"
    shutil.copytree(root / "i18n_pipeline", checkout / "i18n_pipeline")
    shutil.copytree(root / "models", checkout / "models")
    code = (
        # As if not installed at all: without the editable install's finder, if there is one.
        "import sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in f.__module__]\n"
        "import i18n_pipeline, importlib.util as u\n"
        "from i18n_pipeline.engines.registry import load_registry\n"
        f"assert i18n_pipeline.__file__.startswith({str(checkout)!r})\n"
        "print(u.find_spec('i18n_pipeline.model_registry') is None, len(load_registry().entries))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    missing, entries = done.stdout.split()
    assert missing == "True" and int(entries) > 5
