"""TransformersEngine on tiny local models: loading, batching, language codes, long input."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import pytest

from i18n_pipeline.engines.base import Engine, EngineInfo
from i18n_pipeline.engines.registry import ModelSpec, resolve_model
from i18n_pipeline.engines.transformers_engine import TransformersEngine, split_for_model
from i18n_pipeline.errors import ModelError, UsageError
from i18n_pipeline.text.protect import TOKEN_RE, mask, restore
from tests import modelfactory


class GenerateSpy:
    """Wraps model.generate to record what the engine asked for."""

    def __init__(self, engine: TransformersEngine) -> None:
        self.engine = engine
        self.calls: list[dict[str, Any]] = []
        self._generate = engine.model.generate
        engine.model.generate = self  # type: ignore[method-assign]

    def __call__(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return self._generate(**kwargs)

    def inputs(self) -> list[list[int]]:
        """Each input row of each call, padding removed."""
        rows = []
        for call in self.calls:
            for ids, keep in zip(call["input_ids"], call["attention_mask"], strict=True):
                rows.append([int(i) for i, k in zip(ids, keep, strict=True) if k])
        return rows


@pytest.fixture(scope="module")
def copy_engine(copy_marian: Path) -> TransformersEngine:
    return TransformersEngine(resolve_model(str(copy_marian), "en", "az"), device="cpu")


def test_tiny_marian_through_the_engine(tiny_marian: Path) -> None:
    engine = TransformersEngine(ModelSpec(str(tiny_marian), "marian"), max_length=6)
    assert isinstance(engine, Engine)
    import torch

    assert engine.device == ("cuda" if torch.cuda.is_available() else "cpu")  # auto
    assert engine.info == EngineInfo(
        "transformers", str(tiny_marian), engine.info.version
    ) and engine.info.version.startswith("transformers ")
    sentences = ["The weather in Baku will be sunny.", "", "Hello!", "   ", "A new bridge."]
    out = engine.translate_batch(sentences, source="en", target="az")
    assert len(out) == len(sentences)
    assert all(isinstance(o, str) and o == o.strip() for o in out)
    assert out[1] == "" and out[3] == ""  # nothing to translate: the model is not asked


def test_outputs_come_back_in_input_order(copy_marian: Path) -> None:
    """Each run of 2 is one batch, as given (the pipeline sorts: `batch_order`), longest row
    first inside; the copy model shows each answer lands in its place."""
    engine = TransformersEngine(ModelSpec(str(copy_marian), "marian"), batch_size=2)
    spy = GenerateSpy(engine)
    sentences = [
        "Hello!",
        "The president met foreign ministers in the capital.",
        "Read more news.",
        "Schools will reopen after the winter holidays on January 10.",
        "Bu həftənin axtarış nəticələri.",
    ]
    assert engine.translate_batch(sentences, source="en", target="az") == sentences
    assert len(spy.calls) == 3  # 5 sentences in batches of 2
    rows = spy.inputs()
    # Never regrouped: batch k holds sentences 2k and 2k+1 (model_batches), whatever their length.
    expected = [sorted(sentences[i : i + 2], key=len, reverse=True) for i in range(0, 5, 2)]
    tokenized = [engine.tokenizer(s)["input_ids"] for batch in expected for s in batch]
    assert rows == tokenized


@pytest.mark.parametrize(
    ("fixture", "source", "target", "source_token", "target_token"),
    [
        ("tiny_m2m100", "en", "az_AZ", "__en__", "__az__"),
        ("tiny_m2m100", "tr", "ru", "__tr__", "__ru__"),
        ("tiny_nllb", "en", "az", "eng_Latn", "azj_Latn"),
        ("tiny_nllb", "az-Latn", "ur_PK", "azj_Latn", "urd_Arab"),
    ],
)
def test_multilingual_models_get_their_language_codes(
    request: pytest.FixtureRequest,
    fixture: str,
    source: str,
    target: str,
    source_token: str,
    target_token: str,
) -> None:
    path: Path = request.getfixturevalue(fixture)
    engine = TransformersEngine(resolve_model(str(path), source, target), max_length=4)
    spy = GenerateSpy(engine)
    out = engine.translate_batch(["Hello world.", "Good morning"], source=source, target=target)
    assert len(out) == 2
    tokenizer = engine.tokenizer
    source_id = tokenizer.convert_tokens_to_ids(source_token)
    target_id = tokenizer.convert_tokens_to_ids(target_token)
    (call,) = spy.calls
    assert call["forced_bos_token_id"] == target_id
    assert all(row[0] == source_id for row in spy.inputs())  # the source language prefix
    assert target_token not in " ".join(out) and source_token not in " ".join(out)


def test_forced_target_token_is_the_first_generated(tiny_m2m100: Path) -> None:
    engine = TransformersEngine(resolve_model(str(tiny_m2m100), "en", "az"), max_length=3)
    spy = GenerateSpy(engine)
    results: list[Any] = []
    original = spy._generate

    def generate(**kwargs: Any) -> Any:
        results.append(original(**kwargs))
        return results[-1]

    spy._generate = generate
    engine.translate_batch(["Hello"], source="en", target="az")
    assert int(results[0][0][1]) == engine.tokenizer.convert_tokens_to_ids("__az__")


def test_a_language_the_model_cannot_do(tiny_m2m100: Path) -> None:
    engine = TransformersEngine(ModelSpec(str(tiny_m2m100), "m2m100"), max_length=2)
    with pytest.raises(UsageError, match="--to"):
        engine.translate_batch(["Hello"], source="en", target="tk")


def test_long_input_is_split_never_truncated(copy_engine: TransformersEngine) -> None:
    spy = GenerateSpy(copy_engine)
    limit = copy_engine.input_limit
    copy_engine.input_limit = 24  # as if the model read 24 tokens at most
    try:
        masked = mask(
            "The government announced a new budget on Monday, and prices for bread and milk "
            "rose by five percent last month; the central bank kept its interest rate "
            "unchanged, <b>the minister said</b> that talks would continue next week."
        )
        (out,) = copy_engine.translate_batch([masked.text], source="en", target="az")
    finally:
        copy_engine.input_limit = limit
    rows = spy.inputs()
    assert len(rows) > 1  # generate saw pieces, not the whole sentence
    assert all(len(row) <= 24 for row in rows)
    restored = restore(out, masked)
    assert restored.ok
    assert restored.text == (
        "The government announced a new budget on Monday, and prices for bread and milk "
        "rose by five percent last month; the central bank kept its interest rate "
        "unchanged, <b>the minister said</b> that talks would continue next week."
    )


def test_input_limit_comes_from_the_model(tmp_path: Path) -> None:
    path = modelfactory.build_marian(tmp_path / "short", max_positions=32)
    engine = TransformersEngine(ModelSpec(str(path), "marian"), max_length=4)
    assert engine.input_limit == 30 and engine.max_new_tokens == 4
    spy = GenerateSpy(engine)
    long_text = " ".join(["The weather in Baku will be sunny and warm tomorrow."] * 6)
    (out,) = engine.translate_batch([long_text], source="en", target="az")
    assert len(spy.inputs()) >= 3 and all(len(row) <= 30 for row in spy.inputs())
    assert isinstance(out, str)


@pytest.mark.parametrize(
    "text",
    [
        "short",
        "First clause, second clause; third clause: fourth clause. Fifth!",
        "one two three four five six seven eight nine ten eleven twelve",
        "x" * 50,
        "[1][2][3][4][5][6][7][8][9][10][11][12][13]",
        "  leading and trailing spaces, kept as they were  ",
    ],
)
def test_split_for_model_keeps_every_character(text: str) -> None:
    pieces = split_for_model(text, lambda piece: len(piece) <= 12)
    assert "".join(pieces) == text
    assert all(len(piece) <= 12 for piece in pieces)
    # No cut inside a mask token: the pieces hold exactly the text's tokens.
    assert sum(len(TOKEN_RE.findall(p)) for p in pieces) == len(TOKEN_RE.findall(text))


def test_split_for_model_never_cuts_a_mask_token() -> None:
    text = "abc[12]def" * 4
    pieces = split_for_model(text, lambda piece: len(piece) <= 8)
    assert "".join(pieces) == text
    assert sum(len(TOKEN_RE.findall(p)) for p in pieces) == 4


def test_split_prefers_clause_breaks() -> None:
    text = "The minister said talks would continue, and the bank kept its rate."
    assert split_for_model(text, lambda piece: len(piece) <= 45) == [
        "The minister said talks would continue, ",
        "and the bank kept its rate.",
    ]


def test_copy_model_reproduces_masked_sentences(copy_engine: TransformersEngine) -> None:
    """mask -> translate -> restore loses nothing when the model copies: held-out sentences."""
    held_out = modelfactory.copy_sentences(60, seed=4242, max_words=30)
    out = copy_engine.translate_batch(held_out, source="en", target="az")
    assert modelfactory.exact_match(out, held_out) == 1.0

    sources = [
        "Hello %(name)s, you have {count} new messages.",
        'Read <a href="https://news.az/a?b=1">the full report</a> &amp; share it!',
        "Write to info@news.az or visit https://news.az/az/2024 today.",
        "Prices for bread rose by %d%% last month [3].",
        "Hökumət bazar ertəsi <b>yeni büdcəni</b> elan etdi.",
    ]
    masked = [mask(s) for s in sources]
    out = copy_engine.translate_batch([m.text for m in masked], source="en", target="az")
    for source, m, translated in zip(sources, masked, out, strict=True):
        restored = restore(translated, m)
        assert restored.ok, (source, translated)
        assert restored.text == source


# --- failures ------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record (and refuse) every attempt to open a network connection."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_missing_local_model_is_one_clear_sentence(
    tmp_path: Path, no_network: list[object]
) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelError) as info:
        TransformersEngine(ModelSpec(str(missing), "marian"))
    message = str(info.value)
    assert str(missing) in message and "--model PATH" in message
    assert "\n" not in message and "Traceback" not in message
    assert no_network == []


def test_unloadable_local_directory(tmp_path: Path, no_network: list[object]) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"Could not load model .*broken.*--model PATH"):
        TransformersEngine(ModelSpec(str(broken), "marian"))
    assert no_network == []


def test_hub_model_offline_is_a_model_error_without_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_network: list[object]
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-cache"))
    with pytest.raises(ModelError) as info:
        TransformersEngine(ModelSpec("example-org/opus-mt-xx-yy", "marian"))
    message = str(info.value)
    assert message.startswith("Could not load model example-org/opus-mt-xx-yy")
    assert "pass --model PATH to a local copy" in message
    assert "allow network access" in message and "Hugging Face Hub" in message
    assert "\n" not in message
    assert no_network == []
    assert info.value.__cause__ is None  # `from None`: the CLI prints one line, no chain


def test_bad_options_are_usage_errors(tiny_marian: Path) -> None:
    spec = ModelSpec(str(tiny_marian), "marian")
    for options in ({"beam": 0}, {"batch_size": 0}, {"max_length": 0}):
        with pytest.raises(UsageError):
            TransformersEngine(spec, **options)  # type: ignore[arg-type]


def test_output_cut_by_max_length_is_reported(
    tiny_marian: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Reported to the caller (which flags the entry), and logged at debug level."""
    engine = TransformersEngine(ModelSpec(str(tiny_marian), "marian"), max_length=2)
    sentence = "The weather in Baku will be sunny."
    with caplog.at_level(logging.DEBUG, logger="i18n_pipeline.engines.transformers_engine"):
        engine.translate_batch([sentence], source="en", target="az")
    assert engine.cut_short == {sentence}
    assert any("raise --max-length" in record.message for record in caplog.records)
