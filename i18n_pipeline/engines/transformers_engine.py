"""Any Hugging Face seq2seq translation model (Marian/OPUS-MT, NLLB-200, M2M-100) as an Engine.

transformers 5 has no translation pipeline, so this module tokenizes, calls `generate` and
decodes itself. Input longer than the model can read is split and the pieces' translations
joined: a model silently cutting a sentence is the failure this module exists to prevent.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import socket
import urllib.request
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Unpack
from urllib.parse import ParseResult, unquote, urlparse

from i18n_pipeline.engines.base import EngineInfo, ModelEngineOptions
from i18n_pipeline.engines.pieces import (
    Splitter,
    model_batches,
    split_for_model,
    surely_fits,
    translate_in_pieces,
)
from i18n_pipeline.engines.registry import (
    MULTILINGUAL,
    ModelSpec,
    marian_target_token,
    model_language_code,
)
from i18n_pipeline.errors import ModelError, UsageError, check_keywords

log = logging.getLogger(__name__)

_DEFAULT_MAX_NEW_TOKENS = 512


def _auto_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise UsageError(
            f"invalid value for --device: {device!r}, but torch {torch.__version__} sees no "
            "CUDA GPU here; use --device cpu (or auto)"
        )
    return device


def _short(exc: BaseException) -> str:
    """First line of an exception, trimmed: enough to act on, no traceback."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _configured_max_length(model: Any) -> int:
    """The model's own output limit (generation config, then config), else 512."""
    for source in (getattr(model, "generation_config", None), model.config):
        value = getattr(source, "max_length", None)
        if isinstance(value, int) and value > 20:  # 20 is transformers' placeholder default
            return value
    return _DEFAULT_MAX_NEW_TOKENS


def _revision(ref: str, config: Any) -> str:
    """The Hub commit the model was loaded from when known, else the transformers version."""
    commit = getattr(config, "_commit_hash", None)
    if not commit and not Path(ref).expanduser().exists():
        try:  # the snapshot folder of the local cache is named after the commit
            from huggingface_hub import try_to_load_from_cache

            cached = try_to_load_from_cache(ref, "config.json")
            if isinstance(cached, str) and re.fullmatch(r"[0-9a-f]{40}", Path(cached).parent.name):
                commit = Path(cached).parent.name
        except Exception:  # provenance is best effort; never fail a translation for it
            commit = None
    if commit:
        return str(commit)
    import transformers

    return f"transformers {transformers.__version__}"


def _from_pretrained(
    tokenizer_class: Any, model_class: Any, source: str, *, local_only: bool
) -> tuple[Any, Any]:
    tokenizer = tokenizer_class.from_pretrained(
        source, trust_remote_code=False, local_files_only=local_only
    )
    model = model_class.from_pretrained(
        source, trust_remote_code=False, local_files_only=local_only
    )
    return tokenizer, model


def hub_reachable(timeout: float = 3.0) -> bool:
    """One quick connection attempt, instead of the hub client's minute of retries per file.

    It goes the way the hub client goes: through the proxy `HTTPS_PROXY`/`HTTP_PROXY`/
    `ALL_PROXY` name (a `CONNECT` for https), directly where `NO_PROXY` says so. A probe that
    ignored the proxy would call the Hub unreachable behind one, while the download would work.
    """
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        return False
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    host = url.hostname or "huggingface.co"
    port = url.port or (443 if url.scheme == "https" else 80)
    proxy = _proxy_for(url.scheme or "https", host)
    try:
        if proxy is None:
            with socket.create_connection((host, port), timeout=timeout):
                return True
        return _through_proxy(proxy, host, port, tunnel=url.scheme == "https", timeout=timeout)
    except OSError:
        return False


def _proxy_for(scheme: str, host: str) -> ParseResult | None:
    """The proxy the environment names for `scheme://host`, None for a direct connection."""
    proxies = urllib.request.getproxies()
    address = proxies.get(scheme) or proxies.get("all")
    if not address or urllib.request.proxy_bypass(host):
        return None
    return urlparse(address if "://" in address else f"http://{address}")


