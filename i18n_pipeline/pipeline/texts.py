"""Plain texts through the model exactly as `translate` sends an entry's text: split into
sentences, masked, each distinct sentence once, restored and joined; for callers that have
texts rather than articles or catalogs (`evaluate`, `align`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from i18n_pipeline.engines.base import Engine
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.pipeline.factory import checked_factory
from i18n_pipeline.pipeline.fill import model_spec
from i18n_pipeline.pipeline.options import TranslateOptions
from i18n_pipeline.pipeline.pending import finish_text, prepare_text


@dataclass(frozen=True)
class TextTranslation:
    """One text's machine translation, what `translate` would flag in it, and the model's
    confidence (its least sure sentence's mean log-probability per token; None: no score)."""

    text: str
    problems: list[str] = field(default_factory=list)
    score: float | None = None


def translate_texts(
    texts: Sequence[str], engine: Engine, *, source: str, target: str
) -> list[TextTranslation]:
    """Translate `texts` with `engine` as `translate` would, in the same order."""
    prepared = [prepare_text(text, source) for text in texts]
    unique = list(dict.fromkeys(m.text for _, masked in prepared for m in masked if m))
    outputs = engine.translate_batch(unique, source=source, target=target) if unique else []
    translations = dict(zip(unique, outputs, strict=True))
    cut_short, scores = engine.cut_short, engine.scores
    out = []
    for sentences, masked in prepared:
        text, problems = finish_text(sentences, masked, translations, cut_short)
        found = [scores[m.text] for m in masked if m and m.text in scores]
        out.append(TextTranslation(text, problems, min(found) if found else None))
    return out


def load_engine(options: TranslateOptions, target: str, sentences: int = 0) -> Engine:
    """The engine `translate` would use for `options.model` into `target`, laid out for about
    `sentences` sentences (CTranslate2 picks its workers from the work)."""
    factory = checked_factory(options, None, None)
    engine = factory(model_spec(options, parse_locale(target, "--to")))
    reserve = getattr(engine, "reserve", None)
    if callable(reserve):
        reserve(sentences)
    return engine
