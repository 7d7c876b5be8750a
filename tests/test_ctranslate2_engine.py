"""The CTranslate2 engine on tiny models converted locally: parity with transformers, caching,
no torch on the translation path, long input cut and never truncated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from i18n_pipeline.engines import ctranslate2_engine as ct2
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.engines.ctranslate2_engine import CTranslate2Engine, convert_model
from i18n_pipeline.engines.registry import ModelSpec, resolve_model
from i18n_pipeline.engines.transformers_engine import TransformersEngine
from i18n_pipeline.errors import ModelError
from i18n_pipeline.text.protect import mask

SENTENCES = [
    "The ferry leaves Baku at 9 a.m. on Monday.",
    "Tickets cost 60 manat.",
    "",
    "Write to [1]the port office[2] today.",
]


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_marian_matches_transformers_greedy(copy_marian: Path, cache: Path) -> None:
    """Same weights (float32), same greedy search: CTranslate2 must give transformers' output,
    on text the model copies and on words it has never seen (where tokenization shows)."""
    spec = resolve_model(str(copy_marian), "en", "az")
    fast = CTranslate2Engine(spec, compute_type="float32", cache_dir=cache)
    assert isinstance(fast, Engine)
    slow = TransformersEngine(spec, device="cpu")
    assert fast.translate_batch(SENTENCES, source="en", target="az") == slow.translate_batch(
        SENTENCES, source="en", target="az"
    )
    # Tokenization without transformers gives transformers' tokens, unknown pieces included.
    odd = "Xaçmaz, Şəki və Gəncə: 1,250 km² — «qəzet» № 7!"
    vocab = slow.tokenizer.get_vocab()
    ours = [t if t in vocab else "<unk>" for t in fast._tokens(odd, [])]
    assert ours == slow.tokenizer.convert_ids_to_tokens(slow.tokenizer(odd)["input_ids"])
    assert fast.info.engine == "ctranslate2" and fast.info.version.endswith("float32")


@pytest.mark.parametrize("fixture", ["tiny_m2m100", "tiny_nllb"])
@pytest.mark.parametrize("target", ["az", "tr"])
def test_multilingual_language_tokens_match_transformers(
    fixture: str, target: str, cache: Path, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(fixture)
    spec = resolve_model(str(path), "en", target)
    fast = CTranslate2Engine(spec, compute_type="float32", max_length=8, cache_dir=cache)
    slow = TransformersEngine(spec, device="cpu", max_length=8)
    sentences = SENTENCES[:2]
    assert fast.translate_batch(sentences, source="en", target=target) == slow.translate_batch(
        sentences, source="en", target=target
    )


def test_copy_model_int8_copies_masked_text(copy_marian: Path, cache: Path) -> None:
    engine = CTranslate2Engine(resolve_model(str(copy_marian), "en", "az"), cache_dir=cache)
    assert engine.info.version.endswith("int8")
    masked = [mask(s).text for s in SENTENCES]
    assert engine.translate_batch(masked, source="en", target="az") == masked


def test_conversion_is_cached_by_model_revision_and_quantization(
    tiny_marian: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = ModelSpec(str(tiny_marian), "marian")
    first = convert_model(spec, "int8", cache)
    calls: list[Path] = []

    def fake_convert(model_dir: Path, target: Path, *rest: object) -> None:
        calls.append(target)
        target.mkdir(parents=True)
        (target / "model.bin").write_bytes(b"")

    monkeypatch.setattr(ct2, "_convert", fake_convert)
    assert convert_model(spec, "int8", cache) == first
    assert calls == []
    convert_model(spec, "float32", cache)  # another quantization: another conversion
    assert len(calls) == 1 and calls[0].name.endswith("--float32")
    metadata = json.loads((first.path / ct2.METADATA).read_text())
    assert metadata["family"] == "marian" and metadata["quantization"] == "int8"
    assert sorted(p.name for p in first.path.parent.iterdir() if p.name.startswith(".")) == []


def test_an_already_converted_directory_is_used_as_is(copy_marian: Path, cache: Path) -> None:
    converted = convert_model(ModelSpec(str(copy_marian), "marian"), "int8", cache)
    engine = CTranslate2Engine(resolve_model(str(converted.path), "en", "az"), cache_dir=cache)
    assert engine.converted.path == converted.path
    assert engine.translate_batch(["Tickets cost 60 manat."], source="en", target="az") == [
        "Tickets cost 60 manat."
    ]


def test_translation_path_imports_neither_torch_nor_transformers(
    copy_marian: Path, cache: Path
) -> None:
    convert_model(ModelSpec(str(copy_marian), "marian"), "int8", cache)
    script = (
        "import sys\n"
        "from i18n_pipeline.engines.registry import resolve_model\n"
        "from i18n_pipeline.engines.ctranslate2_engine import CTranslate2Engine\n"
        f"e = CTranslate2Engine(resolve_model({str(copy_marian)!r}, 'en', 'az'))\n"
        "print(e.translate_batch(['Tickets cost 60 manat.'], source='en', target='az')[0])\n"
        "print(sorted(m for m in sys.modules if m == 'torch' or m.startswith('transformers')))\n"
    )
    env = {**os.environ, "I18N_PIPELINE_CACHE": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.splitlines() == ["Tickets cost 60 manat.", "[]"]


def test_long_input_is_cut_into_pieces_not_truncated(copy_marian: Path, cache: Path) -> None:
    engine = CTranslate2Engine(
        resolve_model(str(copy_marian), "en", "az"), compute_type="float32", cache_dir=cache
    )
    object.__setattr__(engine.converted, "input_limit", 16)  # pretend a tiny model limit
    sent: list[list[str]] = []
    translate = engine.translator.translate_batch

    def spy(batch: list[list[str]], **options: object) -> object:
        sent.extend(batch)
        return translate(batch, **options)

    engine.translator = type("Spy", (), {"translate_batch": staticmethod(spy)})()
    text = "The ferry leaves Baku at 9 a.m. on Monday, and tickets cost 60 manat for everyone."
    engine.translate_batch([text], source="en", target="az")
    assert len(sent) > 1 and all(len(tokens) <= 16 for tokens in sent)
    pieces = "".join(engine.codec.decode(tokens) for tokens in sent).replace(" ", "")
    assert pieces == text.replace(" ", "")  # every character went to the model


def test_output_cut_at_max_length_is_reported(tiny_marian: Path, cache: Path) -> None:
    engine = CTranslate2Engine(
        resolve_model(str(tiny_marian), "en", "az"), max_length=3, cache_dir=cache
    )
    engine.translate_batch(SENTENCES[:2], source="en", target="az")
    assert engine.cut_short == set(SENTENCES[:2])


def test_missing_models_are_clear_errors(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        CTranslate2Engine(ModelSpec(str(tmp_path / "nope"), "marian"), cache_dir=cache)
    with pytest.raises(ModelError, match="--model PATH"):  # HF_HUB_OFFLINE=1 in conftest
        CTranslate2Engine(ModelSpec("Helsinki-NLP/opus-mt-xx-yy", "marian"), cache_dir=cache)


ARENAS = (
    "import ctypes, sys, threading\n"
    "from i18n_pipeline.engines.ctranslate2_engine import share_malloc_arena\n"
    "print(share_malloc_arena() if sys.argv[1] == 'share' else None, flush=True)\n"
    "libc = ctypes.CDLL(None)\n"
    "libc.malloc.restype = ctypes.c_void_p\n"
    "libc.free.argtypes = [ctypes.c_void_p]\n"
    "def work():\n"
    "    libc.free(libc.malloc(1 << 16))  # a thread's first malloc picks its arena\n"
    "t = threading.Thread(target=work); t.start(); t.join()\n"
    "libc.malloc_stats()  # one 'Arena N:' paragraph per arena, on stderr\n"
)


def _arenas(mode: str, **env: str) -> tuple[str, int]:
    environment = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"} | env
    out = subprocess.run(
        [sys.executable, "-c", ARENAS, mode],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return out.stdout.strip(), sum(line.startswith("Arena ") for line in out.stderr.splitlines())


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or __import__("platform").libc_ver()[0] != "glibc",
    reason="glibc's malloc only",
)
def test_share_malloc_arena_keeps_new_threads_in_the_main_arena() -> None:
    """The fix for the CTranslate2 path's unsteady peak RSS: a thread started after the call
    allocates from the main arena instead of an arena of its own."""
    assert _arenas("default") == ("None", 2)
    assert _arenas("share") == ("True", 1)
    # A MALLOC_ARENA_MAX the user set is theirs: left alone.
    assert _arenas("share", MALLOC_ARENA_MAX="4") == ("False", 2)


def test_cli_shares_the_arena_and_the_library_leaves_it_alone(
    copy_marian: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from click.testing import CliRunner

    from i18n_pipeline.cli import main
    from i18n_pipeline.pipeline import TranslateOptions, translate_files

    calls: list[str] = []
    monkeypatch.setattr(ct2, "share_malloc_arena", lambda: calls.append("shared") or True)
    monkeypatch.setenv("I18N_PIPELINE_CACHE", str(cache))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("Tickets cost 60 manat.\n", "utf-8")
    (tmp_path / "b.md").write_text("The port opens today.\n", "utf-8")
    (tmp_path / "c.md").write_text("The road closes at noon.\n", "utf-8")
    options = TranslateOptions(targets=("az",), model=str(copy_marian), engine="ctranslate2")
    translate_files([tmp_path / "a.md"], replace(options, threads=1))
    assert calls == []  # a library user's process: untouched
    command = ["translate", "--to", "az", "--model", str(copy_marian), "--engine", "ctranslate2"]
    for threads, article in (("2", "b.md"), ("1", "c.md")):  # one arena only on one thread
        result = CliRunner().invoke(main, [*command, article, "--threads", threads])
        assert result.exit_code == 0, result.output
        assert calls == ([] if threads == "2" else ["shared"])


TRK = (">>aze_Latn<<", ">>tur<<", ">>kaz_Cyrl<<", ">>uzb_Latn<<")


@pytest.fixture(scope="module")
def tiny_multi_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight Marian shaped like opus-mt-en-trk: the target is a >>xxx<< token."""
    from tests import modelfactory

    return modelfactory.build_marian(
        tmp_path_factory.mktemp("tiny-en-trk"), target="trk", target_tokens=TRK
    )


