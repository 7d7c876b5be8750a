"""Pseudo-locales of their own (en_XA, ar_XB), and pseudo text that never poisons a real locale:
model runs replace it (and other models' unreviewed output), it is never translation memory,
reviewed text is never touched, `--retranslate` re-translates machine output on request."""

from __future__ import annotations

import gettext
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.engines.base import EngineInfo
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.pipeline import TranslateOptions, translate_files
from tests.helpers import verify_catalog

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "articles" / "baku-book-fair.txt"
TITLE = "Baku Book Fair draws record crowds to the seaside pavilion"
RLO = "\u202e"


@pytest.fixture
def workdir(article_dir: Path) -> Path:
    return article_dir


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def live(po: Path) -> dict[str, catalogs.Unit]:
    store = catalogs.read_catalog(po)
    return {str(u.source): u for u in store.units if not u.isheader() and not u.isobsolete()}


def provenance(unit: catalogs.Unit) -> str:
    return " ".join(catalogs.own_comments(unit, catalogs.MT_PREFIX))


def az_po(root: Path, domain: str = "baku-book-fair") -> Path:
    return catalogs.catalog_path(root / "locales", "az", domain)


# --------------------------------------------------------------------------- pseudo-locales


@pytest.mark.parametrize(
    ("engine", "locale", "mark"), [("pseudo", "en_XA", "Ĥ"), ("pseudo-rtl", "ar_XB", RLO)]
)
def test_pseudo_engine_writes_its_own_pseudo_locale_compiled_as_made(
    workdir: Path, engine: str, locale: str, mark: str
) -> None:
    result = run("translate", ARTICLE.name, "--engine", engine)
    assert result.exit_code == 0, result.output
    po = catalogs.catalog_path(workdir / "locales", locale, "baku-book-fair")
    assert po.is_file() and not (workdir / "locales" / "az").exists()
    store = catalogs.read_catalog(po)
    header = store.parseheader()
    assert header["Language"] == locale
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"  # the source's (English)
    units = live(po)
    assert units and all(catalogs.is_reviewed(u) for u in units.values())  # not fuzzy
    assert all(provenance(u).startswith("pseudo ") for u in units.values())
    # Compiled as it is, and found by Python's gettext under the pseudo-locale's folder.
    verify_catalog(po)
    compiled = run("compile", "--locales-dir", "locales")
    assert compiled.exit_code == 0 and "7 translated, 0 fuzzy" in compiled.output
    shown = gettext.translation("baku-book-fair", "locales", [locale]).gettext(TITLE)
    assert shown != TITLE and (mark in shown if engine == "pseudo-rtl" else shown.startswith("["))
    # An unchanged re-run changes nothing.
    before = po.read_bytes()
    again = run("translate", ARTICLE.name, "--engine", engine)
    assert again.exit_code == 0 and "0 translated" in again.output
    assert po.read_bytes() == before


def test_pseudo_text_into_a_real_locale_only_when_asked_and_fuzzy(workdir: Path) -> None:
    refused = run("translate", ARTICLE.name, "--to", "az", "--engine", "pseudo")
    assert refused.exit_code == 2
    assert "--pseudo-into-real-locale" in refused.output and "en_XA" in refused.output
    assert "Traceback" not in refused.output and not (workdir / "locales").exists()
    asked = run(
        "translate", ARTICLE.name, "--to", "az", "--engine", "pseudo", "--pseudo-into-real-locale"
    )
    assert asked.exit_code == 0, asked.output
    units = live(az_po(workdir))
    assert all(u.isfuzzy() and provenance(u).startswith("pseudo accented") for u in units.values())
    assert verify_catalog(az_po(workdir)).gettext(TITLE) == TITLE  # fuzzy: never compiled


def test_a_model_engine_cannot_write_a_pseudo_locale(workdir: Path) -> None:
    result = run("translate", ARTICLE.name, "--to", "en-XA", "--engine", "memory")
    assert result.exit_code == 2 and "pseudo-locale" in result.output
    assert not (workdir / "locales").exists()


# --------------------------------------------------------------------------- never poison


def test_a_model_run_replaces_pseudo_text_and_keeps_reviewed_text(
    workdir: Path, tiny_marian: Path
) -> None:
    """The README's offline try-out, then the real model: the model's output replaces the
    pseudo text (it used to say "0 translated, 7 reused"), a person's translation stays."""
    pseudo = run(
        "translate", ARTICLE.name, "--to", "az", "--engine", "pseudo", "--pseudo-into-real-locale"
    )
    assert pseudo.exit_code == 0, pseudo.output
    po = az_po(workdir)
    store = catalogs.read_catalog(po)
    title = next(u for u in store.units if str(u.source) == TITLE)
    title.target = "Bakı Kitab Sərgisi rekord sayda ziyarətçi topladı"
    title.markfuzzy(False)  # accepted and edited by a reviewer, as `review` leaves it
    catalogs.write_catalog(store, po)

    model = ["--model", str(tiny_marian), "--max-length", "8"]
    result = run("translate", ARTICLE.name, "--to", "az", *model)
    assert result.exit_code == 0, result.output
    assert "6 translated" in result.output and "6 re-translated" in result.output
    units = live(po)
    assert str(units[TITLE].target).startswith("Bakı Kitab") and catalogs.is_reviewed(units[TITLE])
    others = [u for s, u in units.items() if s != TITLE]
    assert all(provenance(u).startswith(f"ctranslate2 {tiny_marian}") for u in others)
    assert not any(str(u.target).startswith("[") for u in others)
    verify_catalog(po)
    again = run("translate", ARTICLE.name, "--to", "az", *model)
    assert "0 translated" in again.output and "re-translated" not in again.output


