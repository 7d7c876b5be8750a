"""Translation memory: translations people (or models) already made, reused before any model call.

Sources are the catalogs of the same locale in the locales directory and compendia given with
`--memory` (PO or TMX). A reviewed match beats a machine one; the first of equals wins.

Besides whole entries, single sentences are reused: when an editor changes one sentence of a
paragraph, the others keep the translation they had (reviewed wording included) instead of
going through the model again. A pair of texts gives sentence pairs only when both split into
the same number of sentences and each pair carries the same placeholders and digits; anything
else is not trusted to line up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.errors import InputError, refuse_xml_entities
from i18n_pipeline.locales import LocaleInfo

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class MemoryMatch:
    target: str
    origin: str  # "path:line" of the entry it came from
    reviewed: bool  # False: the origin itself was machine output or fuzzy
    provenance: tuple[str, ...] = ()  # the origin's own `#. mt:` lines, carried along


@dataclass(frozen=True)
class SentenceMatch:
    target: str
    origin: str
    reviewed: bool


_DIGITS = re.compile(r"\d+")


def _lines_up(source: str, target: str) -> bool:
    """Whether a source sentence and the target sentence beside it can be the same sentence."""
    from i18n_pipeline.text.protect import placeholders

    return Counter(placeholders(source)) == Counter(placeholders(target)) and sorted(
        _DIGITS.findall(source)
    ) == sorted(_DIGITS.findall(target))


class TranslationMemory:
    """Exact matches by (msgctxt, msgid); sentence matches, built on the first lookup."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], MemoryMatch] = {}
        self._by_context: dict[str, list[str]] | None = None  # built on the first fuzzy search
        # (source, target, reviewed, origin) of every translated text, obsolete ones included:
        # the old version of a changed paragraph is where its unchanged sentences are.
        self._pairs: list[tuple[str, str, bool, str]] = []
        self._sentences: dict[tuple[str, str], dict[str, SentenceMatch]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, source: str, match: MemoryMatch, context: str = "") -> None:
        key = (context, source)
        current = self._entries.get(key)
        if current is None or (match.reviewed and not current.reviewed):
            self._entries[key] = match
            self._by_context = None

    def lookup(self, source: str, context: str = "") -> MemoryMatch | None:
        return self._entries.get((context, source))

    def fuzzy_lookup(
        self, source: str, context: str = "", threshold: float = 75.0
    ) -> tuple[str, MemoryMatch, float] | None:
        """The most similar source in the same msgctxt, scoring at least `threshold` (0-100).

        Returns (the matched source, its translation, the score). rapidfuzz's normalised Indel
        similarity: one changed word in a 15-word sentence scores about 90.
        """
        from rapidfuzz import fuzz, process

        if self._by_context is None:
            self._by_context = {}
            for ctx, text in self._entries:
                self._by_context.setdefault(ctx, []).append(text)
        candidates = self._by_context.get(context, [])
        found = process.extractOne(source, candidates, scorer=fuzz.ratio, score_cutoff=threshold)
        if found is None:
            return None
        text, score, _ = found
        return text, self._entries[(context, text)], float(score)

    def sentence_lookup(
        self, sentence: str, source_lang: str, target_lang: str
    ) -> SentenceMatch | None:
        """A translation of this one sentence inside an earlier translated text, if any."""
        table = self._sentences.get((source_lang, target_lang))
        if table is None:
            table = self._sentences[(source_lang, target_lang)] = self._sentence_table(
                source_lang, target_lang
            )
        return table.get(sentence)

    def _sentence_table(self, source_lang: str, target_lang: str) -> dict[str, SentenceMatch]:
        from i18n_pipeline.text.sentences import split_sentences

        table: dict[str, SentenceMatch] = {}
        for source, target, reviewed, origin in self._pairs:
            sources = [s.text for s in split_sentences(source, source_lang) if s.text.strip()]
            targets = [s.text for s in split_sentences(target, target_lang) if s.text.strip()]
            if len(sources) != len(targets):
                continue
            for one, other in zip(sources, targets, strict=True):
                current = table.get(one)
                if _lines_up(one, other) and (
                    current is None or (reviewed and not current.reviewed)
                ):
                    table[one] = SentenceMatch(other, origin, reviewed)
        return table

    def add_catalog(
        self,
        store: catalogs.Store,
        path: Path,
        keep: Callable[[catalogs.Unit], bool] | None = None,
    ) -> None:
        """The catalog's translated entries; `keep` leaves out those the run must not reuse
        (pseudo text, machine output it translates again)."""
        for unit in store.units:
            if unit.isheader() or unit.hasplural() or not unit.target:
                continue
            if keep is not None and not keep(unit):
                continue
            origin = f"{path}:{unit.line_number}" if unit.line_number else str(path)
            reviewed = not unit.isfuzzy()
            if unit.isobsolete():  # its line moves when this run rewrites the catalog
                self._pairs.append((str(unit.source), str(unit.target), reviewed, f"{path} (#~)"))
                self._sentences.clear()
                continue
            self._pairs.append((str(unit.source), str(unit.target), reviewed, origin))
            self._sentences.clear()
            self.add(
                str(unit.source),
                MemoryMatch(
                    target=str(unit.target),
                    origin=origin,
                    reviewed=reviewed,
                    provenance=tuple(catalogs.own_comments(unit, catalogs.MT_PREFIX)),
                ),
                unit.getcontext() or "",
            )

    def add_tmx(self, path: Path, source: str, target: LocaleInfo) -> None:
        """Translation units of a TMX file whose languages match the run's pair."""
        from translate.storage import tmx

        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(path, f"cannot read TMX: {error.strerror}") from None
        refuse_xml_entities(path, data, "TMX")
        try:
            store = tmx.tmxfile.parsestring(data)
        except Exception as error:  # lxml reports the line of malformed XML in its message
            raise InputError(path, f"cannot read TMX: {error}") from None
        wanted_source = _language(source)
        wanted_target = {target.code.lower(), target.language.lower()}
        for unit in store.units:
            texts: dict[str, str] = {}
            for node in unit.getlanguageNodes():
                lang = (node.get(XML_LANG) or node.get("lang") or "").replace("-", "_").lower()
                texts[lang] = unit.getNodeText(node)
            source_text = next((t for k, t in texts.items() if _language(k) == wanted_source), None)
            target_text = next(
                (
                    t
                    for k, t in texts.items()
                    if k in wanted_target or _language(k) in wanted_target
                ),
                None,
            )
            if source_text and target_text:
                # Exchanged translation units are finished work, but not reviewed *here*.
                self.add(source_text, MemoryMatch(target_text, str(path), reviewed=False))
                self._pairs.append((source_text, target_text, False, str(path)))
                self._sentences.clear()


def _language(code: str) -> str:
    return code.replace("-", "_").split("_", 1)[0].lower()


def build_memory(
    locale: LocaleInfo,
    source: str,
    *,
    locales_dir: Path,
    extra: Iterable[Path] = (),
    loaded: dict[Path, catalogs.Store] | None = None,
    keep: Callable[[catalogs.Unit], bool] | None = None,
) -> TranslationMemory:
    """Everything translated into `locale`: the locales directory's catalogs, then `extra`.

    `loaded` holds catalogs this run already has in memory (they may hold unsaved work);
    `keep` says which catalog entries may be reused.
    """
    memory = TranslationMemory()
    loaded = loaded or {}
    for path in sorted((locales_dir / locale.code / "LC_MESSAGES").glob("*.po")):
        store = loaded.get(path)
        memory.add_catalog(store if store is not None else catalogs.read_catalog(path), path, keep)
    for path in extra:
        if path.suffix.lower() in (".tmx", ".xml"):
            memory.add_tmx(path, source, locale)
        else:
            memory.add_catalog(catalogs.read_catalog(path), path, keep)
    return memory
