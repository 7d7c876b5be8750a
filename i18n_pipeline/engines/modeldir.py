"""What a local model directory must hold, said before any work starts, and where a bare
CTranslate2 conversion's tokenizer is.

transformers, given a directory without a tokenizer, fails deep inside with "Couldn't
instantiate the backend tokenizer from one of: )"; CTranslate2's converter writes `model.bin`
and a vocabulary but no tokenizer unless told to copy it (`--copy_files`). Both are caught
here, by looking at file names only (nothing is loaded), with a message that names what is
missing.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from i18n_pipeline.errors import UsageError

# Any one of these makes a tokenizer: Marian's SentencePiece pair (source.spm, target.spm),
# NLLB's and M2M-100's SentencePiece model, or a fast tokenizer's one file.
TOKENIZER_MARKERS = ("source.spm", "sentencepiece.bpe.model", "tokenizer.json")
TOKENIZER_HINT = (
    "tokenizer (source.spm and target.spm for Marian, sentencepiece.bpe.model for NLLB and "
    "M2M-100, or tokenizer.json)"
)
_WEIGHTS = ("*.safetensors", "pytorch_model*.bin", "*.safetensors.index.json")
# CTranslate2's vocabulary files, newest layout first.
_CT2_VOCABULARIES = (
    "source_vocabulary.json",
    "shared_vocabulary.json",
    "source_vocabulary.txt",
    "shared_vocabulary.txt",
)
_SIBLINGS_LOOKED_AT = 200  # a huge models folder is not searched further


def is_ctranslate2_dir(path: Path) -> bool:
    return (path / "model.bin").is_file()


def has_tokenizer(path: Path) -> bool:
    return any((path / name).is_file() for name in TOKENIZER_MARKERS)


def check_model_directory(path: Path, option: str = "--model") -> None:
    """Raise UsageError naming what `path` lacks to be a model `--model` can load."""
    if not path.is_dir():
        raise UsageError(f"{option} {path}: this is a file; give a model directory")
    if is_ctranslate2_dir(path):
        if not has_tokenizer(path) and tokenizer_directory(path) is None:
            raise UsageError(
                f"{option} {path}: a CTranslate2 model without its tokenizer: none of "
                f"{', '.join(TOKENIZER_MARKERS)} is in it, and no directory beside it holds the "
                "tokenizer of this vocabulary; copy the original model's tokenizer files into "
                "it (ct2-transformers-converter --copy_files source.spm target.spm ...), or "
                "give --model the original model"
            )
        return
    missing = []
    if not (path / "config.json").is_file():
        missing.append("config.json")
    if not any(any(path.glob(pattern)) for pattern in _WEIGHTS):
        missing.append("model weights (model.safetensors or pytorch_model.bin)")
    if not has_tokenizer(path):
        missing.append(TOKENIZER_HINT)
    if missing:
        raise UsageError(f"{option} {path}: not a model directory: no {'; no '.join(missing)}")


def tokenizer_directory(path: Path) -> Path | None:
    """Where the tokenizer of a CTranslate2 directory is: the directory itself when it holds
    one; else the model it was converted from (our conversions record it), a directory beside
    it, or a registry model in the local Hugging Face cache whose name the directory's name
    contains, whichever holds a tokenizer of exactly this vocabulary. Never downloads."""
    if has_tokenizer(path):
        return path
    vocabulary = _ct2_vocabulary(path)
    if not vocabulary:
        return None
    for candidate in _candidates(path):
        with contextlib.suppress(OSError, ValueError):
            if (
                candidate != path
                and has_tokenizer(candidate)
                and _fits_vocabulary(candidate, vocabulary)
            ):
                return candidate
    return None


def _candidates(path: Path) -> Iterator[Path]:
    with contextlib.suppress(OSError, ValueError):
        source = json.loads((path / "i18n-pipeline.json").read_text("utf-8")).get("source_model")
        if isinstance(source, str) and source:
            if Path(source).expanduser().is_dir():
                yield Path(source).expanduser()
            elif (cached := _hub_cache(source)) is not None:
                yield cached
    with contextlib.suppress(OSError):
        siblings = sorted(p for p in path.resolve().parent.iterdir() if p.is_dir())
        yield from siblings[:_SIBLINGS_LOOKED_AT]
    from i18n_pipeline.engines.registry import known_models

    name = path.resolve().name.lower()
    for entry in known_models():
        if entry.alias.lower() in name or entry.hub_id.rsplit("/", 1)[-1].lower() in name:
            cached = _hub_cache(entry.hub_id)
            if cached is not None:
                yield cached


def _hub_cache(hub_id: str) -> Path | None:
    """The model's snapshot in the local Hugging Face cache, if it is there (no network)."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(hub_id, local_files_only=True))
    except Exception:  # not cached, not a hub id, no huggingface_hub: not a candidate
        return None


def _ct2_vocabulary(path: Path) -> set[str]:
    for name in _CT2_VOCABULARIES:
        file = path / name
        if not file.is_file():
            continue
        with contextlib.suppress(OSError, ValueError):
            text = file.read_text("utf-8")
            if name.endswith(".json"):
                data = json.loads(text)
                return {str(token) for token in data} if isinstance(data, list) else set()
            return set(text.splitlines())
    return set()


def _tokens_of(directory: Path) -> Iterable[str]:
    """The tokens a tokenizer directory knows: vocab.json's, tokenizer.json's or the
    SentencePiece model's pieces."""
    vocab = directory / "vocab.json"
    if vocab.is_file():
        return list(json.loads(vocab.read_text("utf-8")))
    fast = directory / "tokenizer.json"
    if fast.is_file():
        model = json.loads(fast.read_text("utf-8")).get("model") or {}
        table = model.get("vocab") or {}
        return [t[0] if isinstance(t, list) else t for t in table] if table else []
    import sentencepiece

    for name in ("source.spm", "sentencepiece.bpe.model"):
        if (directory / name).is_file():
            processor = sentencepiece.SentencePieceProcessor(model_file=str(directory / name))
            return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    return []


def _fits_vocabulary(directory: Path, vocabulary: set[str]) -> bool:
    """Whether the tokenizer in `directory` is this vocabulary's: nearly all of its tokens are
    in it, and it covers at least half of it (language tokens and fillers are the rest)."""
    tokens = set(_tokens_of(directory))
    if not tokens:
        return False
    known = len(tokens & vocabulary)
    return known >= 0.99 * len(tokens) and len(tokens) >= 0.5 * len(vocabulary)
