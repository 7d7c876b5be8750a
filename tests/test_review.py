"""Interactive review driven as a script would drive it: CliRunner input, a real pipe, $EDITOR."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from i18n_pipeline.catalogs import Store, read_catalog, write_catalog
from i18n_pipeline.cli import main
from i18n_pipeline.qa.review import prompt_edit, review_catalog, word_diff
from tests.helpers import verify_catalog

QA = Path(__file__).resolve().parent / "data" / "qa"
CLEAN = QA / "clean" / "az" / "LC_MESSAGES" / "news.po"
PLANTED = QA / "planted" / "az" / "LC_MESSAGES" / "news.po"
ROOT = Path(__file__).resolve().parent.parent


def copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "az" / "LC_MESSAGES" / "news.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return target


def unit(path: Path, msgid: str):  # type: ignore[no-untyped-def]
    return next(u for u in read_catalog(path).units if str(u.source) == msgid)


@pytest.fixture(autouse=True)
def no_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


def test_cli_accept_edit_skip_back_quit(tmp_path: Path) -> None:
    path = copy(PLANTED, tmp_path)
    keys = [
        "e",  # 1: printf error: fix it inline
        "%(author)s tərəfindən %(site)s üçün yazılıb",
        "s",  # 2: skip
        "b",  # back to 2
        "s",  # 2 again
        "a",  # 3: the fuzzy machine translation: accept (it still has an error: warned)
        "q",
    ]
    result = CliRunner().invoke(main, ["review", str(path)], input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.output
    fixed = unit(path, "Written by %(author)s for %(site)s")
    assert str(fixed.target) == "%(author)s tərəfindən %(site)s üçün yazılıb"
    assert not fixed.isfuzzy()
    accepted = unit(path, 'See the <a href="https://kitab.az/map">map</a> of the fair.')
    assert not accepted.isfuzzy()
    assert "accepted with 1 error" in result.output
    assert "machine:     transformers Helsinki-NLP/opus-mt-en-az" in result.output
    assert "1 accepted, 1 edited, 1 skipped, 3 not reached (of 6)" in result.output
    verify_catalog(path)


def test_each_decision_is_on_disk_before_the_next_key(tmp_path: Path) -> None:
    path = copy(CLEAN, tmp_path)
    seen: list[list[str]] = []

    def keys() -> Iterator[str]:
        for key in ["a", "a"]:
            # What a crash right now would leave: the file on disk, read afresh.
            seen.append(sorted(str(u.source) for u in read_catalog(path).units if u.isfuzzy()))
            yield key

    stream = keys()
    screens: list[str] = []
    summary = review_catalog(
        path, lambda: next(stream, None), prompt_edit(lambda _: None), screens.append
    )
    seen.append(sorted(str(u.source) for u in read_catalog(path).units if u.isfuzzy()))
    assert seen == [
        ["Children under 7 enter for free.", "The fair closes on Sunday."],
        ["Children under 7 enter for free."],
        [],
    ]
    assert summary.count("accepted") == 2
    children = unit(path, "Children under 7 enter for free.")
    assert not children.prev_source  # the previous msgid goes once a person has looked
    assert any("[-6-]" in s and "{+7+}" in s for s in screens)
    verify_catalog(path)


def test_editor_is_used_when_set(tmp_path: Path) -> None:
    path = copy(CLEAN, tmp_path)
    editor = tmp_path / "fake-editor"
    editor.write_text("#!/bin/sh\nprintf 'Sərgi bazar günü bağlanacaq.\\n' > \"$1\"\n")
    editor.chmod(0o755)
    result = CliRunner().invoke(
        main, ["review", str(path), "--fuzzy"], input="e\nq\n", env={"EDITOR": str(editor)}
    )
    assert result.exit_code == 0, result.output
    edited = unit(path, "The fair closes on Sunday.")
    assert str(edited.target) == "Sərgi bazar günü bağlanacaq."  # the editor's newline is gone
    assert not edited.isfuzzy()
    assert unit(path, "Children under 7 enter for free.").isfuzzy()


def test_real_pipe(tmp_path: Path) -> None:
    path = copy(CLEAN, tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in {"EDITOR", "VISUAL"}}
    result = subprocess.run(
        [sys.executable, "-m", "i18n_pipeline", "review", str(path)],
        input="a\ne\n7 yaşınadək uşaqlar üçün giriş pulsuzdur.\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "1 accepted, 1 edited, 0 skipped, 0 not reached (of 2)" in result.stdout
    assert not any(u.isfuzzy() for u in read_catalog(path).units)
    assert str(unit(path, "Children under 7 enter for free.").target).startswith("7 yaşınadək")
    verify_catalog(path)


def test_end_of_input_quits_and_keeps_decisions(tmp_path: Path) -> None:
    path = copy(CLEAN, tmp_path)
    result = CliRunner().invoke(main, ["review", str(path), "--start", "2"], input="a\n")
    assert result.exit_code == 0
    assert not unit(path, "Children under 7 enter for free.").isfuzzy()
    assert unit(path, "The fair closes on Sunday.").isfuzzy()
    bad = CliRunner().invoke(main, ["review", str(path), "--start", "9"], input="")
    assert bad.exit_code == 2


def test_untranslated_cannot_be_accepted_and_errors_filter(tmp_path: Path) -> None:
    path = copy(PLANTED, tmp_path)
    result = CliRunner().invoke(main, ["review", str(path), "--errors"], input="s\ns\ns\ns\n")
    assert result.exit_code == 0
    assert "(of 4)" in result.output  # printf, brace, markup, numbers
    result = CliRunner().invoke(main, ["review", str(path), "--start", "6"], input="a\nq\n")
    assert "nothing to accept" in result.output


MAP = 'See the <a href="https://kitab.az/map">map</a> of the fair.'


def _another_program(path: Path, change: Callable[[Store], None]) -> None:
    """What a `translate` run or a second reviewer does: read, change, write atomically."""
    store = read_catalog(path)
    change(store)
    write_catalog(store, path)


def test_work_saved_by_another_program_during_a_review_is_merged(tmp_path: Path) -> None:
    path = copy(PLANTED, tmp_path)
    keys = iter(["a", "q"])

    def translate_saves_meanwhile(store: Store) -> None:
        unit = store.addsourceunit("Close")
        unit.target = "Bağla"
        unit.markfuzzy(True)

    def read_key() -> str:
        _another_program(path, translate_saves_meanwhile)
        return next(keys)

    messages: list[str] = []
    summary = review_catalog(
        path, read_key, prompt_edit(lambda _: None), messages.append, fuzzy=True
    )
    assert summary.decisions == {0: "accepted"}
    assert not unit(path, MAP).isfuzzy()  # the reviewer's decision
    assert str(unit(path, "Close").target) == "Bağla"  # the other program's entry
    assert unit(path, "Close").isfuzzy()
    verify_catalog(path)


def test_another_reviewers_decision_on_the_same_entry_is_kept(tmp_path: Path) -> None:
    path = copy(PLANTED, tmp_path)
    theirs = 'Sərginin <a href="https://kitab.az/map">xəritəsinə</a> baxın.'

    def second_reviewer(store: Store) -> None:
        entry = next(u for u in store.units if str(u.source) == MAP)
        entry.target = theirs
        entry.markfuzzy(False)

    keys = iter(["e", "q"])

    def read_key() -> str:
        key = next(keys)
        if key == "e":
            _another_program(path, second_reviewer)
        return key

    messages: list[str] = []
    edit = prompt_edit(lambda _: "Xəritəyə baxın.")
    review_catalog(path, read_key, edit, messages.append, fuzzy=True)
    assert str(unit(path, MAP).target) == theirs and not unit(path, MAP).isfuzzy()
    assert any("reviewed by someone else; kept theirs" in m for m in messages)


def test_word_diff() -> None:
    diff = word_diff("Close it now", "Close it later")
    assert click.unstyle(diff) == "Close it [-now-]{+later+}"
