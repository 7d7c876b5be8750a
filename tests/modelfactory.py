"""Builders for tiny translation models, made on the spot from a few KB of text: nothing downloads.

Each builder writes a directory that `AutoTokenizer.from_pretrained` and
`AutoModelForSeq2SeqLM.from_pretrained` load exactly like a model from the Hugging Face Hub, so
tests exercise the real loading and generation code. Weights are random (seeded) unless trained
by `tests/data/make_copy_model.py`.
"""

from __future__ import annotations

import io
import json
import random
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus.txt"
COPY_MARIAN = DATA / "copy-marian"

# Characters a test sentence may use beyond the corpus: mask tokens, markup, placeholders.
_EXTRA_LINES = (
    "[1] [2] [3] [4] [5] [6] [7] [8] [9] [10] [11] [12] [13] [14] [15] [16] [17] [18] [19] [20]",
    "Click [1]here[2] to read [3]. Hello, [4]! Visit [5] or write to [6].",
    "0 1 2 3 4 5 6 7 8 9 % ( ) { } < > / \\ & ; : , . ! ? ' \" - + = _ * # @ $ ~ ^ |",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz",
    "ƏəĞğİıÖöŞşÜüÇç",
)


def corpus_lines() -> list[str]:
    """The project's small English + Azerbaijani corpus, one sentence per line."""
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def training_lines() -> list[str]:
    """Corpus plus lines that put every character a test uses into the SentencePiece vocabulary."""
    return corpus_lines() + list(_EXTRA_LINES)


def train_sentencepiece(
    path: Path,
    lines: Iterable[str],
    *,
    vocab_size: int = 300,
    model_type: str = "unigram",
) -> Path:
    """Train a SentencePiece model in memory and write it to `path` (well under a second)."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        split_digits=True,  # "[12]" must be "[", "1", "2", "]": digits copy one by one
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        minloglevel=2,
        num_threads=1,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def _pieces(spm_path: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def build_marian_tokenizer(
    out_dir: Path,
    *,
    source: str = "en",
    target: str = "az",
    vocab_size: int = 300,
    total_vocab: int = 0,
    target_tokens: Sequence[str] = (),
) -> dict[str, int]:
    """Write the files of a `MarianTokenizer` (source.spm, target.spm, vocab.json, config).

    `total_vocab` pads vocab.json with filler tokens to a real model's size (benchmarks);
    `target_tokens` adds the >>xxx<< tokens of a multi-target model (opus-mt-en-trk).
    """
    from transformers import MarianTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    spm_path = train_sentencepiece(out_dir / "_shared.spm", training_lines(), vocab_size=vocab_size)
    # OPUS-MT layout: </s> is 0, <unk> 1, pad the last id.
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for token in target_tokens:
        vocab.setdefault(token, len(vocab))
    for piece in _pieces(spm_path):
        vocab.setdefault(piece, len(vocab))
    for n in range(total_vocab - len(vocab) - 1):
        vocab[f"▁filler{n}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    vocab_path = out_dir / "_vocab.json"
    vocab_path.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses")  # not needed to tokenize
        tokenizer = MarianTokenizer(
            source_spm=str(spm_path),
            target_spm=str(spm_path),
            vocab=str(vocab_path),
            source_lang=source,
            target_lang=target,
            model_max_length=512,
        )
    tokenizer.save_pretrained(out_dir)
    spm_path.unlink()
    vocab_path.unlink()
    return vocab


def build_marian(
    out_dir: Path,
    *,
    source: str = "en",
    target: str = "az",
    d_model: int = 32,
    layers: int = 1,
    ffn_dim: int = 64,
    heads: int = 2,
    vocab_size: int = 300,
    max_positions: int = 512,
    max_length: int = 64,
    seed: int = 0,
    total_vocab: int = 0,
    never_ends: bool = False,
    target_tokens: Sequence[str] = (),
) -> Path:
    """A random-weight Marian model (the OPUS-MT architecture) with its tokenizer, in `out_dir`.

    `total_vocab` pads the vocabulary to a real model's size; `never_ends` makes end-of-sentence
    (and padding) impossible, so every output runs to the length limit: benchmarks compare.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel

    vocab = build_marian_tokenizer(
        out_dir,
        source=source,
        target=target,
        vocab_size=vocab_size,
        total_vocab=total_vocab,
        target_tokens=target_tokens,
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=max_positions,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=None if never_ends else 0,
        max_length=max_length,
        num_beams=1,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config.max_length = max_length
    if never_ends:
        with torch.no_grad():
            model.final_logits_bias[0, 0] = -1e4  # </s>
            model.final_logits_bias[0, pad] = -1e4
        model.generation_config.forced_eos_token_id = None
    model.save_pretrained(out_dir)
    return out_dir


def build_m2m100(
    out_dir: Path,
    *,
    d_model: int = 32,
    layers: int = 1,
    ffn_dim: int = 64,
    heads: int = 2,
    vocab_size: int = 300,
    max_positions: int = 512,
    max_length: int = 64,
    seed: int = 0,
) -> Path:
    """A random-weight M2M100 model with its tokenizer (100 `__xx__` language tokens)."""
    from transformers import M2M100Tokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    spm_path = train_sentencepiece(out_dir / "_m2m.spm", training_lines(), vocab_size=vocab_size)
    # fairseq layout: <s> 0, <pad> 1, </s> 2, <unk> 3, then the pieces.
    vocab: dict[str, int] = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in _pieces(spm_path):
        vocab.setdefault(piece, len(vocab))
    vocab_path = out_dir / "_vocab.json"
    vocab_path.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(
        vocab_file=str(vocab_path), spm_file=str(spm_path), src_lang="en", tgt_lang="az"
    )
    tokenizer.model_max_length = 1024
    tokenizer.save_pretrained(out_dir)
    spm_path.unlink()
    vocab_path.unlink()
    return _save_random_m2m100(
        out_dir, tokenizer, d_model, layers, ffn_dim, heads, max_positions, max_length, seed
    )


def build_nllb(
    out_dir: Path,
    *,
    d_model: int = 32,
    layers: int = 1,
    ffn_dim: int = 64,
    heads: int = 2,
    max_positions: int = 512,
    max_length: int = 64,
    seed: int = 0,
) -> Path:
    """A random-weight NLLB-style model: M2M100 weights + `NllbTokenizer` with FLORES-200 codes.

    The tokenizer is character level (a BPE with no merges): enough to test code handling.
    """
    from transformers import NllbTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    chars = sorted({c for line in training_lines() for c in line if not c.isspace()})
    vocab: dict[str, int] = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "▁": 4}
    for char in chars:
        vocab.setdefault(char, len(vocab))
    tokenizer = NllbTokenizer(vocab=vocab, merges=[], src_lang="eng_Latn", tgt_lang="azj_Latn")
    tokenizer.model_max_length = 1024
    tokenizer.save_pretrained(out_dir)
    return _save_random_m2m100(
        out_dir, tokenizer, d_model, layers, ffn_dim, heads, max_positions, max_length, seed
    )


