"""Issue 17: what a new user meets in their first hour, each case reproduced as they met it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.pipeline import TranslateOptions, render_file, translate_files
from tests.helpers import verify_catalog

ARTICLE = """Chess cup opens in Baku

The national chess cup opened in Baku on Monday with forty players.

The final round will be played at the seaside pavilion next week.
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(cwd)


def _entries(po: Path) -> dict[str, catalogs.Unit]:
    return {str(u.source): u for u in catalogs.read_catalog(po).units if not u.isheader()}


# ------------------------------------------------------------------ 9. library use from Python


def test_library_takes_a_str_locales_dir_one_locale_and_one_path(workdir: Path) -> None:
    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    options = TranslateOptions(
        targets="az",  # type: ignore[arg-type]
        locales_dir="out",  # type: ignore[arg-type]
        engine="pseudo",
        pseudo_into_real_locale=True,
    )
    summary = translate_files("chess.txt", options)
    assert summary.locales == 1 and summary.files == 1
    po = workdir / "out" / "az" / "LC_MESSAGES" / "chess.po"
    assert [p.name for p in (workdir / "out").iterdir()] == ["az"]  # not "a" and "z"
    verify_catalog(po)
    page = render_file(Path("chess.txt"), "az", locales_dir="out", include_fuzzy=True)
    assert "[" in page and "Chess cup opens in Baku" not in page  # the pseudo title came back


# ------------------------------------------------------------------ 5. locale codes


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("az", "az"),
        ("AZ", "az"),
        ("Az", "az"),
        ("az-az", "az_AZ"),
        ("az_AZ", "az_AZ"),
        ("AZ-az", "az_AZ"),
        ("sr@latin", "sr@latin"),
        ("SR@Latin", "sr@latin"),
        ("zh-hant-tw", "zh_Hant_TW"),
        ("zh_Hant_TW", "zh_Hant_TW"),
        ("pt-br", "pt_BR"),
    ],
)
def test_locale_codes_take_gettexts_spelling(written: str, code: str) -> None:
    from i18n_pipeline.locales import parse_locale

    assert parse_locale(written).code == code


def test_one_locale_written_three_ways_is_one_catalog_gettext_finds(workdir: Path) -> None:
    import gettext

    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    for written in ("AZ", "Az", "az"):
        pseudo = ["--engine", "pseudo", "--pseudo-into-real-locale", "--quiet"]
        result = CliRunner().invoke(main, ["translate", "chess.txt", "--to", written, *pseudo])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("locales").iterdir()) == ["az"]
    po = Path("locales/az/LC_MESSAGES/chess.po")
    assert "Language: az\\n" in po.read_text(encoding="utf-8")
    verify_catalog(po)
    assert gettext.find("chess", "locales", ["az"]) is not None


def test_translating_into_the_source_language_is_refused(workdir: Path) -> None:
    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    for to in ("en", "EN"):
        result = CliRunner().invoke(
            main, ["translate", "chess.txt", "--from", "en", "--to", to, "--engine", "pseudo"]
        )
        assert result.exit_code == 2, result.output
        assert "is the source language" in result.output
    assert not Path("locales").exists()


def test_comma_separated_locales_say_to_repeat_the_option(workdir: Path) -> None:
    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["translate", "chess.txt", "--to", "az,tr", "--engine", "pseudo"]
    )
    assert result.exit_code == 2
    assert "repeat the option instead (--to az --to tr)" in result.output
    assert not Path("locales").exists()


# ------------------------------------------------------------------ 6. lock files


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_runs_leave_no_lock_files_and_an_unchanged_rerun_leaves_the_tree_as_it_was(
    workdir: Path,
) -> None:
    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    command = ["translate", "chess.txt", "--to", "az", "--to", "tr", "--engine", "pseudo",
               "--pseudo-into-real-locale"]  # fmt: skip
    assert CliRunner().invoke(main, command).exit_code == 0
    before = _tree(workdir)
    assert not [name for name in before if name.endswith(".lock")], sorted(before)
    assert CliRunner().invoke(main, command).exit_code == 0
    assert _tree(workdir) == before
    assert (Path(__file__).resolve().parent.parent / "locales" / ".gitignore").is_file()


