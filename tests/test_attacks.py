"""Hostile and absurd input: bad articles, path tricks, code in model configs, odd PO text.

Each test feeds something a careless or malicious source could hand the tool and checks that it
either works exactly or stops with one clear line (exit 2), never with a traceback, a silent
loss of text, unbounded memory or a file written outside the locales directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.documents import MAX_ARTICLE_BYTES, read_document
from i18n_pipeline.engines.base import EngineInfo
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.errors import InputError
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.pipeline import TranslateOptions, reference_for, translate_files
from tests.helpers import msgfmt_check, verify_catalog

AZ = parse_locale("az")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, input: str | None = None) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.output, result.exception


class EchoEngine:
    """Returns its input: whatever reaches it comes back, so nothing may be missing after."""

    def __init__(self, spec: ModelSpec) -> None:
        self.info = EngineInfo("echo", spec.ref, "0")
        self.cut_short: set[str] = set()
        self.scores: dict[str, float] = {}
        self.received: list[str] = []

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        self.received.extend(sentences)
        return list(sentences)


# ----------------------------------------------------------------------------- bad articles


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kB on Linux only")
def test_article_over_the_size_limit_is_refused_in_bounded_memory(workdir: Path) -> None:
    """A 20 MB article: refused before it is read, in a process that stays small."""
    big = workdir / "huge.txt"
    with big.open("wb") as handle:
        line = b"The ferry leaves the port at noon and comes back in the evening.\n\n"
        handle.write(line * (20 * 1024 * 1024 // len(line) + 1))
    assert big.stat().st_size >= 20 * 1024 * 1024
    script = (
        "import resource, sys\n"
        "from click.testing import CliRunner\n"
        "from i18n_pipeline.cli import main\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "r = CliRunner().invoke(main, ['translate', 'huge.txt', '--engine', 'pseudo'])\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(r.exit_code, after - before, r.output.strip(), sep='|')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=workdir, capture_output=True, text=True, check=True
    )
    code, grown_kb, message = done.stdout.strip().split("|")
    assert code == "2"
    assert message == "Error: huge.txt: article larger than 8 MB: split it into several files"
    assert int(grown_kb) < 2 * MAX_ARTICLE_BYTES // 1024  # read at most the limit, once
    assert not (workdir / "locales").exists()


def test_gettexts_context_separator_in_an_article_is_refused(workdir: Path) -> None:
    Path("eot.txt").write_bytes("Ferry news\n\nThe ferry ğ leaves\x04 at noon.\n".encode())
    with pytest.raises(InputError) as caught:
        read_document("eot.txt")
    assert str(caught.value) == (
        "eot.txt:3: control character U+0004 at byte 31, which gettext catalogs cannot hold"
    )


def test_an_endless_device_is_refused() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(InputError, match=r"not a regular file \(a character device\)"):
        read_document("/dev/zero")


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (2 * 1024 * 1024))  # 10 MB
    with pytest.raises(InputError, match="larger than 8 MB"):
        read_document(big)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(("command", "name"), [("segment", "article.txt"), ("check", "site.po")])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path, command: str, name: str) -> None:
    """`segment FIFO` used to wait forever for a writer; now exit 2 at once, naming the file
    (articles and catalogs alike)."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "i18n_pipeline", command, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"{fifo}: not a regular file (a named pipe)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_100000_character_paragraph_reaches_the_engine_whole(workdir: Path) -> None:
    """One paragraph of 100,000 characters: split into sentences, one run of 30,000 characters
    without any full stop among them; with an engine that echoes, the catalog's translation is
    the paragraph exactly, so every character went out and came back."""
    words = ["the", "ferry", "leaves", "<b>the", "port</b>", "at", "noon,", "and", "%(name)s"]
    words += ["said", "{count}", "tickets", "https://example.az/ferry"]
    sentences = " ".join(" ".join([*words[i % 5 :], f"number {i}."]) for i in range(1000))
    run_on = " ".join(words[i % len(words)] for i in range(8000))
    paragraph = (sentences[:60_000].rsplit(" ", 1)[0] + " " + run_on)[:99_995].rsplit(" ", 1)[0]
    paragraph += " end."
    assert 99_900 < len(paragraph) <= 100_000
    Path("long.txt").write_text(f"Ferry news today\n\n{paragraph}\n", encoding="utf-8")
    engines: list[EchoEngine] = []

    def factory(spec: ModelSpec) -> EchoEngine:
        engines.append(EchoEngine(spec))
        return engines[-1]

    options = TranslateOptions(locales_dir=Path("locales"), model="echo", domain="long")
    summary = translate_files(["long.txt"], options, engine_factory=factory)
    assert summary.flagged == 0
    po = Path("locales/az/LC_MESSAGES/long.po")
    found = {str(u.source): str(u.target) for u in catalogs.read_catalog(po).units if u.source}
    assert found[paragraph] == paragraph
    assert len(engines[0].received) > 100  # split into sentences (repeats sent once)
    msgfmt_check(po)


