"""Mask placeholders, markup, URLs and do-not-translate terms before MT; restore them after.

A machine-translation model must never see `%(name)s`, `{count}`, `<a href="...">` or a URL: it
would translate, respell or drop them. `mask` replaces each such span with a short numbered token,
`restore` puts the originals back and reports what the model lost or repeated, so the caller can
mark the entry fuzzy instead of shipping a broken string.

Token format: ``[1]``, ``[2]``, ... (square brackets around a 1-based number).

Why this format:

* It is plain ASCII and short (3-4 SentencePiece pieces: ``▁[``, ``1``, ``]``), every character is
  in the vocabulary of the OPUS-MT (Marian), M2M100 and NLLB SentencePiece models, so nothing
  becomes ``<unk>``.
* Bracketed numbers are everywhere in the parallel data these models learned from (citation marks
  in Wikipedia-derived corpora), and they are copied to the output, never translated. Digits
  survive every target language; letters do not (an en-ru model may write ``${Dnt1}`` or
  transliterate ``PH1`` into Cyrillic, an issue reported for ``${DNTn}`` tokens by ModernMT users).
* There is no letter case to change. Angle-bracket or underscore tokens (``<x1/>``, ``__1__``)
  were avoided: OPUS-MT models are trained on text with markup stripped and tend to drop them,
  and SentencePiece merges underscores unpredictably.

Restoration is tolerant of what models do to such tokens: spaces inside (``[ 1 ]``), full-width
brackets (``［１］``) and non-ASCII digits (Arabic-Indic ``[١]`` from an Urdu/Persian model).
Spaces the model added next to a token where the source had none are removed again.

Text that already contains something that looks like a token (``[3]`` as a real citation mark)
is itself masked, so the round trip ``restore(mask(t).text, mask(t)).text == t`` holds for any
text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

# What restore recognises as a token; anything in the source text that matches it is masked too.
_OPEN = r"\[［"
_CLOSE = r"\]］"
_HSPACE = r"[^\S\n]*"  # horizontal whitespace only: a token never spans lines
TOKEN_RE = re.compile(rf"[{_OPEN}]{_HSPACE}(\d+){_HSPACE}[{_CLOSE}]")

# printf: %s %d %(name)s %.2f %-5d %1$s %%. No space flag and no bare "-" flag: "50% of" and
# Azerbaijani "50%-dən" must stay text.
_PRINTF = (
    r"%(?:%|(?:\d++\$|\([A-Za-z_][\w.]*+\))?[+#0]*+(?:-?\d++|\*)?(?:\.(?:\d++|\*))?"
    r"[hlLqjzt]?[diouxXeEfFgGcrsa])"
)
# str.format / Jinja-style: {name} {0} {count:,} {0!r} {:.2f} {} {{ name }}
_BRACE = r"\{\{[^{}\n]*+\}\}|\{[\w.\[\]]*+(?:![rsa])?(?::[^{}\s]*+)?\}"
# HTML/XML tags, comments and entities. Tags are masked one by one so that the text between an
# opening and a closing tag is still translated.
_TAG = (
    r"<!--(?:[^<-]|<(?!!--)|-(?!->))*+-->"
    r"|</?[A-Za-z][\w:.-]*+"
    r"(?:\s++[\w:.@-]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'=<>`]+))?)*+\s*+/?>"
)
_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
# URLs end before trailing sentence punctuation; e-mail addresses are plain ASCII local parts.
_URL = r"(?:https?://|ftp://|www\.)[^\s<>\"'\]\[{}]*[^\s<>\"'\]\[{}.,;:!?)]"
# An address starts where its local part does (the look-behind): tried at every letter of a
# long run of letters and digits, `[...]+@` scanned the rest of the run each time (quadratic).
_EMAIL = (
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*\.[A-Za-z]{2,}+"
)

# Markdown inline syntax that block text keeps: code spans (never translated), strong-emphasis
# markers, and a link's "[" and "](target)"; the link text between them is translated.
_MARKDOWN = (
    r"`[^`\n]+`"
    r"|\*\*|(?<!\w)__(?=\S)|(?<=\S)__(?!\w)"
    r"|!?\[(?=[^\[\]\n]*\]\()"
    r"|\]\((?:[^()\s]|\([^()\s]*\))*\)"
)

# Order matters where two kinds start at the same position: the first alternative wins.
# Token look-alikes come first so that they are always masked (that keeps the round trip exact);
# do-not-translate terms come next, then the rest.
_KINDS: tuple[tuple[str, str], ...] = (
    ("url", _URL),
    ("email", _EMAIL),
    ("tag", _TAG),
    ("entity", _ENTITY),
    ("printf", _PRINTF),
    ("brace", _BRACE),
    ("markdown", _MARKDOWN),
)


@lru_cache(maxsize=64)
def _scanner(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _kinds(terms)), re.DOTALL)


@lru_cache(maxsize=64)
def _before_email(terms: tuple[str, ...]) -> re.Pattern[str]:
    """The kinds tried before an e-mail address, for `_matches`."""
    kinds = _kinds(terms)
    kinds = kinds[: next(i for i, (name, _) in enumerate(kinds) if name == "email")]
    return re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in kinds), re.DOTALL)


def _kinds(terms: tuple[str, ...]) -> list[tuple[str, str]]:
    kinds = [("token", TOKEN_RE.pattern)]
    terms_re = _terms_pattern(terms)
    if terms_re is not None:
        kinds.append(("term", terms_re))
    kinds.extend(_KINDS)
    return kinds


# An address right where another match ended, inside a run of local-part characters: the
# scanner's look-behind (see _EMAIL) does not see that the run was cut there.
_EMAIL_HERE = re.compile(_EMAIL.removeprefix("(?<![A-Za-z0-9._%+-])"))
_LOCAL_PART = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")


def _matches(text: str, terms: tuple[str, ...]) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of each maskable span, leftmost first, as one `finditer` of all
    the kinds would give them; in time linear in the text."""
    scanner = _scanner(terms)
    position = 0
    while position <= len(text):
        found: re.Match[str] | None = None
        kind = ""
        if 0 < position < len(text) and {text[position - 1], text[position]} <= _LOCAL_PART:
            found = _before_email(terms).match(text, position)
            if found is None and (found := _EMAIL_HERE.match(text, position)) is not None:
                kind = "email"
        if found is None:
            found = scanner.search(text, position)
            if found is None:
                return
        kind = kind or found.lastgroup or ""
        start, end = found.span()
        if end > start:
            yield start, end, kind
        position = end if end > start else end + 1