@pytest.mark.parametrize(("target", "token"), [("az", ">>aze_Latn<<"), ("tr", ">>tur<<")])
def test_a_multi_target_marian_gets_the_target_token_first(
    tiny_multi_target: Path, cache: Path, target: str, token: str
) -> None:
    spec = resolve_model(str(tiny_multi_target), "en", target)
    fast = CTranslate2Engine(spec, max_length=4, cache_dir=cache)
    prefix, target_prefix = fast._language_tokens("en", target)
    assert prefix == [token] and target_prefix is None
    assert fast._tokens("The port opens.", prefix)[0] == token
    assert len(fast.translate_batch(["The port opens."], source="en", target=target)) == 1
    slow = TransformersEngine(spec, device="cpu", max_length=4)
    slow.translate_batch(["The port opens."], source="en", target=target)
    ids = slow.tokenizer(slow.prefix + "The port opens.")["input_ids"]
    assert ids[0] == slow.tokenizer.convert_tokens_to_ids(token)
    # The same sentence through both engines: the same tokens, language token included.
    assert slow.tokenizer.convert_ids_to_tokens(ids) == [
        t if t in slow.tokenizer.get_vocab() else "<unk>"
        for t in fast._tokens("The port opens.", prefix)
    ]


def test_a_multi_target_marian_without_the_language_says_which_it_has(
    tiny_multi_target: Path, cache: Path
) -> None:
    from i18n_pipeline.errors import UsageError

    spec = resolve_model(str(tiny_multi_target), "en", "ru")
    fast = CTranslate2Engine(spec, max_length=4, cache_dir=cache)
    with pytest.raises(UsageError, match=r"--to ru: .* \(it has aze_Latn, kaz_Cyrl, tur"):
        fast.translate_batch(["The port opens."], source="en", target="ru")


def test_a_one_pair_marian_gets_no_token(tiny_marian: Path, cache: Path) -> None:
    fast = CTranslate2Engine(resolve_model(str(tiny_marian), "en", "az"), cache_dir=cache)
    assert fast._language_tokens("en", "az") == ([], None)
