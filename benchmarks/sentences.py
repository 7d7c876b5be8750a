"""How well does the project split paragraphs into sentences, against the field's splitters?

Gold data: Universal Dependencies treebanks (English EWT and GUM, Turkish IMST and BOUN,
Azerbaijani TueCL), one paragraph per line of ``<set>.jsonl.gz``: ``sentences`` (the gold
sentences) and ``seps`` (the text after each one), so the paragraph is their concatenation.
The language of a set is the prefix of its name (``tr_imst`` is Turkish).

Metric: boundary precision, recall and F1 over the sentence ends inside a paragraph (the
character offset where a sentence's text ends, the paragraph's own end left out: every
splitter finds that one, and counting it would reward a splitter that never splits). Summed
over all paragraphs of a set (micro-average).

Splitters (a library that is not installed is skipped with a note):

  project            i18n_pipeline.text.sentences.split_sentences(paragraph, lang)
  pysbd              pysbd.Segmenter(language=en, clean=False); tr and az have no rules: en
  segtok             segtok.segmenter.split_single
  syntok             syntok.segmenter.analyze (token offsets)
  sentence-splitter  sentence_splitter.SentenceSplitter(language) (en rules for tr and az)
  blingfire          blingfire.text_to_sentences_and_offsets

A library's sentences are aligned on the paragraph by their non-space characters, so one that
rewrites whitespace (blingfire puts a line break between sentences) is not penalised for it.
The project's split is also checked to be lossless on every gold paragraph:
join(split(p)) == p.

Default data: ../shared/bench/sentences-dev/ beside the repository (not in the repository);
with no data there it says so and exits 0.

Run: python benchmarks/sentences.py [--bench DIR] [--sets en_ewt,tr_imst] [--worst 10]
     [--only project,segtok] [--json]   (last line with --json: every figure as one object)
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"

Splitter = Callable[[str, str], list[str]]


@dataclass
class Paragraph:
    """One gold paragraph: its text and the offsets where its inner sentences end."""

    key: str
    text: str
    ends: frozenset[int]


@dataclass
class Score:
    """Counts for one splitter on one set."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    seconds: float = 0.0
    paragraphs: int = 0
    lossy: int = 0
    unaligned: int = 0
    worst: list[tuple[int, str, list[int], list[int]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_set(path: Path) -> list[Paragraph]:
    """The paragraphs of one ``.jsonl.gz`` gold file."""
    paragraphs = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            text, ends = "", set()
            for sentence, sep in zip(row["sentences"], row["seps"], strict=True):
                text += sentence
                ends.add(len(text.rstrip()))
                text += sep
            ends.discard(len(text.rstrip()))
            key = str(row.get("id") or f"{path.name}:{number}")
            paragraphs.append(Paragraph(key, text, frozenset(e for e in ends if e > 0)))
    return paragraphs


def sentence_ends(text: str, pieces: Sequence[str]) -> set[int]:
    """Where each piece ends in ``text`` (the paragraph's end left out), matching non-space
    characters in order; a piece that does not match from where the last one ended gives no end
    (a library that changed the text there is not credited with a boundary)."""
    ends: set[int] = set()
    cursor = 0
    for piece in pieces:
        body = "".join(piece.split())
        if not body:
            continue
        position, matched = cursor, 0
        while matched < len(body) and position < len(text):
            char = text[position]
            position += 1
            if char.isspace():
                continue
            if char != body[matched]:
                break
            matched += 1
        if matched < len(body):
            continue
        ends.add(position)
        cursor = position
    ends.discard(len(text.rstrip()))
    return {e for e in ends if e > 0}


def project_splitter() -> Splitter:
    from i18n_pipeline.text.sentences import split_sentences

    return lambda text, lang: [s.text for s in split_sentences(text, lang)]


def pysbd_splitter() -> Splitter:
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    segmenters: dict[str, Any] = {}

    def split(text: str, lang: str) -> list[str]:
        code = lang if lang in LANGUAGE_CODES else "en"
        if code not in segmenters:
            segmenters[code] = pysbd.Segmenter(language=code, clean=False)
        return [str(s) for s in segmenters[code].segment(text)]

    return split


def segtok_splitter() -> Splitter:
    from segtok.segmenter import split_single

    return lambda text, lang: list(split_single(text))


def syntok_splitter() -> Splitter:
    from syntok.segmenter import analyze

    def split(text: str, lang: str) -> list[str]:
        pieces = []
        for paragraph in analyze(text):
            for sentence in paragraph:
                start, last = sentence[0].offset, sentence[-1]
                pieces.append(text[start : last.offset + len(last.value)])
        return pieces

    return split


def sentence_splitter_splitter() -> Splitter:
    from sentence_splitter import SentenceSplitter, SentenceSplitterException

    splitters: dict[str, Any] = {}

    def split(text: str, lang: str) -> list[str]:
        if lang not in splitters:
            try:
                splitters[lang] = SentenceSplitter(language=lang)
            except SentenceSplitterException:
                splitters[lang] = SentenceSplitter(language="en")
        return list(splitters[lang].split(text))

    return split


def blingfire_splitter() -> Splitter:
    import blingfire

    def split(text: str, lang: str) -> list[str]:
        _, offsets = blingfire.text_to_sentences_and_offsets(text)
        return [text[start:end] for start, end in offsets]

    return split


FACTORIES: dict[str, Callable[[], Splitter]] = {
    "project": project_splitter,
    "pysbd": pysbd_splitter,
    "segtok": segtok_splitter,
    "syntok": syntok_splitter,
    "sentence-splitter": sentence_splitter_splitter,
    "blingfire": blingfire_splitter,
}


def load_splitters(names: Sequence[str]) -> tuple[dict[str, Splitter], list[str]]:
    """The splitters that import, and a note for each one that does not."""
    found, notes = {}, []
    for name in names:
        try:
            found[name] = FACTORIES[name]()
        except ImportError as error:
            notes.append(f"{name}: skipped, not installed ({error})")
    return found, notes


def score(
    name: str, split: Splitter, paragraphs: Sequence[Paragraph], lang: str, worst: int
) -> Score:
    """Run one splitter over one set; the project's split is also checked to be lossless."""
    result = Score()
    if paragraphs:
        split(paragraphs[0].text, lang)  # lazy loads (rules, models) stay out of the time
    errors: list[tuple[int, str, list[int], list[int]]] = []
    for paragraph in paragraphs:
        began = time.perf_counter()
        pieces = split(paragraph.text, lang)
        result.seconds += time.perf_counter() - began
        result.paragraphs += 1
        if name == "project" and not _lossless(paragraph.text, lang):
            result.lossy += 1
        if "".join("".join(p.split()) for p in pieces) != "".join(paragraph.text.split()):
            result.unaligned += 1  # the library changed characters: its ends there may be lost
        found = sentence_ends(paragraph.text, pieces)
        extra, missed = sorted(found - paragraph.ends), sorted(paragraph.ends - found)
        result.true_positives += len(found & paragraph.ends)
        result.false_positives += len(extra)
        result.false_negatives += len(missed)
        if extra or missed:
            errors.append((len(extra) + len(missed), paragraph.key, extra, missed))
    errors.sort(key=lambda row: (-row[0], row[1]))
    result.worst = errors[:worst]
    return result


def _lossless(text: str, lang: str) -> bool:
    from i18n_pipeline.text.sentences import join_sentences, split_sentences

    sentences = split_sentences(text, lang)
    return join_sentences([s.text for s in sentences], sentences) == text


def show_cut(text: str, offset: int, width: int = 40) -> str:
    """The text around a boundary, with ``|`` at the boundary, on one line."""
    left = text[max(0, offset - width) : offset].replace("\n", "⏎")
    right = text[offset : offset + width].replace("\n", "⏎")
    return f"…{left}|{right}…"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="the bench folder")
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    parser.add_argument("--only", default="", help="comma-separated splitters (default: all)")
    parser.add_argument("--worst", type=int, default=10, help="project's worst paragraphs")
    parser.add_argument("--json", action="store_true", help="end with every figure as JSON")
    args = parser.parse_args(argv)

    folder = args.bench / "sentences-dev" if (args.bench / "sentences-dev").is_dir() else args.bench
    files = sorted(folder.glob("*.jsonl.gz")) if folder.is_dir() else []
    wanted = {s for s in args.sets.split(",") if s}
    files = [f for f in files if not wanted or f.name.removesuffix(".jsonl.gz") in wanted]
    if not files:
        print(f"no gold sentence sets (*.jsonl.gz) in {folder}: nothing measured")
        return 0
    names = [n for n in args.only.split(",") if n] or list(FACTORIES)
    unknown = [n for n in names if n not in FACTORIES]
    if unknown:
        parser.error(f"unknown splitter {unknown[0]!r}; known: {', '.join(FACTORIES)}")
    splitters, notes = load_splitters(names)
    for note in notes:
        print(note)

    print(f"# sentence boundaries, {platform.machine()}, Python {platform.python_version()}")
    print("| set | splitter | paragraphs | precision | recall | F1 | ms/paragraph |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    report: dict[str, Any] = {"sets": {}, "notes": notes}
    changed: list[str] = []
    worst_rows: list[str] = []
    for path in files:
        set_name = path.name.removesuffix(".jsonl.gz")
        lang = set_name.split("_", 1)[0]
        paragraphs = read_set(path)
        by_text = {p.key: p.text for p in paragraphs}
        report["sets"][set_name] = {}
        for name, split in splitters.items():
            result = score(name, split, paragraphs, lang, args.worst)
            ms = 1000 * result.seconds / max(1, result.paragraphs)
            print(
                f"| {set_name} | {name} | {result.paragraphs} | {result.precision:.3f} | "
                f"{result.recall:.3f} | {result.f1:.3f} | {ms:.2f} |"
            )
            report["sets"][set_name][name] = {
                "precision": result.precision,
                "recall": result.recall,
                "f1": result.f1,
                "ms_per_paragraph": ms,
                "paragraphs": result.paragraphs,
                "lossy": result.lossy if name == "project" else None,
                "unaligned": result.unaligned,
            }
            if result.unaligned:
                changed.append(f"{set_name}/{name}: changed the text of {result.unaligned}")
            if name == "project":
                report["sets"][set_name][name]["worst"] = [
                    {"id": key, "errors": n, "extra": extra, "missed": missed}
                    for n, key, extra, missed in result.worst
                ]
                if result.lossy:
                    worst_rows.append(f"{set_name}: join(split(p)) != p on {result.lossy}")
                for n, key, extra, missed in result.worst:
                    text = by_text[key]
                    worst_rows.append(f"{key}: {n} errors")
                    worst_rows += [f"  extra  {show_cut(text, e)}" for e in extra]
                    worst_rows += [f"  missed {show_cut(text, m)}" for m in missed]
    for note in changed:
        print(note)
    notes += changed
    if worst_rows:
        print("\n# the project's worst paragraphs (extra: a cut gold does not have)")
        print("\n".join(worst_rows))
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
