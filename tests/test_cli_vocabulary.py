"""One concept, one spelling: every command's options checked against one table.

The table names each concept once with the spelling every command must use and the other
spellings it must not (`--lang`, `--source-lang` ... for the source language). A spelling
that was renamed lives on for a release as a hidden alias: each one is listed in `RENAMED`,
still does what the new spelling does, and says so on stderr.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from i18n_pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
REVIEW_PO = ROOT / "tests" / "data" / "qa" / "clean" / "az" / "LC_MESSAGES" / "news.po"

# concept -> (the one spelling, spellings of the same concept that no command may show)
VOCABULARY: dict[str, tuple[tuple[str, ...], set[str]]] = {
    "source language": (
        ("--from",),
        {"--lang", "--source-lang", "--source-language", "--source", "--src", "--src-lang"},
    ),
    "target language": (
        ("--to",),
        {"--locale", "-l", "--target", "--target-lang", "--target-language", "--tgt"},
    ),
    "locales directory": (("--locales-dir",), {"--locales", "--locale-dir", "--catalog-dir"}),
    "JSON output": (("--json",), {"--as-json", "-j", "--json-output"}),
    "quiet": (("--quiet", "-q"), {"--silent", "-s", "--no-progress"}),
    "written file": (("-o", "--output"), {"--out", "--output-file", "--outfile", "--out-file"}),
    "first entry": (("--start",), {"--from-entry", "--begin", "--skip-to"}),
}

# (command, old spelling) -> the spelling that replaced it; hidden, kept for one release.
RENAMED = {
    ("segment", "--lang"): "--from",
    ("check", "--source-lang"): "--from",
    ("export", "--source-language"): "--from",
    ("import", "--source-language"): "--from",
    ("init", "--locale"): "--to",
    ("init", "-l"): "--to",
    ("update", "--locale"): "--to",
    ("update", "-l"): "--to",
    ("leftovers", "--lang"): "--to",
    ("review", "--from"): "--start",  # an entry number: a language code never is one
    ("build-site", "--reviewed"): "--reviewed-tmx",  # `import --reviewed` is a flag
}


def options(hidden: bool) -> list[tuple[str, click.Option]]:
    """(command name, option) for every option of every command, hidden ones or visible ones."""
    ctx = click.Context(main)
    found = []
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None, name
        for param in command.params:
            if isinstance(param, click.Option) and param.hidden == hidden:
                found.append((name, param))
    return found


def kind(option: click.Option) -> str:
    """What an option takes, coarsely: one spelling must take one kind of value."""
    if option.is_flag:
        return "flag"
    if isinstance(option.type, (click.types.IntParamType, click.IntRange)):
        return "integer"
    if isinstance(option.type, (click.types.FloatParamType, click.FloatRange)):
        return "number"
    if isinstance(option.type, click.Path):
        return "path"
    return "text"


def test_no_command_shows_a_second_spelling_of_a_concept() -> None:
    wrong = [
        f"{command}: {spelling} is a second spelling of the {concept}; use {'/'.join(one)}"
        for command, option in options(hidden=False)
        for spelling in option.opts + option.secondary_opts
        for concept, (one, others) in VOCABULARY.items()
        if spelling in others
    ]
    assert wrong == []


def test_a_concept_is_spelled_whole_where_it_appears() -> None:
    """`-q` comes with `--quiet`, `-o` with `--output`: never half of the pair, or another."""
    wrong = []
    for command, option in options(hidden=False):
        for concept, (one, _) in VOCABULARY.items():
            if set(option.opts) & set(one) and sorted(option.opts) != sorted(one):
                wrong.append(f"{command}: {'/'.join(option.opts)} for the {concept}")
    assert wrong == []


def test_one_spelling_takes_one_kind_of_value_in_every_command() -> None:
    """`review --from N` (an entry) beside `translate --from en` (a language) was two ideas."""
    kinds: dict[str, set[str]] = {}
    for _, option in options(hidden=False):
        for spelling in option.opts:
            kinds.setdefault(spelling, set()).add(kind(option))
    assert {spelling: k for spelling, k in kinds.items() if len(k) > 1} == {}
    assert kinds["--from"] == kinds["--to"] == {"text"}


def test_every_hidden_option_is_a_renamed_spelling_of_a_shown_one() -> None:
    hidden = {(command, spelling) for command, o in options(hidden=True) for spelling in o.opts}
    assert hidden == set(RENAMED)
    shown = {(command, spelling) for command, o in options(hidden=False) for spelling in o.opts}
    assert {(command, new) for (command, _), new in RENAMED.items()} <= shown


def test_choices_come_from_the_lists_their_owners_define() -> None:
    from i18n_pipeline.engines.ctranslate2_engine import COMPUTE_TYPES
    from i18n_pipeline.evaluation.align import ENGINES as ALIGN_ENGINES
    from i18n_pipeline.exchange import FORMATS
    from i18n_pipeline.pipeline.options import ENGINES, RETRANSLATE

    ctx = click.Context(main)

    def choices(command: str, spelling: str) -> list[str]:
        found = main.get_command(ctx, command)
        assert found is not None
        option = next(p for p in found.params if spelling in p.opts)
        assert isinstance(option.type, click.Choice)
        return list(option.type.choices)

    assert choices("translate", "--engine") == choices("build-site", "--engine") == list(ENGINES)
    assert choices("evaluate", "--engine") == [e for e in ENGINES if e != "memory"]
    assert choices("align", "--engine") == list(ALIGN_ENGINES)
    assert choices("translate", "--compute-type") == list(COMPUTE_TYPES)
    assert choices("translate", "--retranslate") == list(RETRANSLATE)
    assert choices("export", "--format") == list(FORMATS)
    assert "pseudo-rtl" in choices("build-site", "--engine")


def _fixtures(tmp_path: Path) -> None:
    """What the alias invocations read: an article, a template, two catalogs, a page."""
    (tmp_path / "news.txt").write_text("The ferry leaves at noon.\n\nIt returns today.\n")
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    (tmp_path / "messages.pot").write_text(header + '\nmsgid "Close"\nmsgstr ""\n', "utf-8")
    for locale, text in (("az", "Bağla"), ("tr", "Kapat")):
        po = tmp_path / "locales" / locale / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True)
        language = f'"Language: {locale}\\n"\n'
        entries = f'\n#, fuzzy\nmsgid "Close"\nmsgstr "{text}"\n\nmsgid "Open"\nmsgstr ""\n'
        po.write_text(header + language + entries, "utf-8")
    shutil.copy(REVIEW_PO, tmp_path / "review.po")
    (tmp_path / "page.html").write_text(
        "<html><body><p>Son xəbərlər</p><p>Bağla</p></body></html>", "utf-8"
    )


AZ = "locales/az/LC_MESSAGES/messages.po"
# (old invocation, the same with the new spelling, stdin); {} in old marks the old spelling.
INVOCATIONS = {
    ("segment", "--lang"): (["segment", "news.txt", "--json", "{}", "de"], ""),
    ("check", "--source-lang"): (["check", AZ, "{}", "de"], ""),
    ("export", "--source-language"): (
        ["export", AZ, "-f", "tmx", "-o", "out.tmx", "{}", "de"],
        "",
    ),
    ("import", "--source-language"): (["import", "news.txt", "--into", AZ, "{}", "../x"], ""),
    ("init", "--locale"): (["init", "{}", "ru", "-i", "messages.pot"], ""),
    ("init", "-l"): (["init", "{}", "ru", "-i", "messages.pot"], ""),
    ("update", "--locale"): (["update", "-i", "messages.pot", "{}", "az"], ""),
    ("update", "-l"): (["update", "-i", "messages.pot", "{}", "tr"], ""),
    ("leftovers", "--lang"): (["leftovers", "page.html", "{}", "az"], ""),
    ("review", "--from"): (["review", "review.po", "{}", "2"], "a\nq\n"),
}


def _run(where: Path, args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(where)
    return CliRunner().invoke(main, args, input=stdin)


def _notes(result: Result) -> list[tuple[list[str], str]]:
    """(old spellings, new spelling) of each deprecation note: `note: --locale/-l is ...`."""
    notes = []
    for line in result.stderr.splitlines():
        if line.startswith("note: ") and line.endswith(" instead"):
            used, new = (
                line.removeprefix("note: ").removesuffix(" instead").split(" is deprecated, use ")
            )
            notes.append((used.split("/"), new))
    return notes


def _same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.diff_files:
        return False
    return all(_same_tree(left / d, right / d) for d in compared.common_dirs)


@pytest.mark.parametrize("renamed", sorted(INVOCATIONS), ids="-".join)
def test_a_renamed_spelling_still_works_and_says_so(
    renamed: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old spelling does exactly what the new one does (same exit, same output, same files)
    and prints one line naming the new spelling; the new one prints no such note."""
    template, stdin = INVOCATIONS[renamed]
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    for where in (old_dir, new_dir):
        where.mkdir()
        _fixtures(where)
    old_spelling, new_spelling = renamed[1], RENAMED[renamed]
    old = _run(old_dir, [old_spelling if a == "{}" else a for a in template], stdin, monkeypatch)
    new = _run(new_dir, [new_spelling if a == "{}" else a for a in template], stdin, monkeypatch)
    [(spellings, named)] = _notes(old)  # one line
    assert old_spelling in spellings and named == new_spelling
    assert _notes(new) == []
    assert old.exit_code == new.exit_code, (old.output, new.output)
    assert old.stdout.replace(str(old_dir), "") == new.stdout.replace(str(new_dir), "")
    assert _same_tree(old_dir, new_dir)


