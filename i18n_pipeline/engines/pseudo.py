"""Pseudo-localization: a fake "translation" that tests a site's i18n readiness, no model needed.

Accented mode (Android's en-XA, Mozilla's "accented" pseudo locale): every ASCII letter becomes an
accented look-alike, the text grows by ~35% (German and Russian run 30-40% longer than English)
and is bracketed, so `Home page` becomes `[Ĥöɱé þåĝé ···]`. Untranslated strings (plain ASCII),
truncation (a missing `]`) and concatenated strings (`[...][...]`) show at a glance.

Right-to-left mode (`rtl=True`), after Android's ar-XB pseudo locale (aapt's
`pseudobidi_string`): every word is wrapped in RLM + RLO ... PDF + RLM (U+200F U+202E ... U+202C
U+200F). The text then lays out as Arabic or Hebrew would, right to left with each word shown
reversed, yet stays readable to anyone who can read English mirrored. Mozilla's "bidi" strategy
wraps the whole string in one RLO...PDF instead; per-word wrapping keeps placeholders, tags, URLs
and numbers outside the override, so a runtime value such as `%(count)s` → `12` is not shown as
`21`. No brackets or padding in this mode: brackets would be mirrored and hide the layout bugs
(alignment, icon mirroring) this mode is for.

Placeholders, tags, entities, URLs and e-mail addresses (whatever `protect.mask` masks, including
`[1]` tokens of text already masked) are copied byte for byte in both modes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from i18n_pipeline import __version__
from i18n_pipeline.engines.base import EngineInfo
from i18n_pipeline.text.protect import TOKEN_RE, mask

# Android's pseudolocalizer table (frameworks/base/tools/aapt2/compile/Pseudolocalizer.cpp),
# all precomposed (NFC) so that one letter stays one code point.
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅβÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
EXPANSION = 0.35  # extra length, as a share of the source length
_PAD = "·"
_RLM, _RLO, _PDF = "\u200f", "\u202e", "\u202c"
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # letters (with apostrophes), no digits


def _segments(text: str) -> list[tuple[bool, str]]:
    """`text` as (is_protected, piece) pairs; protected pieces are the originals, verbatim."""
    masked = mask(text)
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in TOKEN_RE.finditer(masked.text):
        if match.start() > last:
            pieces.append((False, masked.text[last : match.start()]))
        pieces.append((True, masked.originals[int(match.group(1)) - 1]))
        last = match.end()
    if last < len(masked.text):
        pieces.append((False, masked.text[last:]))
    return pieces


def pseudo_accented(text: str) -> str:
    """`Home page` → `[Ĥöɱé þåĝé ···]`: accented, ~35% longer, bracketed; placeholders kept."""
    if not text:
        return text
    segments = _segments(text)
    body = "".join(piece if kept else piece.translate(_ACCENTED) for kept, piece in segments)
    # Translators lengthen the words, not the markup: grow by a share of the visible text.
    visible = sum(len(piece) for kept, piece in segments if not kept)
    padding = _PAD * max(1, math.floor(visible * EXPANSION + 0.5))
    if TOKEN_RE.match(f"[{body}"):  # body "1] ..." would make the bracket a new `[1]` token
        body = _PAD + body
    return f"[{body} {padding}]"


def pseudo_bidi(text: str) -> str:
    """Each word wrapped in RLM RLO … PDF RLM, so it lays out right to left; placeholders kept."""

    def wrap(piece: str) -> str:
        return _WORD_RE.sub(lambda m: f"{_RLM}{_RLO}{m.group()}{_PDF}{_RLM}", piece)

    return "".join(piece if kept else wrap(piece) for kept, piece in _segments(text))


class PseudoEngine:
    """An `Engine` that pseudo-localizes instead of translating; `source`/`target` are ignored."""

    def __init__(self, rtl: bool = False) -> None:
        self.rtl = rtl
        self.info = EngineInfo(
            engine="pseudo", model="bidi" if rtl else "accented", version=__version__
        )
        self.cut_short: set[str] = set()  # no length cap: nothing is ever cut
        self.scores: dict[str, float] = {}  # no model, no confidence to write

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        convert = pseudo_bidi if self.rtl else pseudo_accented
        return [convert(sentence) for sentence in sentences]
