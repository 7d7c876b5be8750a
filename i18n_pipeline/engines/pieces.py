"""Input longer than a model reads is cut into pieces, translated, and joined: never truncated.

Shared by every model engine, so a model silently cutting a long sentence cannot happen in one
engine and not the other.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from i18n_pipeline.text.protect import TOKEN_RE
from i18n_pipeline.text.sentences import split_long

Splitter = Callable[[str, Callable[[str], bool]], list[str]]


def split_for_model(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut `text` into pieces that each `fits` the model, with ``"".join(pieces) == text``.

    The cutting itself is `sentences.split_long` (clause marks first, then spaces, then a hard
    cut); it counts characters, the model counts tokens, so the character budget shrinks until
    every piece fits. A cut inside a protect.py mask token is moved out of it.
    """
    if fits(text) or len(text) < 2:
        return [text]
    budget = len(text)
    pieces = [text]
    while budget > 1:
        budget = max(1, budget * 3 // 4)
        pieces = _whole_tokens(text, [s.text + s.space_after for s in split_long(text, budget)])
        if all(fits(piece) for piece in pieces):
            break
    return pieces


def _whole_tokens(text: str, pieces: list[str]) -> list[str]:
    """Re-join pieces where a cut fell inside a mask token such as ``[12]``."""
    cuts = list(itertools.accumulate(len(piece) for piece in pieces))[:-1]
    inside = {c for m in TOKEN_RE.finditer(text) for c in cuts if m.start() < c < m.end()}
    bounds = [0, *(c for c in cuts if c not in inside), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def surely_fits(text: str, limit: int) -> bool:
    """True when `text` fits in `limit` tokens whatever the tokenizer: no subword tokenizer
    makes more tokens than UTF-8 bytes, plus a few special tokens. Saves tokenizing twice."""
    return len(text.encode("utf-8")) + 4 <= limit


def translate_in_pieces(
    sentences: Sequence[str],
    split: Callable[[str], list[str]],
    translate_texts: Callable[[list[str]], tuple[list[str], set[int]]],
) -> tuple[list[str], set[str]]:
    """Translate each sentence as the pieces `split` cuts it into, then join them back.

    `translate_texts` gets the stripped pieces (empty ones stay empty) and returns their
    translations plus the indices of those it had to stop at its length cap. Returns the
    sentences' translations and the sentences whose output was cut short.
    """
    pieces: list[tuple[int, str, str, str]] = []  # (sentence index, lead, text, trail)
    for index, sentence in enumerate(sentences):
        for piece in split(sentence):
            text = piece.strip()
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            pieces.append((index, lead, text, trail))
    translated, capped = translate_texts([text for _, _, text, _ in pieces])
    joined = [""] * len(sentences)
    for (index, lead, text, trail), output in zip(pieces, translated, strict=True):
        joined[index] += lead + (output if text else "") + trail
    return [text.strip() for text in joined], {sentences[pieces[i][0]] for i in capped}