def test_model_input_limit_splits_a_long_run_without_losing_a_character() -> None:
    from i18n_pipeline.engines.pieces import split_for_model

    text = " ".join(f"word{i}, and more" if i % 7 else f"[{i}]" for i in range(9000))
    pieces = split_for_model(text, lambda piece: len(piece) <= 400)
    assert "".join(pieces) == text
    assert all(len(piece) <= 400 for piece in pieces)


BROKEN_HTML = {
    "unclosed-comment": "<p>The ferry leaves at noon and returns in the evening.</p><!-- <p>x",
    "unclosed-script": "<p>The ferry leaves at noon and returns in the evening.</p><script>a='",
    "truncated-tag": '<p>The ferry leaves at noon and returns in the evening.</p><p class="a',
    "stray-closers": "</b></i><p>The ferry leaves at noon and returns in the evening.</p></p>",
    "control-bytes": "\x01\x02<<<>>><p>The ferry leaves at noon and returns in the evening.</p>",
    "huge-attribute": "<p " + "a=b " * 50_000 + ">The ferry leaves at noon and returns today.</p>",
}


@pytest.mark.parametrize("name", sorted(BROKEN_HTML))
def test_broken_html_is_read_or_refused_clearly(name: str, workdir: Path) -> None:
    Path("page.html").write_text(f"<html><body>{BROKEN_HTML[name]}</body></html>")
    document = read_document("page.html")
    texts = [b.text for b in document.blocks if b.translatable]
    assert any("ferry leaves at noon" in text for text in texts)


def test_html_nested_too_deep_is_refused_not_silently_cut(workdir: Path) -> None:
    page = "<html><body>" + "<div>" * 300 + "<p>The ferry leaves at noon today.</p>"
    Path("deep.html").write_text(page + "</div>" * 300 + "</body></html>")
    code, output, _ = invoke("segment", "deep.html")
    assert code == 2
    assert "deep.html:1: cannot parse the HTML: elements nested more than 256 deep" in output


def test_markdown_with_a_huge_table(workdir: Path) -> None:
    header = "| " + " | ".join(f"Column {c}" for c in range(8)) + " |\n|" + "---|" * 8 + "\n"
    rows = "".join(
        "| " + " | ".join(f"Ferry {r} to port {c}" for c in range(8)) + " |\n" for r in range(2000)
    )
    Path("table.md").write_text(f"# Ferry times\n\n{header}{rows}", encoding="utf-8")
    document = read_document("table.md")
    cells = [b for b in document.blocks if b.kind == "table_cell"]
    assert len(cells) == 8 + 2000 * 8
    assert cells[-1].text == "Ferry 1999 to port 7" and cells[-1].line == 2004


# ----------------------------------------------------------------------------- path tricks

HOSTILE_NAMES = [
    "../../etc",
    "/etc/passwd",
    "az/../../x",
    "az\x00",
    "a" * 300,
    "..",
    "az;rm -rf ~",
    "C:\\Windows",
    "",
]


