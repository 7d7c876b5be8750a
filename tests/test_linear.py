"""Every regex family of the text path (masking, splitting, QA checks) is linear in its input.

Each test times one adversarial input at 10,000 and at 100,000 characters, in the same test, and
bounds the ratio: ten times the input may cost at most 25 times the time (2.5x slack for a noisy
shared machine, with the best of three runs each), where a quadratic cost would be 100 times.
Time is this process's CPU time, which other jobs on a loaded machine barely touch (wall time
did: ratios of 26-36x were seen under load), and a ratio over the bound is measured again,
twice at most: a quadratic cost fails every time, a slow spell does not last three rounds.
These are the only timed tests of the suite (issue 20); no wall-clock limit is asserted.
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from translate.storage import po

from i18n_pipeline.engines.pieces import split_for_model
from i18n_pipeline.qa.checks.base import CHECKS, CheckContext
from i18n_pipeline.qa.checks.running import check_entry, entry_for
from i18n_pipeline.text import protect
from i18n_pipeline.text.sentences import _merge_and_split, split_long, split_sentences

SMALL, LARGE = 10_000, 100_000
SLACK = 25.0  # for 10x the input; a quadratic cost gives 100x
FLOOR = 0.001  # seconds: below this a small run's time is mostly noise
T = TypeVar("T")


ROUNDS = 3  # measurements of one ratio before it counts as over the bound


def _best(work: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return best


def assert_linear(
    run: Callable[[T], object], make: Callable[[int], T], size: Callable[[T], int] = len
) -> None:
    """`run` on `make(LARGE)` costs at most SLACK times `run` on `make(SMALL)`."""
    small, large = make(SMALL), make(LARGE)
    assert 9 * size(small) <= size(large) <= 11 * size(small)
    run(small)  # warm caches and lazy imports
    for _ in range(ROUNDS):
        t_small = _best(lambda: run(small))
        t_large = _best(lambda: run(large), runs=2)
        if t_large <= SLACK * max(t_small, FLOOR):
            break
    assert t_large <= SLACK * max(t_small, FLOOR), (
        f"{LARGE:,} chars took {t_large:.3f} s, {SMALL:,} took {t_small:.4f} s: "
        f"{t_large / max(t_small, FLOOR):.0f}x for 10x the input"
    )


def _word(n: int, seed: int = 1) -> str:
    """A pasted hash or base64 blob: one run of letters and digits."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: "Start " + unit * (n // len(unit)) + " end."


