"""Which model translates a language pair, what family it is, and how it spells each language.

The data lives in `models/registry.toml` (package data `i18n_pipeline.model_registry`) so that a
model can be added without touching code. Engines ask this module for a `ModelSpec` and for the
model's code of a locale; they never guess either themselves.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from i18n_pipeline.engines.modeldir import check_model_directory, tokenizer_directory
from i18n_pipeline.errors import UsageError
from i18n_pipeline.locales import is_locale_code

# Where the registry is in a source checkout (installed, it is `i18n_pipeline.model_registry`).
SOURCE_REGISTRY = Path(__file__).resolve().parents[2] / "models" / "registry.toml"

FAMILIES = ("marian", "nllb", "m2m100")
MULTILINGUAL = ("nllb", "m2m100")

# A locale as a user types it: az, az_AZ, az-Latn, pt_BR, zh-Hant-TW, sr@latin. Anything else
# (paths, spaces, shell characters) is refused before it reaches a file name or a model.
_FLORES_RE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")  # eng_Latn: already an NLLB code
_HUB_ID_RE = re.compile(r"^[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?$")


@dataclass(frozen=True)
class ModelSpec:
    """What to load: a hub id or a local directory, and how to talk to it."""

    ref: str  # hub id ("Helsinki-NLP/opus-mt-en-az") or local path, as given
    family: str  # "marian" | "nllb" | "m2m100"
    alias: str | None = None  # registry alias when the model is a known one


@dataclass(frozen=True)
class RegistryEntry:
    """One known model, as written in registry.toml."""

    alias: str
    hub_id: str
    family: str
    pairs: tuple[tuple[str, str], ...] = ()  # Marian: the one direction it translates
    notes: str = ""

    def spec(self) -> ModelSpec:
        return ModelSpec(self.hub_id, self.family, self.alias)


@dataclass(frozen=True)
class Registry:
    """The parsed registry: entries, per-pair defaults and per-family language codes."""

    entries: tuple[RegistryEntry, ...]
    fallback: str
    pair_defaults: dict[tuple[str, str], str]
    nllb_codes: dict[str, str]
    m2m100_codes: frozenset[str]
    m2m100_aliases: dict[str, str]

    def find(self, name: str) -> RegistryEntry | None:
        """The entry whose alias or hub id is `name`."""
        for entry in self.entries:
            if name in (entry.alias, entry.hub_id):
                return entry
        return None


def _pair(text: str) -> tuple[str, str]:
    source, _, target = text.partition("-")
    if not source or not target:
        raise ValueError(f"registry.toml: pair {text!r} is not 'source-target'")
    return source, target


def _parse(data: dict[str, Any]) -> Registry:
    entries = []
    for raw in data.get("model", []):
        family = raw["family"]
        if family not in FAMILIES:
            raise ValueError(f"registry.toml: model {raw['alias']!r} has unknown family {family!r}")
        pairs = tuple(_pair(p) for p in raw.get("pairs", ()))
        entries.append(
            RegistryEntry(raw["alias"], raw["hub_id"], family, pairs, raw.get("notes", ""))
        )
    defaults = data.get("defaults", {})
    pair_defaults = {_pair(pair): alias for pair, alias in defaults.get("pairs", {}).items()}
    codes = data.get("codes", {})
    m2m = codes.get("m2m100", {})
    return Registry(
        entries=tuple(entries),
        fallback=defaults["fallback"],
        pair_defaults=pair_defaults,
        nllb_codes=dict(codes.get("nllb", {})),
        m2m100_codes=frozenset(m2m.get("languages", ())),
        m2m100_aliases=dict(m2m.get("aliases", {})),
    )


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The registry shipped with the package (read once)."""
    return _parse(tomllib.loads(_registry_text()))


def _registry_text() -> str:
    try:
        package = resources.files("i18n_pipeline.model_registry")
    except ModuleNotFoundError:
        # A source checkout on PYTHONPATH, not installed: the package-dir mapping that makes
        # models/ a subpackage exists only in an installed copy.
        return SOURCE_REGISTRY.read_text("utf-8")
    return (package / "registry.toml").read_text("utf-8")


def known_models() -> tuple[RegistryEntry, ...]:
    """Every model in the registry, for `--help` texts and listings."""
    return load_registry().entries


# --- locales and language codes -------------------------------------------------------------


def _check_locale(locale: str, option: str) -> None:
    if not is_locale_code(locale):  # FLORES-200 codes (azj_Latn) have a locale's shape too
        raise UsageError(
            f"{option} {locale!r} is not a language code; use a code such as az, az_AZ or pt_BR."
        )


def _subtags(locale: str) -> list[str]:
    """Candidate keys, most specific first: az_Latn_AZ -> [az-Latn-AZ, az-Latn, az-AZ, az]."""
    base = locale.split("@", 1)[0].replace("_", "-")
    parts = base.split("-")
    language = parts[0].lower()
    rest = [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p for p in parts[1:]]
    keys = ["-".join([language, *rest])] if rest else []
    keys += [f"{language}-{part}" for part in rest]
    keys.append(language)
    return list(dict.fromkeys(keys))