def _save_random_m2m100(
    out_dir: Path,
    tokenizer: object,
    d_model: int,
    layers: int,
    ffn_dim: int,
    heads: int,
    max_positions: int,
    max_length: int,
    seed: int,
) -> Path:
    """Seeded random M2M100 weights sized for `tokenizer` (M2M-100 and NLLB share them)."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    config = M2M100Config(
        vocab_size=_id_count(tokenizer),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=max_positions,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        max_length=max_length,
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    model.generation_config.max_length = max_length
    model.save_pretrained(out_dir)
    return out_dir


def _id_count(tokenizer: object) -> int:
    """Embedding rows a model needs: language tokens may sit past `len(tokenizer)`."""
    ids = list(tokenizer.get_vocab().values())  # type: ignore[attr-defined]
    ids += getattr(tokenizer, "lang_token_to_id", {}).values()
    return max(len(tokenizer), max(ids) + 1) + 8  # type: ignore[arg-type]


# Real placeholders for copy-model sentences: masked by protect.mask before training.
_PLACEHOLDERS = (
    "%(name)s",
    "%s",
    "%d",
    "%.2f",
    "{count}",
    "{0}",
    "{name}",
    "<b>",
    "</b>",
    "<br/>",
    '<a href="https://example.com/a?b=1">',
    "</a>",
    "https://news.az/az/2024/03/article-1",
    "info@example.az",
    "&amp;",
    "&nbsp;",
    "[3]",
    "%%",
)


def copy_sentences(count: int, *, seed: int, max_words: int = 24) -> list[str]:
    """Sentence-like text for the copy model: corpus words, mask tokens, numbers, punctuation.

    Deterministic for a seed; the held-out set uses another seed, so its word sequences (and
    the positions of its tokens) were not seen in training. A third of the sentences are real
    text with placeholders and markup, masked by protect.mask exactly as the pipeline does.
    """
    from i18n_pipeline.text.protect import mask

    rng = random.Random(seed)
    lines = corpus_lines()
    words = sorted({w for line in lines for w in line.split()})
    out: list[str] = []
    for _ in range(count):
        if rng.random() < 0.25:
            text = rng.choice(lines)
        else:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, max_words)))
        if rng.random() < 0.35:
            out.append(mask(_with_placeholders(text, rng)).text)
        else:
            out.append(_sprinkle_tokens(text, rng))
    return out


def _with_placeholders(text: str, rng: random.Random) -> str:
    """Insert real placeholders/markup into `text`, glued to words or spaced."""
    words = text.split(" ")
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        placeholder = rng.choice(_PLACEHOLDERS)
        position = rng.randrange(len(words) + 1)
        if rng.random() < 0.5 or not words:
            words.insert(position, placeholder + rng.choice(("", "", "!", ".", ",", "?", ":")))
        else:
            at = min(position, len(words) - 1)
            words[at] = placeholder + words[at] if rng.random() < 0.5 else words[at] + placeholder
    return " ".join(words)


def _sprinkle_tokens(text: str, rng: random.Random) -> str:
    """Insert numbered mask tokens as protect.mask writes them: glued to words or spaced."""
    words = text.split(" ")
    count = rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 6, 12))
    for index in range(1, count + 1):
        token = f"[{index}]"
        position = rng.randrange(len(words) + 1)
        style = rng.random()
        if style < 0.4 or not words:
            words.insert(position, token)
        elif style < 0.55:  # a placeholder followed by punctuation or inside brackets
            words.insert(position, rng.choice(("(", '"', "")) + token + rng.choice('!?.,;:)"'))
        elif style < 0.75:  # an opening tag: glued to the next word
            at = min(position, len(words) - 1)
            words[at] = token + words[at]
        else:  # a closing tag or placeholder before punctuation: glued to the previous word
            at = max(position - 1, 0)
            words[at] = words[at] + token
    return " ".join(words)


def exact_match(outputs: Sequence[str], references: Sequence[str]) -> float:
    """Share of outputs identical to their reference."""
    pairs = list(zip(outputs, references, strict=True))
    return sum(o == r for o, r in pairs) / max(len(pairs), 1)
