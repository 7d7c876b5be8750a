"""CTranslate2: the fast engine. Converts a transformers model once, then translates without torch.

The translation path (tokenize → `Translator.translate_batch` → detokenize) uses SentencePiece or
the `tokenizers` library directly: importing transformers' AutoTokenizer pulls in torch, which
costs seconds and hundreds of MiB on every start. Conversion (the only step that needs torch and
transformers) runs once per model, revision and quantization; its result is cached.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Unpack

from i18n_pipeline.engines.base import EngineInfo, ModelEngineOptions
from i18n_pipeline.engines.modeldir import tokenizer_directory
from i18n_pipeline.engines.pieces import (
    cut_pieces,
    join_pieces,
    model_batches,
    split_for_model,
    surely_fits,
)
from i18n_pipeline.engines.registry import (
    MULTILINGUAL,
    ModelSpec,
    detect_family,
    marian_target_token,
    model_language_code,
)
from i18n_pipeline.engines.tuning import choose_setup, physical_cores
from i18n_pipeline.errors import ModelError, UsageError, check_keywords

log = logging.getLogger(__name__)

METADATA = "i18n-pipeline.json"  # what we know about a conversion we made
# Tokenizer files copied next to the converted weights, so a converted directory is complete.
TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "sentencepiece.bpe.model",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "generation_config.json",
)
# Only what conversion needs is fetched from the Hub: no duplicate TF/Flax/Rust weights.
_HUB_PATTERNS = [*TOKENIZER_FILES, "config.json", "*.safetensors", "*.safetensors.index.json"]
_HUB_PATTERNS_BIN = [*TOKENIZER_FILES, "config.json", "pytorch_model*.bin", "*.bin.index.json"]
COMPUTE_TYPES = (
    "auto",
    "default",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
_QUANTIZATIONS = set(COMPUTE_TYPES) - {"auto", "default"}
MANY_SENTENCES = 1_000_000  # the work assumed before reserve() announces the real size


def cache_root() -> Path:
    """Where converted models live: $I18N_PIPELINE_CACHE, else the XDG cache directory."""
    explicit = os.environ.get("I18N_PIPELINE_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "i18n-pipeline"


def is_converted(path: Path) -> bool:
    return (path / "model.bin").is_file()


# --------------------------------------------------------------------------- tokenizers


# A multi-target Marian model's language tokens (">>aze_Latn<<") in a JSON vocabulary file.
_LANGUAGE_TOKEN_IN_JSON = re.compile(r'"(>>[^"<>\s\\]+<<)"')
# M2M-100's language tokens (`__az__`) and fairseq's vocabulary fillers: never output text.
_FAIRSEQ_SPECIAL = re.compile(r"^(?:__[a-z]{2,3}__|madeupword\d+)$")


class _Codec(Protocol):
    def encode(self, text: str) -> list[str]: ...
    def decode(self, tokens: list[str]) -> str: ...


class _SentencePieceCodec:
    """Marian (source.spm / target.spm) and M2M-100/NLLB (sentencepiece.bpe.model)."""

    def __init__(self, source_model: Path, target_model: Path, specials: set[str]) -> None:
        import sentencepiece

        self.source = sentencepiece.SentencePieceProcessor(model_file=str(source_model))
        self.target = (
            self.source
            if target_model == source_model
            else sentencepiece.SentencePieceProcessor(model_file=str(target_model))
        )
        self.specials = specials

    def encode(self, text: str) -> list[str]:
        return list(self.source.encode(text, out_type=str))

    def decode(self, tokens: list[str]) -> str:
        kept = [t for t in tokens if t not in self.specials and not _FAIRSEQ_SPECIAL.match(t)]
        return str(self.target.decode_pieces(kept))


class _TokenizersCodec:
    """Models that ship only a fast tokenizer (tokenizer.json)."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path))

    def encode(self, text: str) -> list[str]:
        return list(self.tokenizer.encode(text, add_special_tokens=False).tokens)

    def decode(self, tokens: list[str]) -> str:
        ids = [self.tokenizer.token_to_id(t) for t in tokens]
        return str(self.tokenizer.decode([i for i in ids if i is not None], True))