@dataclass(frozen=True)
class Masked:
    """Text as the model sees it, and the originals that token ``[i]`` stands for (1-based)."""

    text: str
    originals: tuple[str, ...]


@dataclass(frozen=True)
class Restored:
    """A restored translation and what went wrong: the caller flags the entry fuzzy unless ok."""

    text: str
    missing: tuple[str, ...] = ()  # originals whose token the model dropped
    duplicated: tuple[str, ...] = ()  # originals whose token came back more than once
    extra: tuple[str, ...] = ()  # token-like strings in the output that stand for nothing

    @property
    def ok(self) -> bool:
        return not (self.missing or self.duplicated or self.extra)


def _token(index: int) -> str:
    return f"[{index + 1}]"


def _terms_pattern(terms: tuple[str, ...]) -> str | None:
    """Whole-word, case-sensitive alternation of do-not-translate terms, longest first."""
    parts = []
    for term in sorted({t for t in terms if t.strip()}, key=len, reverse=True):
        escaped = re.escape(term)
        # \b only makes sense next to word characters; "C++" or ".NET" keep their edge as is.
        left = r"(?<!\w)" if term[0].isalnum() or term[0] == "_" else ""
        right = r"(?!\w)" if term[-1].isalnum() or term[-1] == "_" else ""
        parts.append(f"{left}{escaped}{right}")
    return "|".join(parts) if parts else None


def mask(text: str, terms: Sequence[str] = ()) -> Masked:
    """Replace each placeholder, tag, entity, URL, e-mail and term in `text` by a numbered token."""
    originals: list[str] = []
    pieces: list[str] = []
    last = 0
    for start, end, _kind in _matches(text, tuple(terms)):
        pieces.append(text[last:start])
        pieces.append(_token(len(originals)))
        originals.append(text[start:end])
        last = end
    pieces.append(text[last:])
    return Masked("".join(pieces), tuple(originals))


def placeholders(text: str, terms: Sequence[str] = ()) -> list[str]:
    """The placeholders, tags, entities, URLs, e-mails (and given terms) in `text`, in order.

    QA checks compare these between a source and its translation.
    """
    return [text[start:end] for start, end in placeholder_spans(text, terms)]