# Adversarial inputs for each kind of the masking scanner (protect.py), one family each.
SCANNER_INPUTS: dict[str, Callable[[int], str]] = {
    "e-mail: a long word without @": lambda n: f"See {_word(n)} now.",
    "e-mail: many local parts": _repeat("a.b@"),
    "e-mail: a long domain without a top-level label": lambda n: "x@" + "a1." * (n // 3),
    "HTML comment openers, never closed": _repeat("<!-- "),
    "comment closer first, then openers": lambda n: "--> " + "<!--" * (n // 4),
    "printf: flags and widths of zeros": lambda n: "%" + "0" * n,
    "printf: an unclosed name": _repeat("%(ab"),
    "tag: attributes, never closed": lambda n: "<a" + " b=c" * (n // 4),
    "tag: quoted values, never closed": _repeat('<a b="'),
    "brace: an unclosed field": lambda n: "{" + "a" * n,
    "brace: many openers": _repeat("{{a"),
    "markdown: link openers": _repeat("[a"),
    "markdown: link targets, never closed": _repeat("](a("),
    "url: punctuation only": lambda n: "www." + "," * n,
    "token look-alike: open brackets and spaces": _repeat("[ 1 "),
    "entity: unterminated": _repeat("&abc"),
}


@pytest.mark.parametrize("family", list(SCANNER_INPUTS))
def test_masking_is_linear(family: str) -> None:
    assert_linear(protect.mask, SCANNER_INPUTS[family])


@pytest.mark.parametrize(
    "family", ["e-mail: a long word without @", "tag: attributes, never closed"]
)
def test_finding_placeholders_is_linear(family: str) -> None:
    protect._placeholder_spans.cache_clear()
    assert_linear(
        lambda text: protect._placeholder_spans.__wrapped__(text, ()), SCANNER_INPUTS[family]
    )


def test_restoring_is_linear() -> None:
    def run(text: str) -> object:
        masked = protect.mask(text)
        return protect.restore(masked.text, masked)

    assert_linear(run, _repeat("%s <b>x</b> "))


def test_cutting_a_long_sentence_is_linear() -> None:
    assert_linear(lambda text: split_long(text, 200), _word)
    assert_linear(lambda text: split_long(text, 200), _repeat("ab, "))


def test_cutting_for_the_model_is_linear() -> None:
    # A model that reads 300 characters: every budget above that fails on its first piece.
    assert_linear(lambda text: split_for_model(text, lambda piece: len(piece) <= 300), _word)


def test_sentence_post_pass_is_linear() -> None:
    """The library's cuts mended by our own rules: here every cut is merged again (a title
    before it), so the text before each cut grows with the paragraph."""

    def run(text: str) -> object:
        cuts = [i + 1 for i in range(len(text)) if text.startswith(". ", i - 2)]
        return _merge_and_split(text, cuts, "az")

    assert_linear(run, _repeat("Gen. and "))


# Adversarial paragraphs for the whole splitter (segtok or pysbd, then the post-pass).
SPLITTER_INPUTS: dict[str, tuple[str, Callable[[int], str]]] = {
    # segtok joins each piece to the sentence so far and reads it all again: quadratic alone
    "segtok: one long run of joins": ("en", _repeat("a. and ")),
    "segtok: many short sentences": ("tr", _repeat("Ab. Cd ")),
    "spaced sentence marks": ("en", _repeat("x . ")),
    "lower case after marks": ("en", _repeat("? so. i ")),
    "reference marks after full stops": ("en", _repeat("A.[1] ")),
    "Turkish: verbs of saying after marks": ("tr", _repeat("Ne? diye ")),
    "a run of dots": ("en", lambda n: "Start " + "." * n + " end."),
    "pysbd: Russian abbreviations": ("ru", _repeat("т. е. ")),
}


@pytest.mark.parametrize("family", list(SPLITTER_INPUTS))
def test_splitting_sentences_is_linear(family: str) -> None:
    lang, make = SPLITTER_INPUTS[family]
    assert_linear(lambda text: split_sentences(text, lang), make)


CONTEXT = CheckContext(target_language="az", source_language="en")


def _check_all(pair: tuple[str, str]) -> object:
    # The cache of placeholder spans would make every run after the first nearly free.
    protect._placeholder_spans.cache_clear()
    unit = po.pounit(pair[0])
    unit.target = pair[1]
    return check_entry(CONTEXT, entry_for(unit), list(CHECKS.values()), "news.po", 1)


# Adversarial entries for the QA checks: (source, translation) of about n characters.
CHECK_INPUTS: dict[str, Callable[[int], tuple[str, str]]] = {
    "a long word (sentence-count, numbers, every pofilter check)": lambda n: (
        f"The file {_word(n)} is attached.",
        f"Fayl {_word(n)} əlavə olunub.",
    ),
    "many numbers, in the other order": lambda n: (
        " ".join(f"{i:05d}" for i in range(n // 6)),
        " ".join(f"{i:05d}" for i in reversed(range(n // 6))),
    ),
    "many distinct placeholders": lambda n: (
        " ".join(f"%(n{i:05d})s <b{i:05d}>" for i in range(n // 22)),
        " ".join(f"%(n{i:05d})s <b{i:05d}>" for i in reversed(range(n // 22))),
    ),
    "many sentence marks, none followed by a capital": lambda n: (
        "a. " * (n // 3),
        "b. " * (n // 3),
    ),
    "many tags, badly nested": lambda n: ("<b><i>x</b></i> " * (n // 16), "<i>x</i> " * (n // 9)),
}


@pytest.mark.parametrize("family", list(CHECK_INPUTS))
def test_checks_are_linear(family: str) -> None:
    assert_linear(_check_all, CHECK_INPUTS[family], lambda pair: len(pair[0]) + len(pair[1]))