def _special_tokens(directory: Path) -> set[str]:
    """Tokens a detokenizer drops, language codes included (as transformers' decode does)."""
    specials = {"</s>", "<s>", "<pad>", "<unk>"}
    with contextlib.suppress(OSError, ValueError):
        config = json.loads((directory / "tokenizer_config.json").read_text("utf-8"))
        for token in config.get("extra_special_tokens") or []:
            if isinstance(token, str):
                specials.add(token)
        for added in (config.get("added_tokens_decoder") or {}).values():
            if isinstance(added, dict) and added.get("special") and added.get("content"):
                specials.add(str(added["content"]))
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        with contextlib.suppress(OSError, ValueError):
            data = json.loads((directory / name).read_text("utf-8"))
            for value in data.values():
                if isinstance(value, str):
                    specials.add(value)
                elif isinstance(value, dict) and isinstance(value.get("content"), str):
                    specials.add(value["content"])
            for token in data.get("additional_special_tokens") or []:
                if isinstance(token, str):
                    specials.add(token)
    return specials


def _codec(directory: Path, family: str) -> _Codec:
    specials = _special_tokens(directory)
    if family == "marian" and (directory / "source.spm").is_file():
        target = directory / "target.spm"
        return _SentencePieceCodec(
            directory / "source.spm",
            target if target.is_file() else directory / "source.spm",
            specials,
        )
    if (directory / "sentencepiece.bpe.model").is_file():
        model = directory / "sentencepiece.bpe.model"
        return _SentencePieceCodec(model, model, specials)
    if (directory / "tokenizer.json").is_file():
        return _TokenizersCodec(directory / "tokenizer.json")
    raise ModelError(
        f"{directory}: no tokenizer files (source.spm, sentencepiece.bpe.model or "
        "tokenizer.json) beside the converted model; convert it with i18n-pipeline, or copy "
        "the original model's tokenizer files into it"
    )


# --------------------------------------------------------------------------- conversion


@dataclass(frozen=True)
class ConvertedModel:
    path: Path
    family: str
    revision: str
    input_limit: int
    # Where the tokenizer files are: `path` itself, or (a bare `ct2-transformers-converter`
    # output) the model it was converted from, found by `modeldir.tokenizer_directory`.
    tokenizer_dir: Path | None = None


class ConversionError(ModelError):
    """The model loaded, but CTranslate2 cannot convert it (an architecture it lacks)."""


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "--", text).strip("-.")[:80] or "model"


def _local_revision(directory: Path) -> str:
    """A local model's 'revision': its files' names, sizes and times, hashed."""
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def _hub_snapshot(hub_id: str) -> Path:
    """The model's files in the local Hugging Face cache, downloading only what is missing."""
    from huggingface_hub import snapshot_download

    from i18n_pipeline.engines.transformers_engine import hub_reachable

    for patterns in (_HUB_PATTERNS, _HUB_PATTERNS_BIN):
        with contextlib.suppress(Exception):
            path = Path(snapshot_download(hub_id, allow_patterns=patterns, local_files_only=True))
            if any(path.glob("*.safetensors")) or any(path.glob("pytorch_model*.bin")):
                return path
    if not hub_reachable():
        raise ModelError(
            f"Model {hub_id} is not in the local Hugging Face cache and the Hub cannot be "
            "reached: pass --model PATH to a local copy, or allow network access so it can be "
            "downloaded from the Hugging Face Hub."
        )
    try:
        path = Path(snapshot_download(hub_id, allow_patterns=_HUB_PATTERNS))
        if not any(path.glob("*.safetensors")):
            path = Path(snapshot_download(hub_id, allow_patterns=_HUB_PATTERNS_BIN))
    except Exception as error:
        from i18n_pipeline.engines.registry import suggest_model

        close = suggest_model(hub_id)
        hint = f" (did you mean {close}?)" if close and close != hub_id else ""
        raise ModelError(f"Could not download model {hub_id}{hint}: {error}") from None
    return path