def without_placeholders(text: str, replacement: str = " ") -> str:
    """`text` with each placeholder, tag, URL ... replaced (checks that read only the prose).

    One pass: replacing each distinct placeholder in turn cost the text's length for each."""
    pieces: list[str] = []
    last = 0
    for start, end in placeholder_spans(text):
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def placeholder_spans(text: str, terms: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Where `placeholders` finds each one: (start, end) offsets, in order."""
    return list(_placeholder_spans(text, tuple(terms)))


@lru_cache(maxsize=256)
def _placeholder_spans(text: str, terms: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    # Cached: a dozen QA checks look at the same source and translation in turn.
    return tuple((start, end) for start, end, kind in _matches(text, terms) if kind != "token")


def _char_class(char: str) -> str:
    """Coarse class of a neighbour: a model's added space is undone only between like classes."""
    if char.isspace():
        return "space"
    if char.isalnum() or unicodedata.category(char).startswith("M"):
        return "word"
    return "punct"


def _source_neighbours(masked: Masked) -> dict[int, tuple[str | None, str | None]]:
    """For each token: the class of what is glued to it in the source, before and after.

    None where the source has whitespace or the text edge there: nothing to undo on that side.
    """
    text = masked.text
    spans = [(m.start(), m.end(), int(m.group(1)) - 1) for m in TOKEN_RE.finditer(text)]
    starts = {start for start, _, _ in spans}
    ends = {end for _, end, _ in spans}
    neighbours: dict[int, tuple[str | None, str | None]] = {}
    for start, end, index in spans:
        before = None
        if start > 0 and not text[start - 1].isspace():
            before = "token" if start in ends else _char_class(text[start - 1])
        after = None
        if end < len(text) and not text[end].isspace():
            after = "token" if end in starts else _char_class(text[end])
        neighbours.setdefault(index, (before, after))
    return neighbours


def _strip_added_spaces(
    segment: str, glued_left: str | None, glued_right: str | None, has_left: bool, has_right: bool
) -> str:
    """Remove horizontal spaces a model put between a token and what the source glued to it.

    `glued_left` is the class the source glued after the token on the left of `segment`,
    `glued_right` the class glued before the token on its right. Spaces go only where the
    output has the same class of thing there (so a reordered sentence keeps its spaces), and
    never across a line break.
    """
    if glued_left:
        body = _lstrip_h(segment)
        if body != segment:
            other = _char_class(body[0]) if body else ("token" if has_right else None)
            if other == glued_left:
                segment = body
    if glued_right:
        body = _rstrip_h(segment)
        if body != segment:
            other = _char_class(body[-1]) if body else ("token" if has_left else None)
            if other == glued_right:
                segment = body
    return segment


def restore(translated: str, masked: Masked) -> Restored:
    """Put the originals back into `translated` and report tokens dropped, repeated or invented."""
    count = len(masked.originals)
    neighbours = _source_neighbours(masked)
    matches = list(TOKEN_RE.finditer(translated))
    indices = [int(m.group(1)) - 1 for m in matches]
    ours = [0 <= i < count for i in indices]
    # Text between tokens: segments[k] precedes matches[k]; the last one follows them all.
    bounds = [0, *(x for m in matches for x in (m.start(), m.end())), len(translated)]
    segments = [translated[bounds[k] : bounds[k + 1]] for k in range(0, len(bounds), 2)]
    out: list[str] = []
    seen: Counter[int] = Counter()
    extra: list[str] = []
    for k, segment in enumerate(segments):
        left = k - 1  # the token before this segment, if any
        glued_left = neighbours[indices[left]][1] if left >= 0 and ours[left] else None
        glued_right = neighbours[indices[k]][0] if k < len(matches) and ours[k] else None
        out.append(
            _strip_added_spaces(segment, glued_left, glued_right, left >= 0, k < len(matches))
        )
        if k < len(matches):
            if ours[k]:
                out.append(masked.originals[indices[k]])
                seen[indices[k]] += 1
            else:  # not ours (a citation mark the model invented): keep it, and report it
                out.append(matches[k].group())
                extra.append(matches[k].group())
    missing = tuple(masked.originals[i] for i in range(count) if seen[i] == 0)
    duplicated = tuple(masked.originals[i] for i in range(count) if seen[i] > 1)
    return Restored("".join(out), missing, duplicated, tuple(extra))


def _lstrip_h(text: str) -> str:
    """Strip horizontal whitespace only: a newline the model kept is meaningful."""
    return text.lstrip(" \t\u00a0\u202f")


def _rstrip_h(text: str) -> str:
    return text.rstrip(" \t\u00a0\u202f")