@pytest.mark.parametrize("value", HOSTILE_NAMES)
@pytest.mark.parametrize(
    "args",
    [
        ["translate", "news.txt", "--engine", "pseudo", "--to", "{}"],
        ["translate", "news.txt", "--engine", "pseudo", "--to", "az", "--domain", "{}"],
        ["translate", "news.txt", "--engine", "pseudo", "--to", "az", "--from", "{}"],
        ["init", "--input", "news.pot", "--to", "{}"],
        ["init", "--input", "news.pot", "--to", "az", "--domain", "{}"],
        ["update", "--input", "news.pot", "--to", "{}"],
        ["render", "news.txt", "--to", "{}"],
        ["render", "news.txt", "--to", "az", "--domain", "{}"],
    ],
    ids=lambda args: "-".join(a.strip("-") for a in args if a != "{}")[:40],
)
def test_hostile_locale_and_domain_names_are_refused(
    args: list[str], value: str, workdir: Path
) -> None:
    Path("news.txt").write_text("The ferry leaves the port at noon and returns today.\n")
    Path("news.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Close"\nmsgstr ""\n')
    before = sorted(p for p in workdir.parent.rglob("*"))
    try:
        code, output, error = invoke(*[value if a == "{}" else a for a in args])
    except ValueError:  # click itself refuses NUL in arguments before our code runs
        assert "\x00" in value
        return
    assert code == 2, output
    assert isinstance(error, SystemExit) and "Traceback" not in output
    assert sorted(p for p in workdir.parent.rglob("*")) == before  # nothing written anywhere


def test_references_are_never_absolute(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "far.txt"
    elsewhere.write_text("The ferry leaves the port at noon and returns in the evening.\n")
    assert not reference_for(elsewhere).startswith("/")
    assert not reference_for(elsewhere.resolve()).startswith("/")
    code, output, _ = invoke("translate", str(elsewhere), "--engine", "pseudo")
    assert code == 0, output
    text = Path("locales/en_XA/LC_MESSAGES/far.po").read_text(encoding="utf-8")
    references = [line for line in text.splitlines() if line.startswith("#:")]
    assert references and all(str(elsewhere.parent) not in line for line in references)
    assert all(not line[3:].startswith("/") for line in references)


# ----------------------------------------------------------------------------- code in models


def _evil_model(folder: Path, marker: Path) -> Path:
    """A model directory whose config asks for custom code that would leave a marker file."""
    folder.mkdir()
    (folder / "config.json").write_text(
        json.dumps(
            {
                "model_type": "evil-seq2seq",
                "architectures": ["EvilModel"],
                "auto_map": {
                    "AutoConfig": "evil.EvilConfig",
                    "AutoModelForSeq2SeqLM": "evil.EvilModel",
                    "AutoTokenizer": ["evil.EvilTokenizer", None],
                },
            }
        )
    )
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"auto_map": {"AutoTokenizer": ["evil.EvilTokenizer", None]}})
    )
    (folder / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    return folder


@pytest.mark.parametrize("engine", ["auto", "transformers", "ctranslate2"])
def test_model_configs_never_run_code(engine: str, workdir: Path) -> None:
    """trust_remote_code stays off: a model that ships its own code is refused, not run."""
    marker = workdir / "code-ran"
    model = _evil_model(workdir / "evil-model", marker)
    Path("news.txt").write_text("The ferry leaves the port at noon and returns today.\n")
    code, output, error = invoke(
        "translate", "news.txt", "--to", "az", "--model", str(model), "--engine", engine
    )
    assert not marker.exists()
    assert code != 0 and isinstance(error, SystemExit), output
    assert "Traceback" not in output


# ----------------------------------------------------------------------------- PO round trips

# Everything a PO string can carry: letters of every script, RTL marks, emoji, quotes,
# backslashes, tabs, newlines and the C0 controls. Not NUL, and not EOT (U+0004): MO files use it
# to join msgctxt and msgid, so msgfmt refuses it in any string and so do we (test_malformed).
PO_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\x04"),
        st.sampled_from(list('əğıöüşçİ"\\\t\n\r\a\b\f\v\u200f\u202e\u0627\u05d0😀ǅ')),
    ),
    max_size=60,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    msgid=PO_TEXT.filter(lambda t: t != ""), msgstr=PO_TEXT, context=st.one_of(st.none(), PO_TEXT)
)
def test_po_write_read_round_trip(
    tmp_path: Path, msgid: str, msgstr: str, context: str | None
) -> None:
    store = catalogs.new_catalog(AZ, "round")
    unit = store.UnitClass(msgid)
    unit.target = msgstr
    if context is not None:
        unit.setcontext(context)
    store.addunit(unit)
    path = tmp_path / "round.po"
    catalogs.write_catalog(store, path)
    back = [u for u in catalogs.read_catalog(path).units if not u.isheader()]
    assert len(back) == 1
    assert str(back[0].source) == msgid
    assert str(back[0].target) == msgstr
    assert (back[0].getcontext() or None) == (context or None)
    # Byte-stable: a second read-write cycle changes nothing.
    catalogs.write_catalog(catalogs.read_catalog(path), path)
    assert catalogs.serialize_catalog(catalogs.read_catalog(path)) == path.read_bytes()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(PO_TEXT.filter(lambda t: t.strip() != ""), min_size=1, max_size=5, unique=True)
)
def test_written_catalogs_pass_msgfmt_and_load_in_gettext(tmp_path: Path, texts: list[str]) -> None:
    """What we write, msgfmt -c accepts and Python's gettext gives back (same newline shape)."""
    store = catalogs.new_catalog(AZ, "round")
    for text in texts:
        unit = store.UnitClass(text)
        unit.target = text  # msgfmt -c wants the same leading/trailing newlines
        store.addunit(unit)
    path = tmp_path / "round.po"
    catalogs.write_catalog(store, path)
    translations = verify_catalog(path)
    for text in texts:
        assert translations.gettext(text) == text