def _through_proxy(
    proxy: ParseResult, host: str, port: int, *, tunnel: bool, timeout: float
) -> bool:
    """Reach the proxy; for https, ask it for a tunnel to the Hub (`CONNECT`) and read its
    answer: 2xx means the Hub is reachable through it, anything else (403, 407) that it is not."""
    defaults = {"http": 80, "https": 443}  # the URL's own default port, as httpx takes it
    proxy_port = proxy.port or defaults.get(proxy.scheme, 1080)  # else SOCKS
    with socket.create_connection(
        (proxy.hostname or "localhost", proxy_port), timeout=timeout
    ) as sock:
        if not tunnel or proxy.scheme != "http":
            return True  # a plain-HTTP proxy forwards requests; TLS or SOCKS proxies: reachable
        request = f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        if proxy.username:
            credentials = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}"
            request += (
                f"Proxy-Authorization: Basic {base64.b64encode(credentials.encode()).decode()}\r\n"
            )
        sock.sendall((request + "\r\n").encode("latin-1"))
        status = sock.makefile("rb").readline(1024).split()
        return len(status) >= 2 and status[1].startswith(b"2")


def _looks_local(ref: str) -> bool:
    return ref.startswith(("/", ".", "~")) or "\\" in ref or ref.count("/") > 1


class TransformersOptions(ModelEngineOptions, total=False):
    """`TransformersEngine`'s keywords besides every engine's: how too long an input is split."""

    splitter: Splitter