def convert_model(spec: ModelSpec, quantization: str, root: Path | None = None) -> ConvertedModel:
    """Convert (once) and cache; an already converted directory is used as it is."""
    source = Path(spec.ref).expanduser()
    if source.is_dir() and is_converted(source):
        return _read_converted(source, spec.family)
    if source.exists():
        if not source.is_dir():
            raise ModelError(f"Model {spec.ref} is a file; --model needs a model directory.")
        model_dir, revision = source, _local_revision(source)
        where = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:8]
        key = f"{_slug(source.resolve().name)}-{where}"
    elif spec.ref.startswith(("/", ".", "~")):
        raise ModelError(
            f"Model directory {spec.ref} does not exist: pass --model PATH to a local copy."
        )
    else:
        model_dir = _hub_snapshot(spec.ref)
        revision = model_dir.name[:12]
        key = _slug(spec.ref)
    target = (root or cache_root()) / "ctranslate2" / f"{key}--{revision}--{quantization}"
    if not is_converted(target):
        _convert(model_dir, target, spec, revision, quantization)
    return _read_converted(target, spec.family)


def _convert(
    model_dir: Path, target: Path, spec: ModelSpec, revision: str, quantization: str
) -> None:
    """Run CTranslate2's converter into a temporary directory, then rename it into place."""
    try:
        from ctranslate2.converters import TransformersConverter
        from transformers import AutoConfig
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError as error:
        raise ModelError(f"cannot convert {spec.ref}: {error}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        config = AutoConfig.from_pretrained(str(model_dir), trust_remote_code=False)
        copy = [name for name in TOKENIZER_FILES if (model_dir / name).is_file()]
        converter = TransformersConverter(str(model_dir), copy_files=copy, low_cpu_mem_usage=True)
        out = work / "model"
        with warnings.catch_warnings(), _vocabulary_by_id():
            warnings.filterwarnings("ignore", message=".*sacremoses")
            converter.convert(str(out), quantization=quantization, force=True)
        positions = getattr(config, "max_position_embeddings", None) or 512
        metadata = {
            "source_model": spec.ref,
            "family": spec.family,
            "revision": revision,
            "quantization": quantization,
            # M2M-100/NLLB position ids start after the padding index: keep a small margin.
            "input_limit": int(positions) - (2 if spec.family in MULTILINGUAL else 0),
        }
        (out / METADATA).write_text(json.dumps(metadata, indent=2), "utf-8")
        try:
            os.replace(out, target)
        except OSError:
            if not is_converted(target):  # another process won the race: fine
                raise
    except ModelError:
        raise
    except Exception as error:
        raise ConversionError(f"CTranslate2 could not convert {spec.ref}: {error}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def _vocabulary_by_id() -> Iterator[None]:
    """Make CTranslate2's M2M-100 converter see the language tokens of transformers 5.

    transformers 5 lists M2M100Tokenizer's `__xx__` tokens under `extra_special_tokens`, not
    `additional_special_tokens`, so the converter (4.x) builds a vocabulary without them and
    refuses the model. We rebuild the vocabulary from the tokenizer's id map instead: every id the
    model has, in id order, with fairseq's `madeupword` fillers where the tokenizer has none.
    """
    from ctranslate2.converters import transformers as ct2_transformers

    loader = ct2_transformers.M2M100Loader
    original = loader.get_vocabulary

    def get_vocabulary(self: Any, model: Any, tokenizer: Any) -> list[str]:
        tokens = original(self, model, tokenizer)
        size = model.config.vocab_size
        by_id: dict[int, str] = {i: t for t, i in tokenizer.get_vocab().items()}
        for token, index in (getattr(tokenizer, "lang_token_to_id", None) or {}).items():
            by_id.setdefault(index, token)
        if len(tokens) == size and all(by_id.get(i, t) == t for i, t in enumerate(tokens)):
            return tokens
        filler = (f"madeupword{n}" for n in range(size))
        return [by_id[i] if i in by_id else next(filler) for i in range(size)]

    loader.get_vocabulary = get_vocabulary
    try:
        yield
    finally:
        loader.get_vocabulary = original


def _read_converted(path: Path, family: str) -> ConvertedModel:
    data: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        data = json.loads((path / METADATA).read_text("utf-8"))
    return ConvertedModel(
        path=path,
        family=str(data.get("family") or detect_family(path) or family),
        revision=str(data.get("revision") or _local_revision(path)),
        input_limit=int(data.get("input_limit") or 512),
        tokenizer_dir=tokenizer_directory(path) or path,
    )


# --------------------------------------------------------------------------- engine


def provenance(spec: ModelSpec, converted: ConvertedModel, compute_type: str) -> EngineInfo:
    """What `#. mt:` says of a CTranslate2 translation: the same on one machine or a cluster."""
    return EngineInfo("ctranslate2", spec.ref, f"{converted.revision}, {compute_type}")


def default_compute_type(device: str) -> str:
    return "float16" if device == "cuda" else "int8"


def _device(device: str) -> str:
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "auto":
        return "cuda" if gpus else "cpu"
    if device == "cuda" and not gpus:
        raise UsageError(
            "invalid value for --device: 'cuda', but CTranslate2 sees no CUDA GPU here; "
            "use --device cpu (or auto)"
        )
    return device


_M_ARENA_MAX = -8  # glibc's mallopt() parameter number (malloc.h)


def share_malloc_arena() -> bool:
    """Make every thread this process starts from now on allocate from glibc's one main arena.

    CTranslate2 decodes on a worker thread of its own. With glibc's default, that thread gets a
    malloc arena of its own, and whether the buffers of the first batches go back to the system
    or stay in that arena depends on timing: the same one-thread run peaked at 309, 349 or
    393 MiB. With one arena it peaks at 287-299 MiB, and decodes as fast. With two or
    more compute threads one arena cost about 7% of the speed (they allocate concurrently),
    so the engine asks for it only when CTranslate2 computes on one thread. Process-wide: the
    CLI asks, a library user decides; a MALLOC_ARENA_MAX set in the environment wins.
    Returns whether the setting was applied.
    """
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return False
    import ctypes
    import platform

    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(_M_ARENA_MAX, 1))
    except (OSError, AttributeError):
        return False


class CTranslate2Options(ModelEngineOptions, total=False):
    """`CTranslate2Engine`'s keywords besides every engine's: unset, batch size, batch type,
    threads and workers are chosen by `tuning.py`, the compute type by the device."""

    batch_type: str
    compute_type: str
    workers: int
    cache_dir: Path | None
    share_arena: bool


@dataclass
class _Running:
    """Texts handed to CTranslate2 and the futures of their translations."""

    texts: list[str]
    indices: list[int]  # of the non-empty texts, the ones sent
    futures: list[Any]
    target_prefix: list[str] | None = None


class CTranslate2Engine:
    """A CTranslate2 `Translator` over a converted model, called in length-sorted batches.

    Workers, threads and batch size are chosen from the machine and the work (`tuning.py`);
    the `Translator` is created for the work announced by `reserve()` (or on the first call),
    since CTranslate2 fixes its workers when it loads the model.
    """

    # Two calls in flight keep every worker busy across a call's boundary: while the last
    # batches of one call decode, the next call's batches wait in CTranslate2's queue.
    concurrent_calls = 2

    def __init__(self, spec: ModelSpec, **options: Unpack[CTranslate2Options]) -> None:
        check_keywords("CTranslate2Engine", options, CTranslate2Options)
        compute_type = options.get("compute_type", "auto")
        if compute_type not in COMPUTE_TYPES:
            raise UsageError(f"invalid value for --compute-type: {compute_type!r}")
        self.device = _device(options.get("device", "auto"))
        self.compute_type = (
            default_compute_type(self.device)
            if compute_type in ("auto", "default")
            else compute_type
        )
        self.converted = convert_model(spec, self.compute_type, options.get("cache_dir"))
        self.spec = spec
        self.family = self.converted.family
        self.beam = options.get("beam", 1)
        self.max_length = options.get("max_length") or 256
        # What the caller asked for, bound once; the work size comes with reserve().
        self._choose = functools.partial(
            choose_setup,
            device=self.device,
            cores=physical_cores(),
            workers=options.get("workers", 0),
            threads=options.get("threads", 0),
            batch_size=options.get("batch_size", 0),
            batch_type=options.get("batch_type", ""),
        )
        self._share_arena = options.get("share_arena", False)
        self.setup = self._choose(sentences=MANY_SENTENCES)  # until reserve() says otherwise
        self._translator: Any = None
        self._loading = threading.Lock()  # calls may come from two threads (concurrent_calls)
        self.codec = _codec(self.converted.tokenizer_dir or self.converted.path, self.family)
        self.info = provenance(spec, self.converted, self.compute_type)
        self.cut_short: set[str] = set()
        # Input sentence -> the model's mean log-probability per output token (see README).
        self.scores: dict[str, float] = {}
        self._target_token: dict[str, str | None] = {}  # multi-target Marian: >>xxx<< by --to

    @property
    def sentences_per_call(self) -> int:
        """Sentences one call needs to give every worker a full batch (the pipeline's step)."""
        return self.setup.sentences_per_call

    def reserve(self, sentences: int) -> None:
        """Load the model laid out for about `sentences` sentences (before the first call)."""
        if self._translator is None:
            self.setup = self._choose(sentences=sentences or MANY_SENTENCES)
            self._load()

    def _load(self) -> Any:
        with self._loading:
            if self._translator is None:
                self._translator = self._new_translator()
        return self._translator

    def _new_translator(self) -> Any:
        import ctranslate2

        setup = self.setup
        if self._share_arena and setup.device == "cpu" and setup.workers * setup.threads == 1:
            share_malloc_arena()  # before the Translator starts its worker thread
        try:
            translator = ctranslate2.Translator(
                str(self.converted.path),
                device=setup.device,
                compute_type=self.compute_type,
                inter_threads=setup.workers,
                intra_threads=setup.threads,
            )
        except (RuntimeError, ValueError) as error:
            raise ModelError(f"CTranslate2 could not load {self.converted.path}: {error}") from None
        log.info("CTranslate2 set-up: %s", setup.describe())
        return translator

    @property
    def translator(self) -> Any:
        return self._translator if self._translator is not None else self._load()

    @translator.setter
    def translator(self, translator: Any) -> None:  # a stand-in, in tests
        self._translator = translator

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        """Translate `sentences`; input longer than the model reads is cut, never truncated."""
        prefix, target_prefix = self._language_tokens(source, target)
        # Every batch goes in on its own, all at once: CTranslate2's workers take them side by
        # side, and none is regrouped with another's sentences (see `pieces.model_batches`).
        submitted = []
        for batch in model_batches(sentences, self.batch_sentences):
            pieces = cut_pieces(batch, self._split)
            texts = [piece.text for piece in pieces]
            submitted.append((batch, pieces, self._submit(texts, prefix, target_prefix)))
        outputs: list[str] = []
        for batch, pieces, running in submitted:
            translated, capped, scores = join_pieces(batch, pieces, *self._collect(running))
            outputs.extend(translated)
            self.cut_short.update(capped)
            self.scores.update(scores)
        return outputs

    @property
    def batch_sentences(self) -> int:
        """Sentences per model batch: see `pieces.model_batches`."""
        return self.setup.batch_sentences

    def _language_tokens(self, source: str, target: str) -> tuple[list[str], list[str] | None]:
        if self.family == "marian":  # one pair, or several targets chosen by a >>xxx<< token
            if target not in self._target_token:
                tokens = self._language_tokens_in_vocabulary()
                self._target_token[target] = marian_target_token(tokens, target)
            token = self._target_token[target]
            return ([token] if token else []), None
        if self.family not in MULTILINGUAL:
            return [], None
        source_code = model_language_code(self.family, source, option="--from")
        target_code = model_language_code(self.family, target, option="--to")
        if self.family == "m2m100":
            return [f"__{source_code}__"], [f"__{target_code}__"]
        return [source_code], [target_code]

    def _language_tokens_in_vocabulary(self) -> list[str]:
        """The >>xxx<< language tokens of the model's source vocabulary (CTranslate2's own file,
        else vocab.json). Only those: 58,000 tokens as Python strings would add 12 MiB."""
        for name in ("source_vocabulary.json", "shared_vocabulary.json", "vocab.json"):
            path = self.converted.path / name
            if path.is_file():
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    return _LANGUAGE_TOKEN_IN_JSON.findall(path.read_text("utf-8"))
        return []

    def _tokens(self, text: str, prefix: list[str]) -> list[str]:
        return [*prefix, *self.codec.encode(text), "</s>"]

    def _split(self, sentence: str) -> list[str]:
        if not sentence.strip():
            return [sentence]
        return split_for_model(sentence, self._fits)

    def _fits(self, text: str) -> bool:
        limit = self.converted.input_limit
        return surely_fits(text, limit) or len(self._tokens(text.strip(), ["x"])) <= limit

    def _submit(
        self, texts: list[str], prefix: list[str], target_prefix: list[str] | None
    ) -> _Running:
        """Hand the non-empty `texts` to CTranslate2 without waiting (its asynchronous API)."""
        indices = [i for i, text in enumerate(texts) if text]
        if not indices:
            return _Running(texts, indices, [])
        batch = [self._tokens(texts[i], prefix) for i in indices]
        futures = self.translator.translate_batch(
            batch,
            target_prefix=[target_prefix] * len(batch) if target_prefix else None,
            max_batch_size=self.setup.batch_size,
            batch_type=self.setup.batch_type,
            beam_size=self.beam,
            max_decoding_length=self.max_length + (1 if target_prefix else 0),
            max_input_length=0,  # we cut long input ourselves; CTranslate2 would truncate at 1024
            # The hypothesis' log-probability divided by its length (length_penalty 1): the
            # mean per output token, what the transformers engine computes too.
            return_scores=True,
            asynchronous=True,
        )
        return _Running(texts, indices, list(futures), target_prefix)

    def _collect(self, running: _Running) -> tuple[list[str], set[int], list[float | None]]:
        """The translations of a `_submit`, the texts cut at --max-length, and their scores."""
        texts, indices, target_prefix = running.texts, running.indices, running.target_prefix
        results = [""] * len(texts)
        scores: list[float | None] = [None] * len(texts)
        capped: set[int] = set()
        translations = [future.result() for future in running.futures]
        for i, result in zip(indices, translations, strict=True):
            tokens = list(result.hypotheses[0])
            if target_prefix and tokens[: len(target_prefix)] == target_prefix:
                tokens = tokens[len(target_prefix) :]
            if len(tokens) >= self.max_length:
                capped.add(i)
                log.debug("translation stopped at %d tokens: %.60s", self.max_length, texts[i])
            results[i] = self.codec.decode(tokens).strip()
            scores[i] = float(result.scores[0]) if result.scores else None
        return results, capped, scores
