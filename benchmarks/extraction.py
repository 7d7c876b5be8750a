"""How well does the project read real pages, against the extraction libraries on the same pages?

Two sets, both built from ``articles-dev/`` under ``--bench`` (default ``../shared/bench/`` beside
the repository; public gold data, never copied into the repository):

html   The Scrapinghub article-extraction benchmark's pages and its own metric: precision, recall
       and F1 of the extracted text against the gold ``articleBody``, over bags of 4-token
       shingles (the benchmark's headline figure) and of single tokens (tokens are ``\\w+`` runs,
       as in the benchmark's evaluate.py). Each page's true/false positives and negatives are
       normalised to sum to 1; precision and recall are the means over the pages; F1 is their
       harmonic mean. The project's text is its translatable blocks, without the ``title``
       block (the gold body leaves the headline out) and ``meta`` blocks, tags stripped.
       Compared with ``trafilatura.extract`` (defaults, comments off, favor_precision,
       favor_recall) and jusText and readability-lxml when installed.

text   Scraped plain-text pages: each gold ``articleBody`` (real text) wrapped at run time in
       synthetic site chrome of three layouts (``seed``: the seed page's, blank-line separated;
       ``menu``: one menu item per line, no blank lines; ``wrapped``: everything hard-wrapped at
       72 columns). Measured through the catalog's eyes (``document_entries`` with source
       ``en``): the share of body words whose line became a catalog entry, the share of chrome
       lines that did, and whether the title was found.

Run: python benchmarks/extraction.py [--bench DIR] [--set html|text|all] [--limit N]
     [--worst N] [--systems NAME,...] [--json]
     (with --json the last line is every figure as one JSON object)
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import statistics
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"

# ------------------------------------------------------------------------------------ metric

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int) -> Counter[tuple[str, ...]]:
    """The bag of ``size``-token shingles of ``text`` (one short shingle for a shorter text)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) <= size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_counts(gold: str, predicted: str, size: int) -> tuple[float, float, float]:
    """True positives, false positives, false negatives over shingles, normalised to sum to 1
    (so that a long article weighs as much as a short one)."""
    want, got = shingles(gold, size), shingles(predicted, size)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def page_f1(counts: tuple[float, float, float]) -> float:
    precision, recall = _precision(*counts), _recall(*counts)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def aggregate(all_counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages (pages with nothing predicted are left out of
    precision, pages with an empty gold body out of recall), F1 their harmonic mean."""
    precisions = [_precision(*c) for c in all_counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in all_counts if c[0] + c[2] > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# ------------------------------------------------------------------------------------ pages


@dataclass
class Page:
    key: str
    url: str
    gold: str
    html: str
    path: Path  # a plain .html copy (read_document reads files)


def load_pages(articles: Path, scratch: Path, limit: int | None) -> list[Page]:
    """The pages of ``articles`` that have a gold body, unpacked into ``scratch``."""
    truth = json.loads((articles / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for key in sorted(truth):
        packed = articles / "html" / f"{key}.html.gz"
        plain = articles / "html" / f"{key}.html"
        if packed.is_file():
            data = gzip.decompress(packed.read_bytes())
        elif plain.is_file():
            data = plain.read_bytes()
        else:
            continue
        path = scratch / f"{key[:16]}.html"
        path.write_bytes(data)
        html = data.decode("utf-8", errors="replace")
        pages.append(Page(key, truth[key].get("url", ""), truth[key]["articleBody"], html, path))
        if limit is not None and len(pages) >= limit:
            break
    return pages


# ------------------------------------------------------------------------------- extractors


_LINE_BREAKS = re.compile(r"<br\b[^>]*>|</?(?:p|div|li|tr|h[1-6])\b[^>]*>", re.IGNORECASE)


def _markup_text(markup: str) -> str:
    """A block's inner HTML as plain text: tags stripped, a <br> or an inner block a line break
    (as a browser shows it: "dates:<br>June 9" is two words, not "dates:June")."""
    import lxml.html

    if "<" not in markup and "&" not in markup:
        return markup
    markup = _LINE_BREAKS.sub("\n", markup)
    return str(lxml.html.fragment_fromstring(markup, create_parent="div").text_content())


# Translatable, but not the article's body as the gold marks it: the headline, and what the
# page says about itself in <head> (kind `meta`, where the reader makes such blocks).
NOT_BODY = ("title", "meta")


def project_text(page: Page) -> str:
    """The project's translatable blocks, the headline and page metadata left out, tags
    stripped."""
    from i18n_pipeline.documents import read_document

    document = read_document(page.path)
    return "\n".join(
        _markup_text(block.text)
        for block in document.translatable_blocks
        if block.kind not in NOT_BODY
    )


def _trafilatura(**options: Any) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        import trafilatura

        return trafilatura.extract(page.html, url=page.url or None, **options) or ""

    return run


def _justext(page: Page) -> str:
    import justext

    paragraphs = justext.justext(page.html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _readability(page: Page) -> str:
    import lxml.html
    from readability import Document as ReadabilityDocument

    summary = ReadabilityDocument(page.html).summary(html_partial=True)
    return str(lxml.html.fromstring(summary).text_content())


def extractors(only: set[str] | None = None) -> dict[str, Callable[[Page], str]]:
    """The systems compared, the project first; libraries that are not installed left out;
    with ``only``, just those (the project and trafilatura's defaults always)."""
    found: dict[str, Callable[[Page], str]] = {
        "i18n-pipeline": project_text,
        "trafilatura": _trafilatura(),
        "trafilatura comments off": _trafilatura(include_comments=False),
        "trafilatura favor_precision": _trafilatura(favor_precision=True),
        "trafilatura favor_recall": _trafilatura(favor_recall=True),
    }
    try:
        import justext  # noqa: F401

        found["jusText"] = _justext
    except ImportError:
        pass
    try:
        import readability  # noqa: F401

        found["readability-lxml"] = _readability
    except ImportError:
        pass
    if only is not None:
        keep = only | {"i18n-pipeline", "trafilatura"}
        found = {name: run for name, run in found.items() if name in keep}
    return found


def run_html(pages: list[Page], worst: int, only: set[str] | None = None) -> dict[str, Any]:
    """Every system on every page: the two metrics, time per page, per-page F1."""
    systems = extractors(only)
    for run in systems.values():  # warm-up: imports, trafilatura's and lxml's first calls
        run(pages[0])
    results: dict[str, Any] = {}
    for name, run in systems.items():
        counts: dict[int, list[tuple[float, float, float]]] = {4: [], 1: []}
        seconds: list[float] = []
        per_page: dict[str, float] = {}
        for page in pages:
            start = time.perf_counter()
            try:
                text = run(page)
            except Exception as error:  # a library failing on a page scores it as empty
                print(f"{name}: {page.key[:16]}: {type(error).__name__}: {error}", file=sys.stderr)
                text = ""
            seconds.append(time.perf_counter() - start)
            for size in counts:
                counts[size].append(page_counts(page.gold, text, size))
            per_page[page.key] = page_f1(counts[4][-1])
        results[name] = {
            "shingles": aggregate(counts[4]),
            "tokens": aggregate(counts[1]),
            "s_per_page": statistics.fmean(seconds),
            "under_0_5": sum(1 for f in per_page.values() if f < 0.5),
            "page_f1": per_page,
        }
    ours, reference = results["i18n-pipeline"]["page_f1"], results["trafilatura"]["page_f1"]
    by_key = {page.key: page for page in pages}
    ranked = sorted(ours, key=lambda key: ours[key])[:worst]
    fallen = [key for key in ours if reference[key] >= 0.8 > ours[key]]
    return {
        "pages": len(pages),
        "systems": results,
        "worst": [
            {"key": key, "url": by_key[key].url, "f1": ours[key], "trafilatura": reference[key]}
            for key in ranked
        ],
        "fallen_below_0_8": [
            {"key": key, "url": by_key[key].url, "f1": ours[key], "trafilatura": reference[key]}
            for key in fallen
        ],
    }


# ------------------------------------------------------------------ synthetic plain-text pages

# Site furniture written for this benchmark (no real site's): lines a scraper copies along with
# an article. English chrome, and the Azerbaijani footer of an English page of an Azerbaijani
# site (the kind of leftover line that must never become an entry of an English catalog).
_SITE = "Caspian Ledger"
_MENU = ["Home page", "Politics", "Economy", "Society", "Sport", "Culture", "World", "Opinion"]
_AD_LINES = [
    "Advertisement",
    "Subscribe to our newsletter",
    "Follow us on Telegram",
    "Share on Facebook",
    "Share on X",
]
_FOOTER_EN = [
    "About us",
    "Contact us",
    "Privacy policy",
    "Terms of use",
    f"© 2026 {_SITE}. All rights reserved.",
]
_FOOTER_AZ = ["Bizə yazın Bağla", "Əsas səhifə", "Reklam yerləşdirin", "Bütün hüquqlar qorunur"]


@dataclass
class TextPage:
    name: str
    layout: str
    source: str
    roles: list[str]  # per line: "title", "body", "chrome" or "" (blank)
    title: str
    language: str  # the body's, passed as the source language


def _headline(html: str) -> str:
    """The page's own headline: og:title, else <title>, else the first <h1>."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for value in (
        *root.xpath("//meta[@property='og:title']/@content"),
        *root.xpath("//title/text()"),
        *root.xpath("//h1//text()"),
    ):
        text = " ".join(str(value).split())
        if text:
            return text
    return "Untitled"


def _paragraphs(gold: str) -> list[str]:
    return [" ".join(p.split()) for p in gold.split("\n") if p.strip()]


class _Builder:
    """Lines of a synthetic page, each with its role."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.roles: list[str] = []

    def add(self, text: str, role: str) -> None:
        self.lines.append(text)
        self.roles.append(role if text.strip() else "")

    def blank(self) -> None:
        self.add("", "")

    def wrapped(self, text: str, role: str) -> None:
        for line in textwrap.wrap(text, 72, break_long_words=False, break_on_hyphens=False):
            self.add(line, role)

    def page(self, name: str, layout: str, title: str, language: str) -> TextPage:
        source = "\n".join(self.lines) + "\n"
        return TextPage(name, layout, source, self.roles, title, language)


def build_text_page(number: int, page: Page, others: list[str], layout: str) -> TextPage:
    """One gold body in one layout of chrome; ``others`` are other pages' headlines, for the
    "See also" list. The date, author and list vary with ``number`` (reproducible)."""
    title = _headline(page.html)
    body = _paragraphs(page.gold)
    date = f"2026.{number % 12 + 1:02d}.{number % 28 + 1:02d} / {number % 24:02d}:{number % 60:02d}"
    author = ["Leyla Aliyeva", "Murad Huseynov", "Sara Quliyeva"][number % 3]
    related = others[:6]
    out = _Builder()
    if layout == "seed":
        out.add(f"{_SITE} Logo", "chrome")
        out.blank()
        out.add(title, "title")
        out.blank()
        out.add(f"{_MENU[0]} {_MENU[1 + number % 6]}", "chrome")
        out.add("12 Punto 14 Punto 16 Punto 18 Punto", "chrome")
        out.blank()
        for paragraph in body:
            out.add(paragraph, "body")
            out.blank()
        out.add(date, "chrome")
        out.add(author, "chrome")
        out.add("See also", "chrome")
        out.blank()
        for headline in related:
            out.add(headline, "chrome")
            out.blank()
        for line in _FOOTER_AZ[:2]:
            out.add(line, "chrome")
    elif layout == "menu":
        out.add(f"{_SITE} Logo", "chrome")
        for item in _MENU:
            out.add(item, "chrome")
        out.add("Search", "chrome")
        out.add(title, "title")
        out.add(f"By {author}", "chrome")
        out.add(date, "chrome")
        for index, paragraph in enumerate(body):
            out.add(paragraph, "body")
            if index == len(body) // 2:
                out.add(_AD_LINES[number % len(_AD_LINES)], "chrome")
        out.add(_AD_LINES[(number + 1) % len(_AD_LINES)], "chrome")
        out.add("Related", "chrome")
        for headline in related:
            out.add(headline, "chrome")
        for line in _FOOTER_EN + _FOOTER_AZ:
            out.add(line, "chrome")
    else:  # wrapped
        out.add(f"{_SITE} Logo", "chrome")
        out.add(" | ".join(_MENU[:5]), "chrome")
        out.blank()
        out.wrapped(title, "title")
        out.blank()
        out.add(f"By {author}", "chrome")
        out.add(date, "chrome")
        out.blank()
        for paragraph in body:
            out.wrapped(paragraph, "body")
            out.blank()
        out.add("Read more", "chrome")
        out.blank()
        for headline in related:
            out.wrapped(headline, "chrome")
            out.blank()
        out.add(_FOOTER_EN[-1], "chrome")
        out.add(_FOOTER_AZ[0], "chrome")
    return out.page(f"{number:03d}-{layout}", layout, title, body_language(page.gold))


LAYOUTS = ("seed", "menu", "wrapped")


def build_text_pages(pages: list[Page]) -> list[TextPage]:
    """Every gold body in each of the three layouts (pages with a one-line body left out)."""
    headlines = [_headline(page.html) for page in pages]
    built: list[TextPage] = []
    for number, page in enumerate(pages):
        if len(_paragraphs(page.gold)) < 2:
            continue
        others = [h for i, h in enumerate(headlines) if i != number]
        others = others[number % len(others) :] + others[: number % len(others)]
        for layout in LAYOUTS:
            built.append(build_text_page(number, page, others, layout))
    return built


def body_language(text: str) -> str:
    """The gold body's language (lingua, all its languages): the run's ``--from``, so that a
    Russian article is judged as one and only the chrome in other languages is left out."""
    from lingua import LanguageDetectorBuilder

    global _DETECTOR
    if _DETECTOR is None:
        _DETECTOR = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
    found = _DETECTOR.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else "en"


_DETECTOR: Any = None


def evaluate_text_page(page: TextPage, scratch: Path) -> dict[str, Any]:
    """Which of the page's lines became catalog entries, and whether the title was found."""
    from i18n_pipeline.documents import read_document
    from i18n_pipeline.pipeline.entries import document_entries

    path = scratch / f"{page.name}.txt"
    path.write_text(page.source, encoding="utf-8")
    start = time.perf_counter()
    document = read_document(path)
    entries = document_entries(document, path.name, source=page.language)
    seconds = time.perf_counter() - start
    entry_texts = {entry.msgid for entry in entries}
    kept = [False] * len(page.roles)
    for block in document.blocks:
        if block.text in entry_texts and block.span is not None:
            first = page.source.count("\n", 0, block.span[0])
            last = page.source.count("\n", 0, block.span[1])
            for line in range(first, last + 1):
                kept[line] = True
    lines = page.source.split("\n")
    body_words = lost_words = 0
    body_lines = lost_lines = chrome_lines = leaked_lines = 0
    leaked: list[str] = []
    for index, role in enumerate(page.roles):
        if role == "body":
            words = len(lines[index].split())
            body_words += words
            body_lines += 1
            if not kept[index]:
                lost_words += words
                lost_lines += 1
        elif role == "chrome":
            chrome_lines += 1
            if kept[index]:
                leaked_lines += 1
                leaked.append(lines[index])
    found = " ".join(document.metadata.get("title", "").split())
    return {
        "name": page.name,
        "layout": page.layout,
        "body_words": body_words,
        "lost_words": lost_words,
        "body_lines": body_lines,
        "lost_lines": lost_lines,
        "chrome_lines": chrome_lines,
        "leaked_lines": leaked_lines,
        "leaked": leaked,
        "title_right": found == page.title,
        "seconds": seconds,
    }


def run_text(pages: list[Page], scratch: Path, worst: int) -> dict[str, Any]:
    built = build_text_pages(pages)
    if built:  # warm-up: pysbd, the language-ID models
        evaluate_text_page(built[0], scratch)
    rows = [evaluate_text_page(page, scratch) for page in built]

    def summary(selected: list[dict[str, Any]]) -> dict[str, Any]:
        body = sum(r["body_words"] for r in selected)
        chrome = sum(r["chrome_lines"] for r in selected)
        return {
            "pages": len(selected),
            "body_words_kept": 1 - sum(r["lost_words"] for r in selected) / body if body else 1.0,
            "body_lines": sum(r["body_lines"] for r in selected),
            "body_lines_lost": sum(r["lost_lines"] for r in selected),
            "chrome_lines": chrome,
            "chrome_lines_leaked": sum(r["leaked_lines"] for r in selected),
            "chrome_leaked": sum(r["leaked_lines"] for r in selected) / chrome if chrome else 0.0,
            "pages_under_95": sum(
                1 for r in selected if r["body_words"] and r["lost_words"] / r["body_words"] > 0.05
            ),
            "title_right": sum(1 for r in selected if r["title_right"]),
            "s_per_page": statistics.fmean(r["seconds"] for r in selected) if selected else 0.0,
        }

    by_layout = {layout: summary([r for r in rows if r["layout"] == layout]) for layout in LAYOUTS}
    ranked = sorted(
        rows, key=lambda r: (r["lost_words"] / max(r["body_words"], 1), r["leaked_lines"])
    )
    return {
        "all": summary(rows),
        "layouts": by_layout,
        "worst": [
            {k: r[k] for k in ("name", "lost_words", "body_words", "leaked", "title_right")}
            for r in reversed(ranked[-worst:])
        ],
    }


# ------------------------------------------------------------------------------------ output


def print_html(result: dict[str, Any]) -> None:
    print(f"HTML: {result['pages']} pages (Scrapinghub benchmark metric)")
    print()
    print("| system | F1 | P | R | token F1 | token P | token R | pages F1 < 0.5 | s/page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, row in result["systems"].items():
        sh, tok = row["shingles"], row["tokens"]
        print(
            f"| {name} | {sh['f1']:.3f} | {sh['precision']:.3f} | {sh['recall']:.3f} | "
            f"{tok['f1']:.3f} | {tok['precision']:.3f} | {tok['recall']:.3f} | "
            f"{row['under_0_5']} | {row['s_per_page']:.3f} |"
        )
    print()
    print("worst pages (i18n-pipeline shingle F1, trafilatura's beside it):")
    for row in result["worst"]:
        print(f"  {row['f1']:.3f}  trafilatura {row['trafilatura']:.3f}  {row['url'][:90]}")
    fallen = result["fallen_below_0_8"]
    print(f"pages trafilatura reads with F1 >= 0.8 that fall under 0.8 here: {len(fallen)}")
    for row in fallen:
        print(f"  {row['f1']:.3f}  trafilatura {row['trafilatura']:.3f}  {row['url'][:90]}")


def print_text(result: dict[str, Any]) -> None:
    overall = result["all"]
    print(f"plain text: {overall['pages']} pages (gold bodies in synthetic chrome)")
    print()
    print(
        "| layout | pages | body words kept | body lines lost | chrome lines leaked | "
        "pages < 95% kept | title right | s/page |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, row in [*result["layouts"].items(), ("all", overall)]:
        print(
            f"| {name} | {row['pages']} | {100 * row['body_words_kept']:.2f}% | "
            f"{row['body_lines_lost']} of {row['body_lines']} | "
            f"{row['chrome_lines_leaked']} of {row['chrome_lines']} "
            f"({100 * row['chrome_leaked']:.2f}%) | {row['pages_under_95']} | "
            f"{row['title_right']} of {row['pages']} | {row['s_per_page']:.3f} |"
        )
    print()
    print("worst pages (body words lost, chrome lines leaked):")
    for row in result["worst"]:
        leaked = "; ".join(line[:40] for line in row["leaked"][:4])
        print(
            f"  {row['name']}: lost {row['lost_words']} of {row['body_words']} words, "
            f"title {'right' if row['title_right'] else 'WRONG'}, leaked: {leaked or '-'}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="gold data directory")
    parser.add_argument("--set", choices=("html", "text", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--worst", type=int, default=10, help="worst pages listed (default 10)")
    parser.add_argument(
        "--systems",
        default=None,
        help="comma-separated systems to compare (default all; the project and trafilatura "
        "always run)",
    )
    parser.add_argument("--json", action="store_true", help="end with the figures as JSON")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.systems.split(",")} if args.systems else None

    articles = args.bench / "articles-dev"
    if not (articles / "ground-truth.json").is_file():
        message = f"no gold data: {articles}/ground-truth.json is missing (skipped)"
        print(message)
        if args.json:
            print(json.dumps({"skipped": message}))
        return 0

    figures: dict[str, Any] = {
        "bench": str(args.bench),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    with tempfile.TemporaryDirectory(prefix="extraction-") as scratch:
        pages = load_pages(articles, Path(scratch), args.limit)
        if not pages:
            message = f"no pages with a gold body under {articles} (skipped)"
            print(message)
            if args.json:
                print(json.dumps({"skipped": message}))
            return 0
        if args.set in ("html", "all"):
            figures["html"] = run_html(pages, args.worst, only)
            print_html(figures["html"])
            print()
        if args.set in ("text", "all"):
            figures["text"] = run_text(pages, Path(scratch), args.worst)
            print_text(figures["text"])
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