def test_every_renamed_spelling_is_run_here() -> None:
    assert set(INVOCATIONS) | {("build-site", "--reviewed")} == set(RENAMED)


def test_build_site_reviewed_still_reaches_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole site build is test_site's; here only what the option hands to it."""
    import i18n_pipeline.site as site

    given: dict[str, object] = {}

    def build(site_dir: Path, **kwargs: object) -> None:
        given.update(kwargs)
        raise KeyboardInterrupt  # stop before the summary line reads a result

    monkeypatch.setattr(site, "build_site", build)
    memory = tmp_path / "human.tmx"
    memory.write_text("<tmx/>")
    result = _run(
        tmp_path, ["build-site", str(tmp_path), "--reviewed", str(memory)], "", monkeypatch
    )
    assert given["reviewed"] == (memory,)
    [(spellings, named)] = _notes(result)
    assert spellings == ["--reviewed"] and named == "--reviewed-tmx"


def test_the_renamed_spelling_carries_its_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the default in disguise: the value given with the old spelling is the one used."""
    _fixtures(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    export = ["export", AZ, "-f", "tmx", "-o", "out.tmx", "--source-language", "de"]
    assert runner.invoke(main, export).exit_code == 0
    assert 'srclang="de"' in (tmp_path / "out.tmx").read_text("utf-8")
    init = runner.invoke(main, ["init", "-l", "ru", "-i", "messages.pot"])
    assert init.exit_code == 0 and (tmp_path / "locales/ru/LC_MESSAGES/messages.po").is_file()
    update = runner.invoke(main, ["update", "-i", "messages.pot", "--locale", "az"])
    assert "locales/az/" in update.stdout and "locales/tr/" not in update.stdout
    bad = runner.invoke(main, ["import", "news.txt", "--into", AZ, "--source-language", "../x"])
    assert bad.exit_code == 2 and "--from" in bad.output
    late = runner.invoke(main, ["review", "review.po", "--from", "99"], input="")
    assert late.exit_code == 2


@pytest.mark.parametrize("command", [["init", "-i", "messages.pot"], ["leftovers", "page.html"]])
def test_a_required_option_is_still_required_under_either_spelling(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fixtures(tmp_path)
    result = _run(tmp_path, command, "", monkeypatch)
    assert result.exit_code == 2 and "Missing option '--to'" in result.output


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["segment", "news.txt", "--lang", "de", "--from", "tr"], ""),
        (["review", "review.po", "--from", "2", "--start", "1"], "q\n"),
        (
            ["export", AZ, "-f", "tmx", "-o", "out.tmx", "--from", "en", "--source-language", "de"],
            "",
        ),
    ],
    ids=["segment", "review", "export"],
)
def test_old_and_new_spelling_that_disagree_are_refused(
    args: list[str], stdin: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither wins silently: exit 2, naming both, nothing written. Saying the same thing
    twice is only the deprecation note."""
    _fixtures(tmp_path)
    before = (tmp_path / "review.po").read_bytes()
    result = _run(tmp_path, args, stdin, monkeypatch)
    assert result.exit_code == 2, result.output
    assert "say different things" in result.output
    assert not (tmp_path / "out.tmx").exists()
    assert (tmp_path / "review.po").read_bytes() == before
    same = _run(tmp_path, ["segment", "news.txt", "--lang", "tr", "--from", "tr"], "", monkeypatch)
    assert same.exit_code == 0 and len(_notes(same)) == 1