def test_a_waiter_that_opened_the_removed_lock_file_does_not_take_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race removing lock files opens: a waiter opens the lock file, its holder removes it
    and lets go, another run creates a new one and locks it, and only then does the waiter's
    flock go through, on the removed file. It must see that and wait for the new holder."""
    from i18n_pipeline.catalogs import locking
    from i18n_pipeline.errors import PipelineError

    po = tmp_path / "az" / "LC_MESSAGES" / "news.po"
    po.parent.mkdir(parents=True)
    real = locking.fcntl
    holder = locking.catalog_lock(po)
    other = locking.catalog_lock(po)
    holder.__enter__()

    class Racing:
        LOCK_EX, LOCK_NB, LOCK_UN = real.LOCK_EX, real.LOCK_NB, real.LOCK_UN
        calls = 0

        def flock(self, fd: int, operation: int) -> None:
            Racing.calls += 1
            if Racing.calls == 1:  # between the waiter's open and its flock
                holder.__exit__(None, None, None)  # removes the file, then lets go
                other.__enter__()  # a third run creates a new lock file and takes it
            real.flock(fd, operation)

    monkeypatch.setattr(locking, "fcntl", Racing())
    with pytest.raises(PipelineError, match="still locked"), locking.catalog_lock(po, timeout=0.6):
        pass
    other.__exit__(None, None, None)
    assert not locking.lock_path(po).exists()
    with locking.catalog_lock(po, timeout=0.6):  # free again: taken at once
        assert locking.lock_path(po).exists()


# ------------------------------------------------------------------ 2. the Hub behind a proxy


class _Listener:
    """A one-thread TCP server on 127.0.0.1 that logs each request's first line and answers
    with `reply`; it stops itself when the test is done."""

    def __init__(self, reply: bytes) -> None:
        import socket
        import threading

        self.reply = reply
        self.lines: list[str] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    data = connection.recv(4096)
                except TimeoutError:
                    data = b""
                if data:
                    self.lines.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
                    connection.sendall(self.reply)
                else:
                    self.lines.append("(connected)")

    def stop(self) -> None:
        self.running = False
        self.thread.join(2)
        self.server.close()


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in ("HF_HUB_OFFLINE", "HF_ENDPOINT", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch


def test_the_hub_probe_goes_through_the_https_proxy(proxy_env: pytest.MonkeyPatch) -> None:
    from i18n_pipeline.engines.transformers_engine import hub_reachable

    proxy = _Listener(b"HTTP/1.1 200 Connection established\r\n\r\n")
    try:
        proxy_env.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
        assert hub_reachable(timeout=2)
        proxy_env.setenv("HF_ENDPOINT", "https://hub.example.test")
        assert hub_reachable(timeout=2)
    finally:
        proxy.stop()
    assert proxy.lines == [
        "CONNECT huggingface.co:443 HTTP/1.1",
        "CONNECT hub.example.test:443 HTTP/1.1",
    ]


def test_a_proxy_that_refuses_the_tunnel_means_unreachable(proxy_env: pytest.MonkeyPatch) -> None:
    from i18n_pipeline.engines.transformers_engine import hub_reachable

    proxy = _Listener(b"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
    try:
        proxy_env.setenv("https_proxy", f"127.0.0.1:{proxy.port}")  # no scheme, lower case
        assert not hub_reachable(timeout=2)
    finally:
        proxy.stop()
    assert proxy.lines == ["CONNECT huggingface.co:443 HTTP/1.1"]


def test_no_proxy_sends_the_probe_straight_to_the_endpoint(proxy_env: pytest.MonkeyPatch) -> None:
    from i18n_pipeline.engines.transformers_engine import hub_reachable

    proxy = _Listener(b"HTTP/1.1 200 Connection established\r\n\r\n")
    hub = _Listener(b"")
    try:
        proxy_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        proxy_env.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
        proxy_env.setenv("HF_ENDPOINT", f"http://localhost:{hub.port}")
        proxy_env.setenv("NO_PROXY", "localhost,.internal")
        assert hub_reachable(timeout=2)
    finally:
        proxy.stop()
        hub.stop()
    assert proxy.lines == []  # the proxy never saw the probe


# ------------------------------------------------------------------ 4. one article, any cwd


def test_references_and_article_identity_do_not_depend_on_the_working_directory(
    workdir: Path,
) -> None:
    news = workdir / "news"
    news.mkdir()
    (news / "chess.txt").write_text(ARTICLE, encoding="utf-8")
    po = workdir / "locales" / "az" / "LC_MESSAGES" / "chess.po"

    def run(cwd: Path, *args: str) -> None:
        os.chdir(cwd)
        pseudo = ["--engine", "pseudo", "--pseudo-into-real-locale"]
        result = CliRunner().invoke(main, ["translate", *args, "--to", "az", *pseudo])
        assert result.exit_code == 0, result.output

    run(workdir, "news/chess.txt")
    first = {source: unit.getlocations() for source, unit in _entries(po).items()}
    run(news, "chess.txt", "--locales-dir", "../locales")
    run(workdir / "locales", "../news/chess.txt", "--locales-dir", str(workdir / "locales"))
    again = {source: unit.getlocations() for source, unit in _entries(po).items()}
    assert again == first
    assert all(len(refs) == 1 and refs[0].startswith("news/chess.txt:") for refs in again.values())

    edited = ARTICLE.replace("forty players", "forty-two players")
    (news / "chess.txt").write_text(edited, encoding="utf-8")
    run(news, "chess.txt", "--locales-dir", "../locales")
    units = _entries(po)
    live = [u for u in units.values() if not u.isobsolete()]
    assert len(live) == 3  # the title and two paragraphs, as in the article
    old = next(u for s, u in units.items() if "forty players" in s)
    assert old.isobsolete()
    verify_catalog(po)


# ------------------------------------------------------------------ 3. the README's commands


REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_readmes_commands_leave_git_status_clean(tmp_path: Path) -> None:
    """A clone's locales/ and examples/, committed; then the README's commands that write into
    the repository (translate, extract, build-site, compile), as a user types them."""
    pytest.importorskip("flask_babel", reason="build-site reads the site's Flask-Babel setup")
    clone = tmp_path / "clone"
    for name in ("locales", "examples"):
        shutil.copytree(REPO / name, clone / name, ignore=_untracked)
    shutil.copy2(REPO / ".gitignore", clone / ".gitignore")
    git = ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@t"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "clone"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    commands = [
        ["translate", "examples/articles/baku-book-fair.txt", "--engine", "pseudo"],
        ["extract", "examples/site", "-o", "locales/messages.pot", "--project",
         "i18n-pipeline example site", "--version", "0.1.0"],
        ["build-site"],
        ["build-site"],
        ["compile"],
    ]  # fmt: skip
    cwd = os.getcwd()
    os.chdir(clone)
    try:
        for command in commands:
            result = CliRunner().invoke(main, command)
            assert result.exit_code == 0, (command, result.output)
    finally:
        os.chdir(cwd)
    status = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert status == ""
    assert (clone / "locales/az/LC_MESSAGES/baku-book-fair.po").is_file()  # written, ignored


def _untracked(directory: str, names: list[str]) -> list[str]:
    """What a fresh clone would not have: files git ignores (a build in this checkout)."""
    paths = [str(Path(directory, name)) for name in names]
    ignored = subprocess.run(
        ["git", "-C", str(REPO), "check-ignore", "--no-index", *paths],
        capture_output=True,
        text=True,
    ).stdout.split()
    return [Path(path).name for path in ignored]


# ------------------------------------------------------------------ 10. what a reviewer sees

CHECK_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: az\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: news/tolkien.txt:3
msgid "J. R. R. Tolkien wrote about %(city)s."
msgstr "J. R. R. Tolkien %(city)s haqqında yazıb."

#: news/tolkien.txt:5
msgid "The fair opens in Baku on Monday."
msgstr "Sərgi bazar ertəsi açılır açılır."

#: news/tolkien.txt:7
msgid "Read the book fair guide."
msgstr "Sərgi bələdçisini oxuyun."

#: news/tolkien.txt:9
msgid "Written by %(author)s."
msgstr "Müəllif: %(name)s."
"""