def language_of(locale: str) -> str:
    """The language subtag of a locale: pt_BR -> pt, az-Latn -> az."""
    return _subtags(locale)[-1]


# A multi-target Marian model (opus-mt-en-trk, opus-mt-en-mul, the tc-big multi models) reads
# the target language from a first source token such as >>aze_Latn<< or >>tur<<.
_MARIAN_TARGET_RE = re.compile(r"^>>([^<>\s]+)<<$")
# FLORES-200 names individual languages; those models use the macrolanguage: North
# Azerbaijani azj_Latn is >>aze_Latn<<, Standard Arabic arb_Arab is >>ara<<.
_MACROLANGUAGES = {
    "azj": "aze", "azb": "aze", "arb": "ara", "pes": "fas", "prs": "fas", "zsm": "msa",
    "cmn": "zho", "yue": "zho", "uzn": "uzb", "khk": "mon", "plt": "mlg", "npi": "nep",
    "ory": "ori", "gaz": "orm", "lvs": "lav", "ekk": "est", "als": "sqi", "swh": "swa",
    "quy": "que", "ydd": "yid", "kmr": "kur", "ckb": "kur", "twi": "aka",
}  # fmt: skip


def marian_target_token(vocabulary: Iterable[str], locale: str) -> str | None:
    """The `>>xxx<<` token a multi-target Marian model needs for `locale`; None for a model
    of one pair (no such tokens). Tried in order: the locale as written (pt_BR, az_Latn), its
    language (az), then the ISO 639-3 code from the FLORES table, with script and without,
    as a macrolanguage first (aze_Latn, aze, azj_Latn, azj)."""
    codes = {
        match.group(1).lower(): token
        for token in vocabulary
        if (match := _MARIAN_TARGET_RE.match(token))
    }
    if not codes:
        return None
    registry = load_registry()
    keys = _subtags(locale)
    candidates = [key.replace("-", "_") for key in keys]
    flores = next((registry.nllb_codes[key] for key in keys if key in registry.nllb_codes), None)
    if flores:
        language, script = flores.split("_", 1)
        macro = _MACROLANGUAGES.get(language, language)
        candidates += [f"{macro}_{script}", macro, f"{language}_{script}", language]
    for candidate in candidates:
        if candidate.lower() in codes:
            return codes[candidate.lower()]
    names = sorted(token[2:-2] for token in codes.values())
    some = ", ".join(names[:15]) + (", ..." if len(names) > 15 else "")
    raise UsageError(
        f"--to {locale}: this model translates into several languages, chosen by a >>code<< "
        f"token, and has none for {locale} (it has {some})."
    )


def model_language_code(family: str, locale: str, *, option: str = "--to") -> str:
    """The code `family` models use for `locale`; `option` names the CLI option in errors.

    nllb: FLORES-200 (az -> azj_Latn); m2m100: ISO 639 (az_AZ -> az); marian: the language
    subtag (a Marian model is one fixed pair, so the code only checks the pair).
    """
    _check_locale(locale, option)
    registry = load_registry()
    if family == "nllb":
        if _FLORES_RE.match(locale) and locale in registry.nllb_codes.values():
            return locale
        for key in _subtags(locale):
            if key in registry.nllb_codes:
                return registry.nllb_codes[key]
        raise UsageError(
            f"{option} {locale}: the NLLB-200 models have no code for this language in the "
            "registry; add it to models/registry.toml [codes.nllb] or choose another --model."
        )
    if family == "m2m100":
        language = language_of(locale)
        language = registry.m2m100_aliases.get(language, language)
        if language in registry.m2m100_codes:
            return language
        raise UsageError(
            f"{option} {locale}: M2M-100 models do not translate this language; "
            "choose another --model (NLLB-200 covers 200 languages)."
        )
    if family == "marian":
        return language_of(locale)
    raise UsageError(f"--model: unknown model family {family!r}; expected one of {FAMILIES}.")


# --- resolving --model ----------------------------------------------------------------------


def resolve_model(model: str | None, source: str, target: str) -> ModelSpec:
    """Turn `--model` (alias, hub id, local directory or None) into what an engine loads.

    None picks the registry's default for the pair. A known model is checked against the pair
    (a Marian model translates one direction only); an unknown one is trusted.
    """
    _check_locale(source, "--from")
    _check_locale(target, "--to")
    registry = load_registry()
    if model is None:
        spec = _default_for_pair(registry, source, target)
    elif (entry := registry.find(model)) is not None:
        spec = entry.spec()
    else:
        check_model_option(model)
        path = Path(model).expanduser()
        if path.exists():
            spec = ModelSpec(str(path), detect_family(path), None)
        else:
            spec = ModelSpec(model, _family_of_hub_id(model), None)
    check_pair(spec, source, target)
    return spec


