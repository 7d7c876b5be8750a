"""Input longer than a model reads is cut into pieces, translated, and joined: never truncated.

Shared by every model engine, so a model silently cutting a long sentence cannot happen in one
engine and not the other. The batches a call is decoded in are cut here too (`model_batches`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from i18n_pipeline.text.protect import TOKEN_RE
from i18n_pipeline.text.sentences import long_cuts

Splitter = Callable[[str, Callable[[str], bool]], list[str]]


def split_for_model(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut `text` into pieces that each `fits` the model, with ``"".join(pieces) == text``.

    The cutting itself is `sentences.split_long` (clause marks first, then spaces, then a hard
    cut); it counts characters, the model counts tokens, so the character budget shrinks until
    every piece fits. A cut inside a protect.py mask token is moved out of it. Each budget's
    pieces are made one by one and the first that does not fit ends that try, so the tries
    cost about what their first pieces do (cutting the whole text at every budget made a
    100,000-character word quadratic).
    """
    if fits(text) or len(text) < 2:
        return [text]
    inside = _inside_tokens(text)
    budget = len(text)
    while budget > 1:
        budget = max(1, budget * 3 // 4)
        pieces: list[str] = []
        for piece in _pieces(text, budget, inside):
            if not fits(piece):
                break
            pieces.append(piece)
        else:
            return pieces
    return list(_pieces(text, 1, inside))


def _inside_tokens(text: str) -> set[int]:
    """Offsets strictly inside a mask token such as ``[12]``: no cut goes there."""
    return {c for m in TOKEN_RE.finditer(text) for c in range(m.start() + 1, m.end())}


def _pieces(text: str, budget: int, inside: set[int]) -> Iterator[str]:
    """What ``split_long(text, budget)`` cuts, as whole texts (each sentence with the space
    after it), re-joined where a cut fell inside a mask token; made lazily."""
    last = 0
    for boundary in _sentence_starts(text, budget):
        if boundary not in inside:
            yield text[last:boundary]
            last = boundary
    if last < len(text):
        yield text[last:]


def _sentence_starts(text: str, budget: int) -> Iterator[int]:
    """Where the sentences of ``split_long(text, budget)`` after the first start: at the first
    non-space of each cut piece (its leading whitespace belongs to the sentence before, and a
    piece of whitespace only joins it)."""
    previous = 0
    for cut in itertools.chain(long_cuts(text, budget), [len(text)]):
        body = previous
        while body < cut and text[body].isspace():
            body += 1
        if 0 < body < cut:
            yield body
        previous = cut


def surely_fits(text: str, limit: int) -> bool:
    """True when `text` fits in `limit` tokens whatever the tokenizer: no subword tokenizer
    makes more tokens than UTF-8 bytes, plus a few special tokens. Saves tokenizing twice."""
    return len(text.encode("utf-8")) + 4 <= limit


class Piece(NamedTuple):
    """A piece of a sentence as the model reads it: stripped, with the spaces around it."""

    sentence: int  # the index of the sentence it belongs to
    lead: str
    text: str
    trail: str


def cut_pieces(sentences: Sequence[str], split: Callable[[str], list[str]]) -> list[Piece]:
    """Every sentence as the pieces `split` cuts it into (empty pieces stay empty)."""
    pieces: list[Piece] = []
    for index, sentence in enumerate(sentences):
        for piece in split(sentence):
            text = piece.strip()
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            pieces.append(Piece(index, lead, text, trail))
    return pieces


def join_pieces(
    sentences: Sequence[str],
    pieces: Sequence[Piece],
    translated: Sequence[str],
    capped: set[int],
    scores: Sequence[float | None],
) -> tuple[list[str], set[str], dict[str, float]]:
    """The sentences' translations from their pieces': see `translate_in_pieces`."""
    joined = [""] * len(sentences)
    scored: dict[int, list[float]] = {}
    for piece, output, score in zip(pieces, translated, scores, strict=True):
        joined[piece.sentence] += piece.lead + (output if piece.text else "") + piece.trail
        if piece.text and score is not None:
            scored.setdefault(piece.sentence, []).append(score)
    by_sentence = {sentences[i]: sum(found) / len(found) for i, found in scored.items()}
    cut = {sentences[pieces[i].sentence] for i in capped}
    return [text.strip() for text in joined], cut, by_sentence


def translate_in_pieces(
    sentences: Sequence[str],
    split: Callable[[str], list[str]],
    translate_texts: Callable[[list[str]], tuple[list[str], set[int], list[float | None]]],
) -> tuple[list[str], set[str], dict[str, float]]:
    """Translate each sentence as the pieces `split` cuts it into, then join them back.

    `translate_texts` gets the stripped pieces (empty ones stay empty) and returns their
    translations, the indices of those it had to stop at its length cap, and each piece's
    score (the model's mean log-probability per output token, None when it has none).
    Returns the sentences' translations, the sentences whose output was cut short, and each
    scored sentence's score: the mean of its pieces'.
    """
    pieces = cut_pieces(sentences, split)
    return join_pieces(sentences, pieces, *translate_texts([piece.text for piece in pieces]))


def model_batches(sentences: Sequence[str], size: int) -> list[list[str]]:
    """The batches a call is decoded in: consecutive runs of `size` sentences, never regrouped.

    A sentence's translation can depend on the batch it is decoded with (padding changes the
    floating-point sums of MKL and oneDNN: CTranslate2 issue #693), so a batch must be the same
    sentences in every run, whatever the step sizes, workers or cluster actors. The pipeline
    hands sentences over in length-sorted runs (`pipeline.fill.batch_order`), every call a
    whole number of batches; engines decode each run of `size` as one batch.
    """
    size = max(1, size)
    return [list(sentences[i : i + size]) for i in range(0, len(sentences), size)]
