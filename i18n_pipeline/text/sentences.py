"""Split paragraphs into sentences for the model; join translations back with the same spacing.

Machine-translation models translate one sentence best (NLLB even drops the second sentence of a
multi-sentence input), so a paragraph goes to the engine sentence by sentence. The split is
lossless: every character of the paragraph is either inside a sentence's ``text`` or inside some
sentence's ``space_after``, so ``join_sentences([s.text for s in ss], ss) == paragraph`` always.

Which library finds the boundaries depends on the language, chosen by measurement on Universal
Dependencies gold sentences (``benchmarks/sentences.py``): segtok for English, Turkish and
Azerbaijani (it beat pysbd by 2 to 4 points of boundary F1 on every English and Turkish set, in
a tenth to a quarter of the time), pysbd for every other language (it has rules for 23
languages; segtok is written for English and Latin-script text). A post-pass then mends what
the data showed the library gets wrong (see ``_merge_and_split``). Neither library's character
offsets are trusted: we align its sentences on the paragraph ourselves and fall back to "no
boundary" wherever they do not align.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pysbd
from pysbd.lang.english import English
from pysbd.languages import LANGUAGE_CODES
from segtok.segmenter import ABBREVIATIONS as SEGTOK_ABBREVIATIONS
from segtok.segmenter import split_single

__all__ = [
    "Sentence",
    "join_sentences",
    "segmenter_language",
    "sentence_splitter",
    "split_long",
    "split_sentences",
]

# Languages pysbd has no rules for, mapped to the closest set it has.
_LANGUAGE_FALLBACKS: dict[str, str] = {"az": "en", "tr": "en", "uz": "en", "tk": "en"}
# Languages whose boundaries come from segtok (measured: see the module's docstring).
_SEGTOK_LANGUAGES = frozenset({"en", "az", "tr"})

# Abbreviations that never end a sentence in news copy: a title before a name, and "v."/"vs."
# between two names ("Brown v. Board of Education"; segtok cut after "v." three times in the
# dev sets, never rightly).
_TITLES = "Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Cmdr|Gov|Sen|Rep|Rev|Hon|Pres|Amb|St|v|vs"
# Abbreviations that announce a number: "No. 4", "Vol. 2", "p. 17", "Art. 12".
_BEFORE_NUMBER = (
    "No|Nos|no|Vol|vol|p|pp|Art|art|Fig|fig|Ch|ch|Sec|sec|Para|para|Tel|tel|Ref|ref|ca|c|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_NEVER_STARTS = frozenset(",;:)]}%")
_ENDS_WITH_TITLE = re.compile(rf"(?:^|[\s(\[\"'“‘«])(?:{_TITLES})\.$")
_ENDS_WITH_NUMBER_ABBREVIATION = re.compile(rf"(?:^|[\s(\[\"'“‘«])(?:{_BEFORE_NUMBER})\.$")
# An abbreviation that can also close a sentence ("on Nizami St. The shop ..."): split after it
# when the next word is one that starts sentences, not names ("St. Petersburg" stays whole).
_CLOSING_ABBREVIATION_THEN_START = re.compile(
    r"\b(?:St|Ave|Rd|Blvd|Sq|Ltd|Inc|Co|Corp|Bros|etc)\.(\s+)"
    r"(?=(?:The|A|An|It|He|She|They|We|This|That|These|Those|There|Its|His|Her|Their|But|"
    r"However|Meanwhile)\b)"
)
# A reference mark after a full stop belongs to the sentence it closes: "... in Dulwich. [17]
# Placed under ..." (segtok and pysbd cut before the bracket: 20 wrong cuts and 15 missed ones
# on the English GUM dev set, Wikipedia-style pages).
_REFERENCE_MARK = re.compile(r"\[(?:\d{1,4}(?:\s{0,2}[-–,]\s{0,2}\d{1,4}){0,8}|\.\.\.|…)\](\s*)")
# The same mark typed with no space after the full stop, "... until 1960.[12] Buses ...": no
# library cuts there; a cut goes after the mark when a capital follows.
_REFERENCE_AFTER_MARK = re.compile(
    r"[.!?][\"'”’)]?\[\d{1,4}(?:\s{0,2}[-–,]\s{0,2}\d{1,4}){0,8}\](\s+)(?=\w)"
)
# A sentence mark typed after a space, "the staff was friendly . The food ...": segtok never
# ends a sentence there (its terminal must follow a word). Not a dot followed by another one
# (". . ." is an ellipsis, cut only after its last dot).
_SPACED_END = re.compile(r"(?<=\w)[ \t]+[.!?]+[\"'”’)\]]*(\s+)(?=[^\s.])")
# English: a full stop after a lower-case word that is not an abbreviation, or a "?" or "!",
# then a lower-case word. In web and chat text ("that's fine. i don't mind", "any idea?
# thanks") that is a sentence end, and segtok never cuts there: 54 of 54 such full stops in the
# EWT dev set were ends, 29 of 32 question and exclamation marks (none of either in GUM). Not
# after a closing quote: '"Where was I?" kind of' goes on (segtok knows that one).
_MARK_THEN_LOWER = re.compile(r"(?<![.!?])[.!?]+(\s+)(?=[a-z])")
_ENGLISH_ABBREVIATIONS = frozenset(English.Abbreviation.ABBREVIATIONS)
# A line break always ends a sentence (translations keep the paragraph's lines); the next one
# starts after the whitespace that follows it.
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


# Azerbaijani and Turkish abbreviations pysbd's English rules do not know (measured failures:
# "Bakı şəh. | Nəsimi ray. sakini", "akad. | Ramiz Mehdiyev", "Doç. | Dr. Ayşe Kaya",
# "Azadlıq pr. | 12", "e.ə. | 350-ci ildə"). Titles never end a sentence, nor does a place word
# before a word or a number; an era or page mark never ends one before a number.
_TURKIC_LANGUAGES = frozenset({"az", "tr"})
_TURKIC_TITLES = (
    "akad|Akad|dos|Dos|prof|Doç|doç|Yrd|yrd|Av|Müh|Öğr|Gör|Uzm|Sn|Hz|Org|Korg|Tümg|Tuğg|Alb|"
    "Yb|Bnb|Yzb|Ütğm|Tğm|Gen|pol"
)
_TURKIC_PLACES = "şəh|ray|küç|pr|prosp|qəs|Cad|cad|Sok|sok|Mah|mah|Bul|bul|Blv|blv|Apt|apt"
_TURKIC_BEFORE_NUMBER = r"s|səh|sh|Nr|nr|yy|e\.ə|b\.e|M\.Ö|M\.S|MÖ|MS|No|no|№"
_TURKIC_TITLE_END = re.compile(rf"(?:^|[\s(\[\"'“‘«])(?:{_TURKIC_TITLES})\.$")
_TURKIC_PLACE_END = re.compile(rf"(?:^|[\s(\[\"'“‘«])(?:{_TURKIC_PLACES})\.$")
_TURKIC_NUMBER_END = re.compile(rf"(?:^|[\s(\[\"'“‘«])(?:{_TURKIC_BEFORE_NUMBER})\.$")


def _turkic_abbreviation(text: str, start: int, end: int, first: str) -> bool:
    """Whether a cut after ``text[start:end]`` (its trailing space stripped), before the
    character `first`, is an az/tr abbreviation, not an end."""
    if _ends_with(_TURKIC_TITLE_END, text, start, end):
        return True
    if _ends_with(_TURKIC_PLACE_END, text, start, end) and first.isalnum():
        return True
    return bool(_ends_with(_TURKIC_NUMBER_END, text, start, end) and first.isdigit())


# The longest text an abbreviation pattern above can match: a lead character, the longest
# abbreviation, the full stop (each alternative's regex is at least as long as its match).
_LONGEST_ABBREVIATION = 2 + max(
    len(word)
    for words in (_TITLES, _BEFORE_NUMBER, _TURKIC_TITLES, _TURKIC_PLACES, _TURKIC_BEFORE_NUMBER)
    for word in words.split("|")
)


def _ends_with(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """``pattern.search(text[start:end])`` for the patterns above (anchored at the end, of
    bounded length), looking only at the last few characters: a long stretch of cuts that
    the post-pass merges made each search cost the whole stretch (quadratic)."""
    low = end - _LONGEST_ABBREVIATION
    if low <= start:
        return pattern.search(text[start:end]) is not None
    # One character more, searched from 1: `^` cannot match where the slice begins.
    return pattern.search(text[low - 1 : end], 1) is not None


class _PatternCache:
    """The ``re`` module as pysbd's modules see it: the same functions, with a larger cache.

    pysbd writes many of its regexes from the text it reads (one pattern per abbreviation found
    in a line, with the abbreviation as written), about 3,400 distinct patterns on 91 news pages.
    ``re`` caches 512 compiled patterns, so past the first pages pysbd recompiled most of them
    for every paragraph (a third of its time, measured), and pushed every other module's
    patterns (trafilatura's, ours) out of the cache too. Compiling is deterministic: the same
    pattern and flags give the same matches whether compiled once or each time.
    """

    def __init__(self, maxsize: int) -> None:
        self.compile: Callable[..., re.Pattern[str]] = functools.lru_cache(maxsize=maxsize)(
            re.compile
        )

    def __getattr__(self, name: str) -> Any:  # escape, IGNORECASE, error, ...
        return getattr(re, name)

    def sub(self, pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
        return self.compile(pattern, flags).sub(repl, string, count)

    def subn(
        self, pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0
    ) -> tuple[str, int]:
        return self.compile(pattern, flags).subn(repl, string, count)

    def search(self, pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).search(string)

    def match(self, pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def fullmatch(self, pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).fullmatch(string)

    def findall(self, pattern: Any, string: str, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).findall(string)

    def finditer(self, pattern: Any, string: str, flags: int = 0) -> Any:
        return self.compile(pattern, flags).finditer(string)

    def split(self, pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).split(string, maxsplit)


# Room for every pattern pysbd wrote on the benchmark's 91 pages (3,374) twice over; they take
# about 2.5 KB each, so the cache never holds more than about 20 MB.
_PYSBD_RE = _PatternCache(maxsize=8192)


def _share_pattern_cache(modules: dict[str, ModuleType]) -> None:
    """Point every loaded pysbd module that uses ``re`` at ``_PYSBD_RE`` (once, at import)."""
    for name, module in list(modules.items()):
        if (name == "pysbd" or name.startswith("pysbd.")) and getattr(module, "re", None) is re:
            module.re = _PYSBD_RE  # type: ignore[attr-defined]


_share_pattern_cache(sys.modules)


@dataclass(frozen=True)
class Sentence:
    """One sentence and the exact whitespace that followed it in its paragraph."""

    text: str
    space_after: str


def _primary(lang: str) -> str:
    """The primary subtag of a language code: ``az`` for ``az-Latn-AZ``, ``pt`` for ``pt_BR``."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


def segmenter_language(lang: str) -> str:
    """The pysbd rule set for a language code such as ``az``, ``az-Latn`` or ``pt_BR``."""
    primary = _primary(lang)
    if primary in LANGUAGE_CODES:
        return primary
    return _LANGUAGE_FALLBACKS.get(primary, "en")


def sentence_splitter(lang: str) -> str:
    """The library that finds sentence boundaries for ``lang``: ``segtok`` or ``pysbd:<rules>``."""
    primary = _primary(lang)
    return "segtok" if primary in _SEGTOK_LANGUAGES else f"pysbd:{segmenter_language(primary)}"


@functools.lru_cache(maxsize=16)
def _segmenter(language: str) -> pysbd.Segmenter:
    # clean=False: pysbd must not rewrite the text, or we could not align its output on it.
    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def _aligned_cuts(text: str, pieces: Sequence[object], offset: int = 0) -> list[int]:
    """Offsets (plus ``offset``) where each piece after the first starts in ``text``, found by
    searching each one from where the last ended; a piece that is not there gives no cut."""
    cuts: list[int] = []
    cursor = 0
    for piece in pieces:
        body = str(piece).strip()
        if not body:
            continue
        found = text.find(body, cursor)
        if found < 0:
            continue  # the library changed the text here: no boundary rather than a wrong one
        if cursor > 0:  # the first piece starts the text (after its leading space): no cut
            cuts.append(offset + found)
        cursor = found + len(body)
    return cuts


def _pysbd_pieces(text: str, lang: str) -> list[str]:
    """pysbd's sentences of ``text`` (its rules for ``lang``), as it wrote them."""
    try:
        # The processor's sentences, not `segment`'s: that one searches the whole text for
        # every sentence again (its char spans, quadratic), and we align them ourselves.
        return [str(p) for p in _segmenter(segmenter_language(lang)).processor(text).process()]
    except Exception:  # pysbd's regexes can fail on odd input; one sentence is a safe answer
        return [text]


def _pysbd_cuts(text: str, lang: str) -> list[int]:
    """Offsets where pysbd starts a new sentence, aligned on ``text`` (in windows)."""
    return _library_cuts(text, lambda part: _pysbd_pieces(part, lang))


# A library reads at most this many characters at a time. Both are slower than linear on some
# input: segtok joins each piece to the sentence so far and reads it all again (10,000
# characters of "a. and " took 3.9 s, ten times that 300 s), pysbd on runs of abbreviations
# (Russian "т. е. т. е. ...": twice the text, three to five times the time). In windows the cost
# is linear in the text; a line shorter than a window (almost every paragraph) is read whole,
# exactly as the library would.
_WINDOW = 600


def _library_cuts(text: str, pieces_of: Callable[[str], Sequence[str]]) -> list[int]:
    """Offsets where the library starts a new sentence, each line read in bounded windows."""
    cuts: list[int] = []
    start = 0
    for match in itertools.chain(_LINE_BREAK.finditer(text), [None]):
        stop = match.start() if match else len(text)
        while stop - start > _WINDOW:
            window = text[start : start + _WINDOW]
            found = _aligned_cuts(window, pieces_of(window), start)
            # Trust every cut but the window's last sentence, which may go on past the window;
            # move on by at least a third of a window, so no text is read more than thrice.
            progress = start + _WINDOW // 3
            cuts += [cut for cut in found[:-1] if cut > start]
            following = found[-1] if found else start
            if following > progress:
                cuts.append(following)
                start = following
            else:
                cuts += [cut for cut in found[-1:] if cut > start]
                start = max(progress, following)
        line = text[start:stop]
        cuts += _aligned_cuts(line, pieces_of(line), start)
        if match:
            start = match.end()
    return cuts


def _candidate_cuts(text: str, lang: str) -> list[int]:
    """The library's cuts for ``lang``, plus the ones the post-pass adds before its checks."""
    primary = _primary(lang)
    references = [
        m.end(1) for m in _REFERENCE_AFTER_MARK.finditer(text) if text[m.end(1)].isupper()
    ]
    if primary not in _SEGTOK_LANGUAGES:
        return sorted(set(_pysbd_cuts(text, lang) + references))
    cuts = _library_cuts(text, split_single) + references
    cuts += [m.end(1) for m in _SPACED_END.finditer(text)]
    if primary == "en":
        cuts += [
            m.end(1)
            for m in _MARK_THEN_LOWER.finditer(text)
            if text[m.start()] != "." or _plain_word_before(text, m.start())
        ]
    return sorted(set(cuts))


def _plain_word_before(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with a lower-case word of 2+ letters that is not an English
    abbreviation (pysbd's list or segtok's): "sarcasm." and "oh." end a sentence; "etc.",
    "approx.", "a.m." and "cm." are left to segtok."""
    start = end
    while start > 0 and end - start <= 32 and text[start - 1].isalpha():
        start -= 1
    word = text[start:end]
    if len(word) < 2 or not word.islower() or (start > 0 and text[start - 1] in ".'’-"):
        return False
    if word in _ENGLISH_ABBREVIATIONS:
        return False
    return SEGTOK_ABBREVIATIONS.search(text[max(0, end - 24) : end]) is None


def _abbreviation(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with a word of pysbd's English abbreviations and a full stop."""
    if not text.endswith(".", 0, end):
        return False
    start = end - 1
    while start > 0 and end - start <= 12 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    return text[start : end - 1].lower() in _ENGLISH_ABBREVIATIONS


def _first_word(text: str, cut: int) -> int:
    """Where the first word of the sentence starting at ``cut`` begins, past an opening quote
    or dash (at most three characters of them)."""
    index = cut
    while index < len(text) and index - cut < 3 and text[index] in "\"'“”‘’«»(-–— ":
        index += 1
    return index


def _merge_and_split(text: str, cuts: list[int], lang: str = "en") -> list[int]:
    """Fix the boundaries the library gets wrong (see the module's regexes).

    Each cut looks only at the end of the text before it and the characters after it, so a
    long run of merged cuts ("Gen. Gen. Gen. ...") stays linear.
    """
    primary = _primary(lang)
    turkic = primary in _TURKIC_LANGUAGES
    pysbd_rules = primary not in _SEGTOK_LANGUAGES
    breaks = [m.end() for m in _LINE_BREAK.finditer(text)]
    newlines = [m.start() for m in _LINE_BREAK.finditer(text)]
    kept: list[int] = []
    previous = 0
    last_cut, last_end = 0, 0
    for cut in sorted(set(cuts)):
        # text[previous:cut].rstrip() ends at `end` (a stretch of spaces back to the last cut
        # continues from where that one's ended)
        end = cut
        while end > previous and end > last_cut and text[end - 1].isspace():
            end -= 1
        if end == last_cut and end > previous:
            end = max(previous, last_end)
        last_cut, last_end = cut, end
        first = text[cut : cut + 1]
        line_break = bisect.bisect_left(newlines, previous) < bisect.bisect_left(newlines, cut)
        if line_break:
            pass  # a line break always ends a sentence (kept below)
        elif _ends_with(_ENDS_WITH_TITLE, text, previous, end):
            continue  # "Gen. | Bajwa": a title never ends a sentence
        elif turkic and _turkic_abbreviation(text, previous, end, first):
            continue  # "Bakı şəh. | Nəsimi ray.", "Doç. | Dr.", "e.ə. | 350"
        elif _ends_with(_ENDS_WITH_NUMBER_ABBREVIATION, text, previous, end) and first.isdigit():
            continue  # "Vol. | 2 is out"
        elif first in _NEVER_STARTS:
            continue  # "Mon. | , Wed." : a sentence does not start with a comma
        elif primary == "en" and first == "." and not text[cut + 1 : cut + 2].isalnum():
            continue  # "cold . . | . We": nor with the last dot of an ellipsis (".NET" may)
        elif turkic and _turkic_continues(text, end, cut):
            continue  # "Kaç? | diye sordu", "onikinci. | yüzyılda": speech verbs, ordinals
        elif pysbd_rules and end > previous and text[end - 1] == "." and first.islower():
            continue  # ru "т. е. | всё": after pysbd's full stop, lower case means abbreviation
        elif primary == "en" and first.islower() and _quote_after_mark(text, end):
            continue  # "“Where are we?” | asked the driver": segtok knows only straight quotes
        elif primary == "en" and _ends_in_ellipsis(text, end) and first.islower():
            continue  # "left in peace... | no more conflict"
        elif primary == "en" and (first.islower() or first.isdigit()) and _abbreviation(text, end):
            continue  # "Enron Corp. | common stock", "ext. | 37625"
        kept.append(cut)
        previous = cut
    kept += [m.end(1) for m in _CLOSING_ABBREVIATION_THEN_START.finditer(text)]
    return sorted(set(_after_reference_marks(text, sorted(set(kept) - set(breaks)))) | set(breaks))


# Turkish and Azerbaijani: a lower-case word after a sentence mark goes on the same sentence
# when it is a verb of saying after a quotation ("Kaç? diye sordu", "Gəlirəm! dedi") or follows
# an ordinal, written as a number and a full stop ("17. yüzyılda", "onyedi. yüzyılda"); after
# "!", "?" or an ellipsis any lower-case word does (1 of 32 such places was an end in the
# Turkish dev sets). After a plain full stop other lower-case starts were ends as often as not.
_TURKIC_SPEECH_VERB = re.compile(
    r"(?:de(?:di|miş|yip|yince|yə|yib|yir|mək)|der(?:ken|ler|di|dim)?\b|diy(?:or|erek|e))"
)
_TURKIC_NUMBER_WORD = re.compile(
    r"(?:^|\W)(?:\d+|(?:bir|iki|üç|dört|beş|altı|yedi|sekiz|dokuz|on|yirmi|otuz|kırk|elli|"
    r"altmış|yetmiş|seksen|doksan|yüz|bin)+(?:inci|ıncı|uncu|üncü|nci|ncı|ncu|ncü)?)\.$"
)


def _turkic_continues(text: str, end: int, cut: int) -> bool:
    """Whether the sentence before ``end`` goes on at ``cut`` (see _TURKIC_SPEECH_VERB)."""
    start = _first_word(text, cut)
    if not text[start : start + 1].islower():
        return False
    if text[end - 1 : end] in ("!", "?", "…") or text.endswith("..", 0, end):
        return True
    if _TURKIC_SPEECH_VERB.match(text, start):
        return True
    return _TURKIC_NUMBER_WORD.search(text[max(0, end - 40) : end]) is not None


def _quote_after_mark(text: str, end: int) -> bool:
    return end >= 2 and text[end - 1] in '”’"' and text[end - 2] in ".!?"


def _ends_in_ellipsis(text: str, end: int) -> bool:
    return text.endswith("..", 0, end) or text.endswith("…", 0, end)


def _after_reference_marks(text: str, cuts: list[int]) -> list[int]:
    """Move each cut that falls before a reference mark ("[17]") past it; see _REFERENCE_MARK.
    (Line breaks are cuts that never move: the caller keeps them apart.)"""
    moved: list[int] = []
    for cut in cuts:
        mark = _REFERENCE_MARK.match(text, cut) if text.startswith("[", cut) else None
        if mark and not _LINE_BREAK.search(text, cut, mark.start(1)):
            if _LINE_BREAK.search(text, mark.start(1), mark.end()):
                continue  # "later. [4]⏎The": the line break's own cut ends the sentence
            cut = mark.end()
        if 0 < cut < len(text):
            moved.append(cut)
    return sorted(set(moved))


def _sentences_from_cuts(text: str, cuts: Sequence[int]) -> list[Sentence]:
    """Build sentences from cut offsets: whitespace around each piece goes to ``space_after``."""
    sentences: list[Sentence] = []
    bounds = [0, *[c for c in cuts if 0 < c < len(text)], len(text)]
    for start, end in itertools.pairwise(bounds):
        piece = text[start:end]
        body = piece.strip()
        if not body:
            _attach_space(sentences, piece)
            continue
        lead_len = len(piece) - len(piece.lstrip())
        _attach_space(sentences, piece[:lead_len])
        sentences.append(Sentence(body, piece[lead_len + len(body) :]))
    return sentences


def _attach_space(sentences: list[Sentence], space: str) -> None:
    """Give whitespace to the previous sentence, or to an empty first sentence at the start."""
    if not space:
        return
    if sentences:
        last = sentences[-1]
        sentences[-1] = Sentence(last.text, last.space_after + space)
    else:
        sentences.append(Sentence("", space))


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    """Split a paragraph into sentences (segtok or pysbd, see `sentence_splitter`); lossless.

    Leading whitespace, if any, is carried by a first sentence whose text is "". A line break is
    always a boundary, so translations keep the paragraph's line structure.
    """
    if not text:
        return []
    if not _INNER_BOUNDARY.search(text.strip()[:-1]):
        # No sentence mark or line break before the end: one sentence, whatever the rules
        # (headlines, UI strings, list items); no library needs to read it.
        return _sentences_from_cuts(text, [])
    return _sentences_from_cuts(text, _merge_and_split(text, _candidate_cuts(text, lang), lang))


# A character after which pysbd (or our post-pass) could end a sentence.
_INNER_BOUNDARY = re.compile(r"[.!?…。！？؟\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def join_sentences(texts: Sequence[str], sentences: Sequence[Sentence]) -> str:
    """Rebuild a paragraph from (translated) texts, with the spacing of the original sentences."""
    if len(texts) != len(sentences):
        raise ValueError(f"{len(texts)} texts for {len(sentences)} sentences")
    return "".join(t + s.space_after for t, s in zip(texts, sentences, strict=True))


# Where to cut a sentence that is too long for a model, best first: after a clause mark followed
# by whitespace, then at any whitespace.
_CLAUSE_BREAKS = (
    re.compile(r"[;؛](\s+)"),
    re.compile(r"[:：](\s+)"),
    re.compile(r"[,،，、](\s+)"),
    re.compile(r"(\s+)"),
)


def split_long(text: str, max_chars: int) -> list[Sentence]:
    """Cut a sentence longer than ``max_chars`` at clause boundaries; lossless like split_sentences.

    Each piece's text is at most ``max_chars`` long. The last resort is a hard cut inside a word,
    so no input is ever refused or shortened.
    """
    return _sentences_from_cuts(text, list(long_cuts(text, max_chars)))


def long_cuts(text: str, max_chars: int) -> Iterator[int]:
    """The offsets where `split_long` cuts, one by one (a caller may stop early)."""
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    while end - start > max_chars:
        cut = _best_cut(text, start, start + max_chars)
        yield cut
        start = cut


def _best_cut(text: str, start: int, limit: int) -> int:
    """The offset where the next piece starts: the last good break whose text fits in the limit.

    Only the window up to `limit` is searched (searching on to the end of the text for every
    piece was quadratic in a long run without spaces); a break's whitespace may run past it.
    """
    for pattern in _CLAUSE_BREAKS:
        best = -1
        for match in pattern.finditer(text, start, limit + 1):
            if match.start(1) > start:
                best = match.end(1)
        if best > start:
            # The window may have cut the run of spaces short: it goes on past `limit`.
            while best < len(text) and text[best].isspace():
                best += 1
            return best
    return limit