def test_pseudo_text_is_never_translation_memory(workdir: Path, tiny_marian: Path) -> None:
    """A second article with the same paragraphs used to take all 7 pseudo strings from the
    memory; now the model translates them, and the memory engine finds nothing."""
    assert (
        run(
            "translate", ARTICLE.name, "--to", "az", "--engine", "pseudo",
            "--pseudo-into-real-locale",
        ).exit_code
        == 0
    )  # fmt: skip
    shutil.copy(ARTICLE, workdir / "second.txt")
    memory_only = run("translate", "second.txt", "--to", "az", "--engine", "memory")
    assert memory_only.exit_code == 0 and "from translation memory" not in memory_only.output
    assert not any(u.target for u in live(az_po(workdir, "second")).values())
    result = run("translate", "second.txt", "--to", "az", "--model", str(tiny_marian))
    assert result.exit_code == 0, result.output
    assert "7 translated" in result.output and "from translation memory" not in result.output
    units = live(az_po(workdir, "second"))
    assert not any(provenance(u).startswith("pseudo") for u in units.values())
    assert not any(catalogs.own_comments(u, catalogs.TM_PREFIX) for u in units.values())


class NamedEngine:
    """An engine that says which model it is, as real engines do (`info.model` is the ref)."""

    def __init__(self, spec: ModelSpec) -> None:
        self.info = EngineInfo("test", spec.ref, "0")
        self.cut_short: set[str] = set()
        self.scores: dict[str, float] = {}
        self.calls = 0

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        self.calls += len(sentences)
        return [f"<{Path(self.info.model).name}> {s}" for s in sentences]


def fake_model(path: Path) -> Path:
    """A directory with a model's files, for runs whose engine is a stand-in."""
    path.mkdir()
    for name in ("config.json", "model.safetensors", "source.spm", "target.spm"):
        (path / name).write_text("{}" if name == "config.json" else "", "utf-8")
    return path


def test_another_models_output_is_replaced_and_retranslate_says_how_much(workdir: Path) -> None:
    first, second = fake_model(workdir / "model-a"), fake_model(workdir / "model-b")
    engines: list[NamedEngine] = []

    def factory(spec: ModelSpec) -> NamedEngine:
        engines.append(NamedEngine(spec))
        return engines[-1]

    def translate(model: Path, retranslate: str = "other") -> int:
        options = TranslateOptions(
            targets=("az",), model=str(model), retranslate=retranslate, engine="transformers"
        )
        summary = translate_files([ARTICLE.name], options, engine_factory=factory)
        return summary.translated

    assert translate(first) == 7
    assert translate(first) == 0  # the same model: its output stays
    po = az_po(workdir)
    store = catalogs.read_catalog(po)
    reviewed = next(u for u in store.units if str(u.source) == TITLE)
    reviewed.markfuzzy(False)  # a reviewer accepted model-a's title
    catalogs.write_catalog(store, po)

    assert translate(second, "pseudo") == 0  # only pseudo text would go
    assert translate(second) == 6  # another model: its unreviewed output is replaced
    units = live(po)
    assert str(units[TITLE].target).startswith("<model-a>")  # reviewed: kept
    assert all(str(u.target).startswith("<model-b>") for s, u in units.items() if s != TITLE)
    assert translate(second) == 0
    assert translate(second, "machine") == 6  # this model's own output, made again on request
    assert translate(second, "fuzzy") == 6
    assert catalogs.is_reviewed(live(po)[TITLE])


def test_retranslate_fuzzy_takes_fuzzy_matches_without_provenance(workdir: Path) -> None:
    """`fuzzy` also re-translates a fuzzy entry no engine made (a memory or `update` match);
    `machine` leaves it to its reviewer."""
    po = az_po(workdir)
    assert run("translate", ARTICLE.name, "--to", "az", "--engine", "memory").exit_code == 0
    store = catalogs.read_catalog(po)
    unit = next(u for u in store.units if str(u.source) == TITLE)
    unit.target = "Köhnə tərcümə"
    unit.markfuzzy(True)
    catalogs.write_catalog(store, po)
    model = fake_model(workdir / "model-a")

    def translate(retranslate: str) -> int:
        options = TranslateOptions(targets=("az",), model=str(model), retranslate=retranslate)
        summary = translate_files([ARTICLE.name], options, engine_factory=NamedEngine)
        return summary.retranslated

    assert translate("machine") == 0
    assert str(live(po)[TITLE].target) == "Köhnə tərcümə"
    assert translate("fuzzy") == 7  # the title and every unreviewed machine translation
    assert str(live(po)[TITLE].target).startswith("<model-a>")


