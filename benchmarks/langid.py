"""Does language ID find short strings left in another language, and leave the page's own alone?

Labelled set: real UI strings of one to five words from human-translated catalogs (the az, tr
and ru catalogs in the Django, Wagtail and Sphinx wheels, and their English msgids; no
placeholders or markup, translation different from its msgid). For a page in language L, a
string of another language is a positive (a leftover the segmenter must keep out of the
catalog), a string in L a negative. Up to --per-language pairs per language, drawn with a fixed
seed. Compared:

  project     i18n_pipeline.text.langid.block_language (lingua among the site's languages)
  py3langid   the rule the project used before (py3langid; English pages: only text mostly in
              non-ASCII letters is judged, 70%; other pages: 4+ words, 95%), when installed
  lingua-all  lingua with all 75 languages, "not L" when L is not the likeliest

Wheels: `pip download --no-deps django wagtail sphinx -d /tmp/wheels` (the default --wheels);
with none there it says so and exits 0.

Run: python benchmarks/langid.py [--wheels DIR] [--per-language 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGUAGES = ("az", "tr", "ru")
PART = re.compile(r".*/locale/(az|tr|ru)/LC_MESSAGES/[^/]+\.po$")
WORD = re.compile(r"[^\W\d_]+")


def labelled_pairs(wheels: Path, per_language: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    """(English msgid, translation) pairs per language, one to five words each."""
    from translate.storage import po

    found: dict[str, set[tuple[str, str]]] = {lang: set() for lang in LANGUAGES}
    with tempfile.TemporaryDirectory() as scratch:
        for wheel in sorted(wheels.glob("*.whl")):
            with zipfile.ZipFile(wheel) as archive:
                for name in archive.namelist():
                    match = PART.match(name)
                    if not match:
                        continue
                    target = Path(scratch) / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
                    for unit in po.pofile.parsefile(str(target)).units:
                        if unit.isheader() or unit.isfuzzy() or unit.hasplural():
                            continue
                        source, text = str(unit.source).strip(), str(unit.target).strip()
                        if not text or any(c in source for c in "%{<") or source == text:
                            continue
                        if 1 <= len(WORD.findall(source)) <= 5 and WORD.search(text):
                            found[match.group(1)].add((source, text))
    rng = random.Random(seed)
    return {
        lang: rng.sample(sorted(pairs), min(per_language, len(pairs)))
        for lang, pairs in found.items()
        if pairs
    }


def judges() -> dict[str, Callable[[str, str], str]]:
    from i18n_pipeline.text.langid import block_language

    out: dict[str, Callable[[str, str], str]] = {"project": block_language}
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        pass
    else:
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

        def old_rule(text: str, page: str) -> str:
            words = WORD.findall(text)
            if not words:
                return page
            if page == "en":
                foreign = sum(1 for word in words if not word.isascii())
                if foreign <= 0.5 * len(words):
                    return page
                threshold = 0.7
            else:
                if len(words) < 4:
                    return page
                threshold = 0.95
            found, probability = identifier.classify(text)
            return str(found) if found != page and probability >= threshold else page

        out["py3langid (before)"] = old_rule
    from lingua import LanguageDetectorBuilder

    everything = LanguageDetectorBuilder.from_all_languages().build()

    def lingua_all(text: str, page: str) -> str:
        found = everything.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else page

    out["lingua, all languages"] = lingua_all
    return out


def score(
    judge: Callable[[str, str], str], pairs: dict[str, list[tuple[str, str]]], page: str
) -> dict[str, float]:
    tp = fp = fn = total = 0
    started = time.perf_counter()
    for lang, items in pairs.items():
        for source, text in items:
            for string, truth in ((source, "en"), (text, lang)):
                positive = truth != page
                flagged = judge(string, page) != page
                tp += flagged and positive
                fp += flagged and not positive
                fn += positive and not flagged
                total += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "precision": precision,
        "recall": recall,
        "strings": total,
        "ms_per_string": 1000 * (time.perf_counter() - started) / max(1, total),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, default=Path("/tmp/wheels"))
    parser.add_argument("--per-language", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pairs = {}
    if args.wheels.is_dir():
        pairs = labelled_pairs(args.wheels, args.per_language, args.seed)
    if not pairs:
        print(f"no wheels with az/tr/ru catalogs in {args.wheels}: nothing to measure")
        return 0
    counts = ", ".join(f"{lang} {len(items)}" for lang, items in pairs.items())
    print(f"labelled pairs (English msgid + translation, 1-5 words): {counts}\n")
    print("| page | judge | precision | recall | ms/string |")
    print("| --- | --- | ---: | ---: | ---: |")
    results = {}
    for page in ("en", "az"):
        for name, judge in judges().items():
            row = score(judge, pairs, page)
            results[f"{page}/{name}"] = row
            print(
                f"| {page} | {name} | {row['precision']:.3f} | {row['recall']:.3f} "
                f"| {row['ms_per_string']:.2f} |"
            )
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