def _catalog(tmp_path: Path, text: str = CHECK_PO, name: str = "news") -> Path:
    po = tmp_path / "az" / "LC_MESSAGES" / f"{name}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(text, encoding="utf-8")
    return po


def test_check_counts_words_glossary_once_and_repeats_only_the_translators(tmp_path: Path) -> None:
    po = _catalog(tmp_path)
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\nbook fair,kitab sərgisi\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(po), "--glossary", str(glossary)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "1 error, 2 warnings" in lines  # not "1 errors"
    repeated = [line for line in lines if "repeated-words" in line]
    assert len(repeated) == 1 and "'açılır' is repeated" in repeated[0]  # not J. R. R.
    (glossary_line,) = [line for line in lines if "glossary" in line]
    assert glossary_line.endswith(
        "warning glossary: 'book fair' should be translated as 'kitab sərgisi'"
    )


def test_report_summary_is_plural_correct_and_the_entry_column_stays_in_place(
    tmp_path: Path,
) -> None:
    from i18n_pipeline.qa.report import render_report

    po = _catalog(tmp_path, name="caspian-ferry-timetable-2026-and-the-new-port")
    page = render_report([po])
    assert "1 catalog · 1 error · 1 warning" in page
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("headless Chromium is not installed: the layout is not measured")
    # Each row: does the entry's location stick out of its cell into the source's?
    probe = """<script>document.body.dataset.overflow = [...document.querySelectorAll('tbody tr')]
      .filter(r => r.querySelector('.loc').getBoundingClientRect().right >
                   r.cells[0].getBoundingClientRect().right - 1).length;</script></body>"""
    out = tmp_path / "report.html"
    out.write_text(page.replace("</body>", probe), encoding="utf-8")
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,900", "--dump-dom",
         out.as_uri()],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    overflowing = re.search(r'data-overflow="(\d+)"', result.stdout)
    assert overflowing is not None, result.stdout[-2000:]  # the probe ran
    assert overflowing.group(1) == "0"