def test_retranslate_rejects_unknown_values(workdir: Path) -> None:
    result = run("translate", ARTICLE.name, "--to", "az", "--retranslate", "everything")
    assert result.exit_code == 2 and "--retranslate" in result.output


def test_a_reviewer_editing_pseudo_text_meanwhile_keeps_their_translation(workdir: Path) -> None:
    """While a model run replaces pseudo text, a reviewer saves a translation of one of those
    entries: the run's save merges into the reviewer's file, and the reviewer's text stays."""
    from i18n_pipeline.catalogs.locking import catalog_lock

    asked = run(
        "translate", ARTICLE.name, "--to", "az", "--engine", "pseudo", "--pseudo-into-real-locale"
    )
    assert asked.exit_code == 0, asked.output
    po = az_po(workdir)
    model = fake_model(workdir / "model-a")

    class Reviewed(NamedEngine):
        def translate_batch(
            self, sentences: Sequence[str], *, source: str, target: str
        ) -> list[str]:
            if not self.calls:  # before the first step is stored: a person edits the title
                with catalog_lock(po):
                    store = catalogs.read_catalog(po)
                    title = next(u for u in store.units if str(u.source) == TITLE)
                    title.target = "Bakı Kitab Sərgisi"
                    title.markfuzzy(False)
                    catalogs.write_catalog(store, po)
            return super().translate_batch(sentences, source=source, target=target)

    options = TranslateOptions(targets=("az",), model=str(model))
    summary = translate_files([ARTICLE.name], options, engine_factory=Reviewed)
    assert summary.retranslated == 7
    units = live(po)
    assert str(units[TITLE].target) == "Bakı Kitab Sərgisi" and catalogs.is_reviewed(units[TITLE])
    others = [u for s, u in units.items() if s != TITLE]
    assert others and all(str(u.target).startswith("<model-a>") for u in others)
    verify_catalog(po)


@pytest.mark.parametrize(("engine", "locale"), [("pseudo", "en_XA"), ("pseudo-rtl", "ar_XB")])
def test_check_on_a_pseudo_locale_reports_what_breaks_a_site_not_the_pseudo_look(
    workdir: Path, engine: str, locale: str
) -> None:
    """Pseudo text is odd by design (brackets, padding): sentence counts, end punctuation and
    the like would only describe the pseudo engine. A lost number still is an error."""
    from i18n_pipeline.qa.checks import PSEUDO_EXEMPT

    assert run("translate", ARTICLE.name, "--engine", engine).exit_code == 0
    po = catalogs.catalog_path(workdir / "locales", locale, "baku-book-fair")
    clean = run("check", str(po), "--json")
    assert clean.exit_code == 0, clean.output
    assert "0 errors, 0 warnings" in run("check", str(po)).output
    # Break one entry as a bad pseudo engine (or a hand edit) would: its number gone.
    text = po.read_text("utf-8")

    def lose_the_number(found: catalogs.Found) -> catalogs.Store:
        store = found.store()
        unit = next(u for u in store.units if "150" in str(u.target))
        unit.target = str(unit.target).replace("150", "")
        return store

    catalogs.rewrite_catalog(po, lose_the_number)
    broken = run("check", str(po))
    assert broken.exit_code == 1 and "numbers" in broken.output
    assert not any(f" {name}:" in broken.output for name in PSEUDO_EXEMPT)
    # The same text in a real locale's catalog is judged as text again.
    real = az_po(workdir)
    real.parent.mkdir(parents=True)
    real.write_text(text.replace(f"Language: {locale}", "Language: az"), "utf-8")
    judged = run("check", str(real)).output
    assert any(f" {name}:" in judged for name in PSEUDO_EXEMPT), judged


def test_a_pseudo_locale_plural_header_is_held_to_its_source_language_rule(
    workdir: Path,
) -> None:
    """ar_XB's text is English made to look right-to-left, so its plural rule is English's
    (or --from's): Arabic's six forms would be the wrong yardstick, in the header check and
    for a catalog without a Plural-Forms header alike."""
    from i18n_pipeline.qa.checks import CheckContext

    assert run("translate", ARTICLE.name, "--engine", "pseudo-rtl").exit_code == 0
    po = catalogs.catalog_path(workdir / "locales", "ar_XB", "baku-book-fair")
    assert run("check", str(po), "--only", "plural-forms").exit_code == 0
    japanese = run("check", str(po), "--only", "plural-forms", "--from", "ja")
    assert japanese.exit_code == 1
    assert "nplurals=2, but ar_XB has 1 plural forms (its source language ja's rule)" in (
        japanese.output
    )
    six = po.read_text("utf-8").replace("nplurals=2; plural=(n != 1);", "nplurals=6; plural=0;")
    po.write_text(six, "utf-8")
    result = run("check", str(po), "--only", "plural-forms")
    assert result.exit_code == 1 and "ar_XB has 2 plural forms" in result.output
    headerless = CheckContext(target_language="ar", target_locale="ar_XB")
    assert headerless.plural_rule == ("(n != 1)", 2)
    assert CheckContext(target_language="ar").plural_rule[1] == 6