class TransformersEngine:
    """Load a seq2seq model once; translate batches of sentences with it."""

    def __init__(self, spec: ModelSpec, **options: Unpack[TransformersOptions]) -> None:
        check_keywords("TransformersEngine", options, TransformersOptions)
        beam = options.get("beam", 1)
        batch_size = options.get("batch_size", 16)
        max_length = options.get("max_length")
        threads = options.get("threads", 0)
        if beam < 1 or batch_size < 1 or (max_length is not None and max_length < 1):
            raise UsageError("--beam, --batch-size and --max-length must be positive numbers.")
        self.spec = spec
        self.beam = beam
        self.batch_size = batch_size
        self.splitter = options.get("splitter", split_for_model)
        self.device = _auto_device(options.get("device", "auto"))
        if threads:
            import torch

            torch.set_num_threads(threads)
        self.tokenizer, self.model = self._load(spec)
        config = self.model.config
        self.max_new_tokens = max_length or _configured_max_length(self.model)
        self.input_limit = self._input_limit()
        positions = getattr(config, "max_position_embeddings", None)
        if isinstance(positions, int) and positions > 2:  # the decoder's position table ends too
            self.max_new_tokens = min(self.max_new_tokens, positions - 2)
        self.info = EngineInfo("transformers", spec.ref, _revision(spec.ref, config))
        # Inputs whose translation hit the output cap: the caller flags them for review.
        self.cut_short: set[str] = set()
        # Input sentence -> the model's mean log-probability per output token (as CTranslate2's
        # return_scores gives it), for the confidence comment and `check`'s low-confidence.
        self.scores: dict[str, float] = {}
        self.prefix = ""  # a multi-target Marian model's >>xxx<< token and a space
        self._target_token: dict[str, str | None] = {}

    # --- loading ----------------------------------------------------------------------------

    def _load(self, spec: ModelSpec) -> tuple[Any, Any]:
        """Tokenizer and model, or one ModelError sentence that says how to provide the model."""
        ref = spec.ref
        path = Path(ref).expanduser()
        if not path.exists() and _looks_local(ref):
            raise ModelError(
                f"Model directory {ref} does not exist: pass --model PATH to a local copy of "
                "the model."
            )
        source = str(path) if path.exists() else ref
        try:
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
            from transformers.utils import logging as hf_logging

            # Our own progress bar and summary are on stderr; transformers' would interleave.
            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()

            with warnings.catch_warnings():
                # MarianTokenizer advises installing sacremoses on every load; we do not need it.
                warnings.filterwarnings("ignore", message=".*sacremoses")
                # The local cache first: no network round trip when the model is already here.
                try:
                    tokenizer, model = _from_pretrained(
                        AutoTokenizer, AutoModelForSeq2SeqLM, source, local_only=True
                    )
                except OSError:
                    if path.exists() or not hub_reachable():
                        raise
                    tokenizer, model = _from_pretrained(
                        AutoTokenizer, AutoModelForSeq2SeqLM, source, local_only=False
                    )
            model.to(self.device)
            model.eval()
        except Exception as exc:  # OSError, hub/offline errors, bad configs: all mean "can't load"
            where = (
                "pass --model PATH to a local copy"
                if path.exists()
                else "pass --model PATH to a local copy, or allow network access so it can be "
                "downloaded from the Hugging Face Hub"
            )
            raise ModelError(f"Could not load model {ref} ({_short(exc)}): {where}.") from None
        return tokenizer, model

    def _input_limit(self) -> int:
        """Most tokens (special tokens included) the encoder reads without cutting."""
        limits = []
        tokenizer_max = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tokenizer_max, int) and 0 < tokenizer_max < 100_000:
            limits.append(tokenizer_max)
        positions = getattr(self.model.config, "max_position_embeddings", None)
        if isinstance(positions, int) and positions > 0:
            # M2M100/NLLB position ids start after the padding index: keep a small margin.
            limits.append(positions - 2)
        return min(limits) if limits else 512

    # --- translating ------------------------------------------------------------------------

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        """Translate `sentences` from `source` to `target`, same order and length, stripped."""
        forced_bos = self._prepare_languages(source, target)
        outputs: list[str] = []
        for batch in model_batches(sentences, self.batch_size):
            translated, capped, scores = translate_in_pieces(
                batch, self._split, lambda texts: self._translate_texts(texts, forced_bos)
            )
            outputs.extend(translated)
            self.cut_short.update(capped)
            self.scores.update(scores)
        return outputs

    @property
    def batch_sentences(self) -> int:
        """Sentences per model batch: see `pieces.model_batches`."""
        return self.batch_size

    def _split(self, sentence: str) -> list[str]:
        if not sentence.strip():
            return [sentence]
        pieces = self.splitter(sentence, self._fits)
        if "".join(pieces) != sentence:  # a splitter that loses text is a bug, not a choice
            raise RuntimeError("splitter did not return pieces that join back to the sentence")
        return pieces

    def _fits(self, text: str) -> bool:
        return surely_fits(text, self.input_limit) or self._token_count(text) <= self.input_limit

    def _token_count(self, text: str) -> int:
        # With the >>xxx<< token a multi-target Marian model reads first, as CTranslate2 counts.
        return len(self.tokenizer(self.prefix + text.strip())["input_ids"])

    def _prepare_languages(self, source: str, target: str) -> int | None:
        """Set the tokenizer's source language; return the target's forced first token."""
        family = self.spec.family
        if family not in MULTILINGUAL:
            # A Marian model is one pair, or reads its target from a >>xxx<< first token.
            if target not in self._target_token:
                vocabulary = getattr(self.tokenizer, "encoder", None)  # Marian's own, no copy
                if not isinstance(vocabulary, dict):
                    vocabulary = self.tokenizer.get_vocab()
                self._target_token[target] = marian_target_token(vocabulary, target)
            token = self._target_token[target]
            self.prefix = f"{token} " if token else ""
            return None
        source_code = model_language_code(family, source, option="--from")
        target_code = model_language_code(family, target, option="--to")
        self.tokenizer.src_lang = source_code
        token = f"__{target_code}__" if family == "m2m100" else target_code
        token_id = self.tokenizer.convert_tokens_to_ids(token)
        if token_id is None or token_id == self.tokenizer.unk_token_id:
            raise UsageError(f"--to {target}: model {self.spec.ref} has no {token} language token.")
        return int(token_id)

    def _language_token_ids(self) -> set[int]:
        """Language tokens a multilingual tokenizer may not skip when decoding (M2M-100)."""
        mapping = getattr(self.tokenizer, "lang_token_to_id", None)
        return set(mapping.values()) if isinstance(mapping, dict) else set()

    def _translate_texts(
        self, texts: list[str], forced_bos: int | None
    ) -> tuple[list[str], set[int], list[float | None]]:
        """Translate non-empty texts in length-sorted batches; empty ones stay empty.

        Also returns the indices of texts whose output stopped at the length cap, and each
        text's score: the mean log-probability of its output tokens.
        """
        import torch

        results = [""] * len(texts)
        scores: list[float | None] = [None] * len(texts)
        capped: set[int] = set()
        order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: -len(texts[i]))
        skip_ids = self._language_token_ids()
        pad = self.model.config.pad_token_id
        # For an encoder-decoder, max_length counts decoder tokens: the start token, the forced
        # language token, then the translation. (Passing max_new_tokens makes transformers warn
        # on every call that the model's own max_length is overridden.)
        generate_options: dict[str, Any] = {
            "num_beams": self.beam,
            "max_length": self.max_new_tokens + (2 if forced_bos is not None else 1),
            "do_sample": False,
        }
        if forced_bos is not None:
            generate_options["forced_bos_token_id"] = forced_bos
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                indices = order[start : start + self.batch_size]
                batch = self.tokenizer(
                    [self.prefix + texts[i] for i in indices], return_tensors="pt", padding=True
                ).to(self.device)
                generated, row_scores = self._generate(batch, generate_options, forced_bos)
                raw = [row.tolist() for row in generated]
                rows = [[t for t in row if t not in skip_ids] for row in raw]
                outputs = self.tokenizer.batch_decode(rows, skip_special_tokens=True)
                for n, (i, row, output) in enumerate(zip(indices, raw, outputs, strict=True)):
                    # Finished rows are padded; a full-length row without padding hit the cap
                    # (Marian then forces </s> as the last token, so </s> proves nothing).
                    if len(row) >= generate_options["max_length"] and pad not in row[1:]:
                        capped.add(i)
                        log.debug(
                            "translation stopped at %d tokens (raise --max-length): %.60s",
                            self.max_new_tokens,
                            texts[i],
                        )
                    results[i] = output.strip()
                    scores[i] = row_scores[n]
        return results, capped, scores

    def _generate(
        self, batch: Any, options: dict[str, Any], forced_bos: int | None
    ) -> tuple[Any, list[float | None]]:
        """`generate`, and each row's mean log-probability per output token.

        Greedy search: a logits processor placed last records, at every step, the
        log-probability of the token greedy search then picks (one number per row and step,
        where `output_scores` would keep a vocabulary-sized row per step). Beam search:
        transformers' own `sequences_scores` (the sum divided by the length, as CTranslate2's).
        """
        if self.beam > 1:
            out = self.model.generate(
                **batch, **options, output_scores=True, return_dict_in_generate=True
            )
            return out.sequences, [float(v) for v in out.sequences_scores]
        from transformers import LogitsProcessorList

        recorder = _ChosenLogProbs()
        sequences = self.model.generate(
            **batch, **options, logits_processor=LogitsProcessorList([recorder])
        )
        return sequences, recorder.means(sequences, self.model.config, forced_bos is not None)


class _ChosenLogProbs:
    """A logits processor that changes nothing and keeps, per step, each row's largest
    log-probability: the token greedy search picks (it runs after every other processor)."""

    def __init__(self) -> None:
        self.steps: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        self.steps.append(torch.log_softmax(scores.float(), dim=-1).max(dim=-1).values)
        return scores

    def means(self, sequences: Any, config: Any, forced_first: bool) -> list[float | None]:
        """Each row's mean over its output tokens, up to and including its end token (a
        forced language token, always certain, is left out)."""
        if not self.steps:
            return [None] * len(sequences)
        import torch

        table = torch.stack(self.steps, dim=1)  # rows x steps
        eos = config.eos_token_id
        out: list[float | None] = []
        for row, values in zip(sequences.tolist(), table.tolist(), strict=True):
            tokens = row[1 : 1 + len(values)]  # after the decoder's start token
            end = next((n for n, t in enumerate(tokens) if t == eos), len(tokens) - 1)
            kept = values[1 if forced_first else 0 : end + 1]
            out.append(sum(kept) / len(kept) if kept else None)
        return out
