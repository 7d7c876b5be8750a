"""End to end: the commands as a user runs them, on tiny models built locally."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from tests.helpers import verify_catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
SEED = ROOT.parent / "shared" / "seed" / "news-page-en.txt"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for article in EXAMPLES.iterdir():
        shutil.copy(article, tmp_path / article.name)
    return tmp_path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def entries(po: Path) -> list[catalogs.Unit]:
    return [u for u in catalogs.read_catalog(po).units if not u.isheader() and not u.isobsolete()]


def test_segment_listing_and_json(workdir: Path) -> None:
    listing = invoke("segment", "baku-book-fair.txt")
    assert listing.exit_code == 0
    assert "title" in listing.output and "chrome" in listing.output
    result = invoke("segment", "baku-book-fair.txt", "--json")
    data = json.loads(result.output)
    kinds = [b["kind"] for b in data["blocks"]]
    assert kinds.count("title") == 1 and kinds.count("paragraph") >= 5
    source_lines = (workdir / "baku-book-fair.txt").read_text("utf-8").splitlines()
    for block in data["blocks"]:
        assert block["text"].split()[0] in source_lines[block["line"] - 1]
        if block["kind"] == "paragraph":
            assert block["sentences"] and "".join(block["sentences"]).replace(" ", "") == (
                block["text"].replace(" ", "")
            )


@pytest.mark.parametrize("name", ["caspian-ferry.md", "mountain-road.html"])
def test_segment_other_formats(workdir: Path, name: str) -> None:
    data = json.loads(invoke("segment", name, "--json").output)
    assert data["format"] == ("markdown" if name.endswith(".md") else "html")
    kinds = {b["kind"] for b in data["blocks"]}
    assert "paragraph" in kinds and ("title" in kinds or "heading" in kinds)


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not beside the checkout")
def test_segment_seed_page_keeps_chrome_apart() -> None:
    data = json.loads(invoke("segment", str(SEED), "--json").output)
    paragraphs = [b for b in data["blocks"] if b["kind"] == "paragraph"]
    chrome = [b["text"] for b in data["blocks"] if b["kind"] == "chrome"]
    assert len(paragraphs) >= 6
    assert "See also" in chrome and "Home page Politics" in chrome
    assert not any("Bağla" in p["text"] for p in paragraphs)


def test_translate_compile_render_with_a_local_model(workdir: Path, tiny_marian: Path) -> None:
    result = invoke(
        "translate",
        "baku-book-fair.txt",
        "--from",
        "en",
        "--to",
        "az",
        "--model",
        str(tiny_marian),
        "--max-length",
        "24",
    )
    assert result.exit_code == 0, result.output
    assert "translated" in result.output and "wrote locales/az/LC_MESSAGES/baku-book-fair.po" in (
        result.output
    )
    po = workdir / "locales/az/LC_MESSAGES/baku-book-fair.po"
    got = entries(po)
    assert got[0].getlocations() == ["baku-book-fair.txt:3"]
    assert all(u.isfuzzy() and u.target for u in got)
    assert all(
        catalogs.own_comments(u, catalogs.MT_PREFIX)[0].startswith(f"ctranslate2 {tiny_marian}")
        for u in got
    )  # the default engine: CTranslate2, converted on first use
    assert not any("Bağla" in u.source or u.source == "See also" for u in got)
    mo = verify_catalog(po)
    assert mo.gettext(str(got[1].source)) == str(got[1].source)  # fuzzy: not for the site

    # A re-run loads no model, but --model is still checked: a typo is not left for the day a
    # new sentence arrives (it used to pass, since the memory covered every sentence).
    before = po.read_bytes()
    again = invoke("translate", "baku-book-fair.txt", "--to", "az", "--model", str(tiny_marian))
    assert again.exit_code == 0, again.output
    assert "0 translated" in again.output and "Loading model" not in again.output
    typo = CliRunner().invoke(
        main, ["translate", "baku-book-fair.txt", "--to", "az", "--model", "/nonexistent"]
    )
    assert typo.exit_code == 2 and "--model /nonexistent: no such directory" in typo.output
    assert po.read_bytes() == before

    compiled = invoke("compile")
    assert compiled.exit_code == 0 and "untranslated" in compiled.output
    assert (workdir / "locales/az/LC_MESSAGES/baku-book-fair.mo").exists()

    rendered = invoke("render", "baku-book-fair.txt", "--to", "az")
    assert rendered.exit_code == 0
    assert "Baku Book Fair draws record crowds" in rendered.output  # nothing reviewed yet
    fuzzy = invoke("render", "baku-book-fair.txt", "--to", "az", "--include-fuzzy")
    assert str(got[1].target)[:30] in fuzzy.output


def test_copy_model_proves_nothing_is_lost(workdir: Path, copy_marian: Path) -> None:
    """A model trained to copy its input: split → mask → translate → restore → join is lossless."""
    article = workdir / "ui.md"
    article.write_text(
        "# Ferry news\n\n"
        "The ferry leaves at 9 a.m. on Monday. Dr. Aliyeva said it takes 12.5 hours.\n\n"
        "Write to <b>the port office</b> or visit https://example.az/ferry today.\n\n"
        "- Hello %(name)s, you have {count} new messages.\n",
        encoding="utf-8",
    )
    result = invoke("translate", "ui.md", "--to", "az", "--model", str(copy_marian))
    assert result.exit_code == 0, result.output
    got = entries(workdir / "locales/az/LC_MESSAGES/ui.po")
    assert len(got) == 4
    for unit in got:
        assert unit.target == unit.source
        assert catalogs.own_comments(unit, catalogs.MT_CHECK_PREFIX) == []


def test_translate_json_summary(workdir: Path, tiny_marian: Path) -> None:
    result = invoke(
        "translate",
        "caspian-ferry.md",
        "--to",
        "az",
        "--to",
        "tr",
        "--model",
        str(tiny_marian),
        "--max-length",
        "16",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == 1 and data["translated"] > 0
    assert sorted(data["catalogs"]) == [
        "locales/az/LC_MESSAGES/caspian-ferry.po",
        "locales/tr/LC_MESSAGES/caspian-ferry.po",
    ]


def test_missing_model_is_one_clear_line(workdir: Path) -> None:
    result = CliRunner().invoke(
        main, ["translate", "caspian-ferry.md", "--to", "az", "--model", str(workdir / "nope")]
    )
    assert result.exit_code == 2  # a bad option value, as the README says
    assert "Traceback" not in result.output
    assert "--model" in result.output and "nope" in result.output
    assert not (workdir / "locales" / "az" / "LC_MESSAGES" / "caspian-ferry.po").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--to", "../../etc"], "--to"),
        (["--to", "az", "--from", "qq-zz"], "--from"),
        (["--to", "az", "--domain", "../evil"], "--domain"),
    ],
)
def test_bad_options_exit_2(workdir: Path, args: list[str], needle: str) -> None:
    result = CliRunner().invoke(main, ["translate", "caspian-ferry.md", *args])
    assert result.exit_code == 2
    assert needle in result.output and "Traceback" not in result.output
    assert not (workdir / "locales").exists()


def test_binary_article_exit_2(workdir: Path) -> None:
    (workdir / "photo.txt").write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(main, ["translate", "photo.txt", "--to", "az"])
    assert result.exit_code == 2
    assert "photo.txt" in result.output and "Traceback" not in result.output


def test_unwritable_locales_dir(workdir: Path, tiny_marian: Path) -> None:
    (workdir / "blocked").write_text("not a directory")
    result = CliRunner().invoke(
        main,
        [
            "translate",
            "caspian-ferry.md",
            "--to",
            "az",
            "--model",
            str(tiny_marian),
            "--max-length",
            "8",
            "--locales-dir",
            "blocked/locales",
        ],
    )
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_compile_reports_invalid_catalog(workdir: Path) -> None:
    po = workdir / "locales/az/LC_MESSAGES/news.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Close"\nmsgstr "Bağla\n', "utf-8")
    result = CliRunner().invoke(main, ["compile"])
    assert result.exit_code == 2
    assert "locales/az/LC_MESSAGES/news.po:2:" in result.output


def test_compile_use_fuzzy_keeps_machine_output_for_a_preview(workdir: Path) -> None:
    """As msgfmt --use-fuzzy: fuzzy entries reach the MO only when asked for."""
    import gettext

    po = workdir / "locales/az/LC_MESSAGES/news.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Close"\nmsgstr "Bağla"\n\n#, fuzzy\nmsgid "Read more"\nmsgstr "Ətraflı"\n',
        "utf-8",
    )
    mo = po.with_suffix(".mo")
    plain = CliRunner().invoke(main, ["compile", "--json"])
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.output)[0]["translated"] == 1
    with mo.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Read more") == "Read more"
    fuzzy = CliRunner().invoke(main, ["compile", "--use-fuzzy"])
    assert fuzzy.exit_code == 0, fuzzy.output
    assert "1 translated, 1 fuzzy (compiled)" in fuzzy.output
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Read more") == "Ətraflı"
    assert translations.gettext("Close") == "Bağla"
    if shutil.which("msgfmt"):
        reference = workdir / "reference.mo"
        subprocess.run(["msgfmt", "--use-fuzzy", "-o", str(reference), str(po)], check=True)
        with reference.open("rb") as handle:
            assert gettext.GNUTranslations(handle).gettext("Read more") == "Ətraflı"


def test_module_and_console_script_run() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    module = subprocess.run(
        [sys.executable, "-m", "i18n_pipeline", "--help"], capture_output=True, text=True, env=env
    )
    assert module.returncode == 0 and "translate" in module.stdout
    script = shutil.which("i18n-pipeline")
    if script:
        out = subprocess.run([script, "--version"], capture_output=True, text=True)
        assert out.returncode == 0 and "i18n-pipeline" in out.stdout


def test_output_cut_at_max_length_is_flagged(workdir: Path, tiny_marian: Path) -> None:
    """A random-weight model never stops by itself: every output hits the cap and is flagged."""
    result = invoke(
        "translate",
        "caspian-ferry.md",
        "--to",
        "az",
        "--model",
        str(tiny_marian),
        "--max-length",
        "3",
    )
    assert result.exit_code == 0, result.output
    assert "flagged for review" in result.output
    for unit in entries(workdir / "locales/az/LC_MESSAGES/caspian-ferry.po"):
        checks = catalogs.own_comments(unit, catalogs.MT_CHECK_PREFIX)
        assert any(c.startswith("output stopped at --max-length") for c in checks)


def test_cuda_without_a_gpu_is_a_usage_error(workdir: Path, copy_marian: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    result = CliRunner().invoke(
        main,
        [
            "translate",
            "caspian-ferry.md",
            "--to",
            "az",
            "--model",
            str(copy_marian),
            "--device",
            "cuda",
        ],
    )
    assert result.exit_code == 2
    assert "--device" in result.output and "Traceback" not in result.output


def test_models_lists_the_registry() -> None:
    listing = invoke("models")
    assert "Helsinki-NLP/opus-mt-en-az" in listing.output and "en→az" in listing.output
    rows = json.loads(invoke("models", "--json").output)
    nllb = next(r for r in rows if r["family"] == "nllb")
    assert nllb["pairs"] == [] and nllb["hub_id"].startswith("facebook/nllb-200")


@pytest.mark.parametrize("name", ["baku-book-fair.txt", "caspian-ferry.md", "mountain-road.html"])
def test_render_without_reviewed_translations_is_the_source(workdir: Path, name: str) -> None:
    """Nothing reviewed yet: the rebuilt article is the original, byte for byte (html: + lang)."""
    catalog = workdir / "locales/az/LC_MESSAGES" / f"{Path(name).stem}.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr "Language: az\\n"\n', "utf-8")
    result = invoke("render", name, "--to", "az")
    source = (workdir / name).read_text("utf-8")
    if name.endswith(".html"):
        source = source.replace("<html>", '<html lang="az">', 1)
    assert result.output == source


def test_translate_mixing_articles_and_catalogs_is_refused(workdir: Path) -> None:
    po = workdir / "x.po"
    po.write_text('msgid ""\nmsgstr "Language: az\\n"\n', "utf-8")
    result = CliRunner().invoke(main, ["translate", "caspian-ferry.md", "x.po", "--to", "az"])
    assert result.exit_code == 2 and "not both" in result.output
    result = CliRunner().invoke(main, ["translate", "caspian-ferry.md"])
    assert result.exit_code == 2 and "--to" in result.output


def test_translate_a_catalog_with_the_pseudo_engine(workdir: Path) -> None:
    assert invoke("extract", str(ROOT / "examples" / "site"), "-o", "messages.pot").exit_code == 0
    assert invoke("init", "--to", "ar", "--input", "messages.pot").exit_code == 0
    po = workdir / "locales/ar/LC_MESSAGES/messages.po"
    before = po.read_bytes()
    refused = CliRunner().invoke(main, ["translate", str(po), "--engine", "pseudo"])
    assert refused.exit_code == 2 and "--pseudo-into-real-locale" in refused.output
    assert po.read_bytes() == before  # pseudo text goes into a real locale only when asked
    result = invoke("translate", str(po), "--engine", "pseudo", "--pseudo-into-real-locale")
    assert result.exit_code == 0, result.output
    got = entries(po)
    assert got and all(u.isfuzzy() for u in got)
    plurals = [u for u in got if u.hasplural()]
    assert plurals and all(len(u.target.strings) == 6 and all(u.target.strings) for u in plurals)
    verify_catalog(po)


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not beside the checkout")
def test_segment_reports_the_language_of_left_over_strings() -> None:
    data = json.loads(invoke("segment", str(SEED), "--json").output)
    langs = {b["text"]: b["lang"] for b in data["blocks"]}
    assert langs["Xocalı soyqırımı — 1992-ci il Bağla"] == "az"
    assert all(b["lang"] == "en" for b in data["blocks"] if b["kind"] == "paragraph")


def test_commands_of_other_modules_load_only_when_used() -> None:
    """`translate` must not pay for the QA checks, the exporters or the site helpers."""
    script = (
        "import sys, i18n_pipeline.cli\n"
        "print(sorted(m for m in ('i18n_pipeline.qa.checks', 'i18n_pipeline.exchange', "
        "'i18n_pipeline.catalogs.templates', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert set(invoke("--help").output.split()) >= {"check", "export", "import", "build-site"}


@pytest.mark.parametrize("command", [["compile"], ["check", "locales"], ["stats", "locales"]])
def test_ctrl_c_in_any_command_exits_130(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Not click's "Aborted!" with exit 1: a CI or shell script must tell it from a failure."""
    from i18n_pipeline.qa import stats
    from i18n_pipeline.qa.checks import running as checks

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    po = workdir / "locales/az/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Language: az\\n"\n\nmsgid "Close"\nmsgstr "Bağla"\n', "utf-8")
    before = po.read_bytes()
    monkeypatch.setattr(catalogs, "compile_catalog", interrupt)
    monkeypatch.setattr(catalogs, "read_catalog", interrupt)
    monkeypatch.setattr(checks, "read_catalog", interrupt, raising=False)
    monkeypatch.setattr(stats, "read_catalog", interrupt, raising=False)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.output and "Aborted" not in result.output
    assert po.read_bytes() == before
