"""Session fixtures: tiny models built locally, and a guard that keeps every test offline."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import modelfactory  # imports transformers lazily, inside its builders

# Set before anything imports huggingface_hub/transformers: they read these once, at import.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Converted CTranslate2 models go to a throw-away cache, never the user's.
os.environ["I18N_PIPELINE_CACHE"] = tempfile.mkdtemp(prefix="i18n-pipeline-test-cache-")
atexit.register(shutil.rmtree, os.environ["I18N_PIPELINE_CACHE"], True)
warnings.filterwarnings("ignore", message=".*sacremoses")  # MarianTokenizer's advice, not ours


@pytest.fixture(scope="session", autouse=True)
def _quiet_transformers() -> Iterator[None]:
    """Progress bars and advice from transformers would bury real test output."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - transformers is a dependency
        yield
        return
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    yield


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Random-weight Marian (OPUS-MT architecture) en->az, loadable from its path."""
    return modelfactory.build_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture(scope="session")
def tiny_m2m100(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Random-weight M2M-100 with a real M2M100Tokenizer and its 100 language tokens."""
    return modelfactory.build_m2m100(tmp_path_factory.mktemp("tiny-m2m100"))


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Random-weight NLLB-style model with an NllbTokenizer and FLORES-200 language tokens."""
    return modelfactory.build_nllb(tmp_path_factory.mktemp("tiny-nllb"))


@pytest.fixture(scope="session")
def copy_marian() -> Path:
    """The committed Marian model trained to copy its input (tests/data/make_copy_model.py)."""
    path = modelfactory.COPY_MARIAN
    if not (path / "model.safetensors").exists():
        pytest.skip("tests/data/copy-marian is missing: run tests/data/make_copy_model.py")
    return path


@pytest.fixture
def article_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding the README's example article, as a new user starts."""
    monkeypatch.chdir(tmp_path)
    article = Path(__file__).resolve().parent.parent / "examples/articles/baku-book-fair.txt"
    shutil.copy(article, tmp_path / article.name)
    return tmp_path