def check_model_option(model: str | None) -> None:
    """Refuse a `--model` that names nothing loadable, before any work (exit 2): a directory
    that lacks a model's files (each missing one named), a mistyped registry alias ("did you
    mean"), or something that is neither a directory nor a Hugging Face Hub id. A well-formed
    hub id is accepted: whether it exists is only known by asking the Hub, when it is loaded.
    """
    if model is None or load_registry().find(model) is not None:
        return
    path = Path(model).expanduser()
    if path.exists():
        check_model_directory(path)
        return
    close = suggest_model(model)
    if "/" not in model and close:  # hub ids without a namespace are legacy; an alias is likelier
        raise UsageError(
            f"--model {model}: not a known model alias nor a directory; did you mean {close}? "
            "(`i18n-pipeline models` lists the aliases)"
        )
    if _looks_like_path(model) or not _valid_hub_id(model):
        hint = f"; did you mean {close}?" if close else ""
        raise UsageError(
            f"--model {model}: no such directory, and not a Hugging Face Hub id "
            f"(namespace/name){hint}"
        )


def suggest_model(name: str) -> str | None:
    """The registry alias or hub id closest to `name` (difflib, as click suggests options)."""
    names = [n for e in known_models() for n in (e.alias, e.hub_id)]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return close[0] if close else None


def _valid_hub_id(model: str) -> bool:
    try:
        from huggingface_hub.utils import HFValidationError, validate_repo_id
    except ImportError:  # pragma: no cover - a dependency of transformers
        return bool(_HUB_ID_RE.match(model))
    try:
        validate_repo_id(model)
    except HFValidationError:
        return False
    return True


def check_pair(spec: ModelSpec, source: str, target: str) -> None:
    """Raise UsageError if the model cannot translate source -> target."""
    if spec.family in MULTILINGUAL:
        model_language_code(spec.family, source, option="--from")
        model_language_code(spec.family, target, option="--to")
        return
    entry = load_registry().find(spec.alias or spec.ref)
    pair = (language_of(source), language_of(target))
    if entry is not None and entry.pairs and pair not in entry.pairs:
        done = ", ".join(f"{s}->{t}" for s, t in entry.pairs)
        raise UsageError(
            f"--model {entry.alias} translates {done} only, not {pair[0]}->{pair[1]}; "
            "check --from/--to or leave --model out to use the default for the pair."
        )


def _default_for_pair(registry: Registry, source: str, target: str) -> ModelSpec:
    pair = (language_of(source), language_of(target))
    alias = registry.pair_defaults.get(pair)
    if alias is not None:
        entry = registry.find(alias)
        if entry is None:
            raise ValueError(f"registry.toml: default {alias!r} for {pair} is not a model")
        return entry.spec()
    for entry in registry.entries:
        if pair in entry.pairs:
            return entry.spec()
    entry = registry.find(registry.fallback)
    if entry is None:
        raise ValueError(f"registry.toml: fallback {registry.fallback!r} is not a model")
    return entry.spec()


def _looks_like_path(model: str) -> bool:
    return (
        model.startswith(("/", ".", "~"))
        or "\\" in model
        or model.count("/") > 1
        or not _HUB_ID_RE.match(model)
    )


def _family_by_name(name: str) -> str | None:
    lowered = name.lower()
    if "nllb" in lowered:
        return "nllb"
    if "m2m100" in lowered or "m2m_100" in lowered:
        return "m2m100"
    if "opus-mt" in lowered or "marian" in lowered:
        return "marian"
    return None


def _family_of_hub_id(hub_id: str) -> str:
    """Family of an unknown hub id: by name, else from a cached config.json, else marian."""
    family = _family_by_name(hub_id)
    if family is not None:
        return family
    try:  # only the local cache: resolving a name must never download
        from huggingface_hub import try_to_load_from_cache

        cached = try_to_load_from_cache(hub_id, "config.json")
    except Exception:  # a malformed id or no huggingface_hub: fall back on the default
        cached = None
    if isinstance(cached, str):
        found = _family_from_config(Path(cached).parent)
        if found is not None:
            return found
    # A one-pair model needs no language codes: the safest assumption for an unknown model.
    return "marian"


def detect_family(path: Path) -> str:
    """Family of a local model directory: from config.json / tokenizer_config.json (a bare
    CTranslate2 conversion's: its tokenizer's directory), else the name."""
    found = _family_from_config(path) if path.is_dir() else None
    if found is None and path.is_dir() and (tokenizer := tokenizer_directory(path)) is not None:
        found = _family_from_config(tokenizer)
    return found or _family_by_name(str(path)) or "marian"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _family_from_config(directory: Path) -> str | None:
    config = _read_json(directory / "config.json")
    tokenizer = _read_json(directory / "tokenizer_config.json")
    model_type = str(config.get("model_type", "")).lower()
    tokenizer_class = str(tokenizer.get("tokenizer_class", "")).lower()
    if "nllb" in model_type or "nllb" in tokenizer_class:
        return "nllb"
    if model_type == "m2m_100" or "m2m100" in tokenizer_class:
        return "m2m100"
    if model_type == "marian" or "marian" in tokenizer_class:
        return "marian"
    return None