def test_an_edited_entry_no_longer_claims_machine_provenance(workdir: Path) -> None:
    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    command = ["translate", "chess.txt", "--to", "az", "--engine", "pseudo",
               "--pseudo-into-real-locale", "--quiet"]  # fmt: skip
    assert CliRunner().invoke(main, command).exit_code == 0
    po = Path("locales/az/LC_MESSAGES/chess.po")
    keys = ["e", "Bakıda şahmat kuboku başlayır", "b", "q"]  # edit the title, go back to it
    result = CliRunner().invoke(main, ["review", str(po)], input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.output
    shown_again = result.output.split("[translated]", 1)[1].split("a accept", 1)[0]
    assert "translation: Bakıda şahmat kuboku başlayır" in shown_again
    assert "machine:" not in shown_again  # it was "machine: pseudo accented ..."
    title = _entries(po)["Chess cup opens in Baku"]
    assert str(title.target) == "Bakıda şahmat kuboku başlayır" and not title.isfuzzy()
    assert "mt:" not in str(title.getnotes("developer"))
    paragraph = _entries(po)["The national chess cup opened in Baku on Monday with forty players."]
    assert "mt: pseudo" in str(paragraph.getnotes("developer"))  # untouched entries keep theirs
    verify_catalog(po)


def test_progress_is_reported_per_locale_and_each_bar_is_labelled(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from i18n_pipeline.cli import translate as translate_cli

    Path("chess.txt").write_text(ARTICLE, encoding="utf-8")
    calls: list[tuple[int, int, str]] = []
    options = TranslateOptions(targets=("az", "tr"), engine="pseudo", pseudo_into_real_locale=True)
    translate_files(["chess.txt"], options, progress=lambda *call: calls.append(call))
    assert {locale for _, _, locale in calls} == {"az", "tr"}
    assert all(total == 3 for _, total, _ in calls)  # the title and two one-sentence paragraphs

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with translate_cli._progress("Translating", quiet=False) as advance:
        advance(5, 5, "az")
        advance(5, 5, "tr")
    assert "Translating az" in terminal.getvalue() and "Translating tr" in terminal.getvalue()


# ------------------------------------------------------------------ 7. titles and descriptions

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Chess cup opens in Baku | Caspian Courier</title>
  <meta name="description" content="Forty players &amp; one trophy: the national cup opens.">
  <meta property="og:title" content="Chess cup opens in Baku">
  <meta property="og:description" content="The national chess cup opened in Baku on Monday.">
  <meta name="twitter:title" content="Chess cup opens in Baku, at last">
  <meta property="og:site_name" content="Caspian Courier">
  <meta name="author" content="Aysel Mammadova">
</head>
<body>
  <article>
    <h1>Chess cup opens in Baku</h1>
    <p>The national chess cup opened in Baku on Monday with forty players from twelve cities.</p>
    <p>The final round will be played at the seaside pavilion next week, organisers said.</p>
  </article>
</body>
</html>
"""

FRONT = """---
title: Chess cup opens in Baku
description: 'The national cup: forty players, one trophy'
author: Aysel Mammadova
---

# Chess cup opens in Baku

The national chess cup opened in Baku on Monday with forty players from twelve cities.
"""


def _translate_and_render(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    command = ["translate", name, "--to", "az", "--engine", "pseudo",
               "--pseudo-into-real-locale", "--quiet"]  # fmt: skip
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    verify_catalog(Path(f"locales/az/LC_MESSAGES/{Path(name).stem}.po"))
    rendered = CliRunner().invoke(main, ["render", name, "--to", "az", "--include-fuzzy"])
    assert rendered.exit_code == 0, rendered.output
    return rendered.output


def test_page_titles_and_descriptions_are_entries_and_rendered_translated(workdir: Path) -> None:
    import lxml.html

    page = lxml.html.fromstring(_translate_and_render("chess.html", PAGE))
    units = _entries(Path("locales/az/LC_MESSAGES/chess.po"))
    kinds = {source: str(unit.getnotes("developer")) for source, unit in units.items()}
    assert "kind: meta" in kinds["Chess cup opens in Baku | Caspian Courier"]
    assert "kind: meta" in kinds["Forty players & one trophy: the national cup opens."]
    assert "kind: title, meta" in kinds["Chess cup opens in Baku"]  # og:title = the <h1>
    assert "Caspian Courier" not in kinds and "Aysel Mammadova" not in kinds  # not shown text
    assert page.get("lang") == "az"

    def pseudo(text: str | None) -> bool:
        return bool(text) and text.startswith("[") and "Chess" not in text  # type: ignore[union-attr]

    assert pseudo(page.findtext(".//title"))
    for selector in ('name="description"', 'property="og:title"', 'property="og:description"',
                     'name="twitter:title"'):  # fmt: skip
        (meta,) = page.xpath(f"//meta[@{selector}]")
        assert pseudo(meta.get("content")), selector
    assert page.xpath('//meta[@property="og:site_name"]')[0].get("content") == "Caspian Courier"
    assert pseudo(page.findtext(".//h1"))


def test_front_matter_title_and_description_are_translated_and_stay_valid(workdir: Path) -> None:
    from i18n_pipeline.documents import read_document

    rendered = _translate_and_render("chess.md", FRONT)
    Path("az.md").write_text(rendered, encoding="utf-8")
    metadata = read_document(Path("az.md")).metadata
    assert metadata["title"].startswith("[") and "Chess" not in metadata["title"]
    assert metadata["description"].startswith("[") and ":" in metadata["description"]
    assert metadata["author"] == "Aysel Mammadova"
    yaml = pytest.importorskip("yaml")
    front = yaml.safe_load(rendered.split("---\n")[1])
    assert front["title"] == metadata["title"] and front["description"] == metadata["description"]


def test_extract_again_keeps_the_templates_project_and_version(tmp_path: Path) -> None:
    """The README's `extract examples/site -o locales/messages.pot` (no --project) on the
    shipped template: nothing changes, not even the Project-Id-Version it was made with."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "app.py").write_text('from flask_babel import gettext as _\n_("Close")\n', "utf-8")
    pot = tmp_path / "messages.pot"
    runner = CliRunner()
    made = runner.invoke(
        main, ["extract", str(site), "-o", str(pot), "--project", "News site", "--version", "2.1"]
    )
    assert made.exit_code == 0, made.output
    before = pot.read_bytes()
    again = runner.invoke(main, ["extract", str(site), "-o", str(pot)])
    assert again.exit_code == 0 and again.output.startswith("unchanged"), again.output
    assert pot.read_bytes() == before
    assert b'"Project-Id-Version: News site 2.1\\n"' in before
    renamed = runner.invoke(main, ["extract", str(site), "-o", str(pot), "--version", "2.2"])
    assert renamed.exit_code == 0 and b"Project-Id-Version: PACKAGE 2.2" in pot.read_bytes()
