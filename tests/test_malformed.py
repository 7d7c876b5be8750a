"""Malformed catalogs: every command that reads PO files stops at the defect, the same way.

Each file of `tests/data/bad/` holds one defect. Every case must be rejected by GNU `msgfmt -c`
(so the corpus is a real one, not our own opinion), and every command that reads catalogs must
report it as `path:line: message` on one line, exit 2, print no traceback and leave the file byte
for byte as it was. The expected line is ours: msgfmt reports an unterminated string one line
late (after the line end it ran into) and a wrong plural count at the last msgstr, so we only
require msgfmt's line to be within the same entry (a few lines).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline.catalogs import read_catalog
from i18n_pipeline.cli import main
from i18n_pipeline.errors import InputError
from tests.helpers import MSGFMT

BAD = Path(__file__).parent / "data" / "bad"

# case → (our line, a word of our message). One defect per file.
CASES: dict[str, tuple[int, str]] = {
    "unterminated-string": (10, "end-of-line within string"),
    "unterminated-continuation": (11, "end-of-line within string"),
    "unterminated-at-eof": (12, "end-of-line within string"),
    "bad-escape": (10, "invalid escape sequence '\\\\q'"),
    "obsolete-bad-escape": (10, "invalid escape sequence"),
    "eot-in-string": (10, "unsupported escape sequence '\\\\004'"),
    "eot-raw": (9, "context separator <EOT>"),
    "garbage-after-string": (10, "unexpected text"),
    "unknown-keyword": (10, "unknown keyword 'msgfoo'"),
    "missing-msgstr": (12, "missing msgstr"),
    "two-msgstr": (11, "msgstr out of place"),
    "duplicate-msgid": (15, "duplicate message definition (first defined at line 9)"),
    "duplicate-header": (5, "duplicate message definition"),
    "invalid-utf8": (10, "invalid UTF-8 byte sequence at byte 210"),
    "charset-mismatch": (11, "invalid ASCII byte sequence"),
    "binary": (1, "binary data"),
    "broken-plural-forms": (7, "invalid Plural-Forms header"),
    "plural-expression-syntax": (7, "invalid plural expression"),
    "wrong-plural-count": (9, "plural entry has 3 forms, but the Plural-Forms header says 2"),
    "plural-without-indexed-msgstr": (11, "plural entry needs msgstr[0]"),
    "indexed-msgstr-without-plural": (10, "msgstr[0] in an entry without msgid_plural"),
    "plural-index-gap": (12, "plural form has wrong index"),
}

TEMPLATE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Close"
msgstr ""
"""


def test_corpus_and_table_agree() -> None:
    assert sorted(p.stem for p in BAD.glob("*.po")) == sorted(CASES)


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_msgfmt_rejects_every_case_near_our_line(case: str) -> None:
    result = subprocess.run(
        [MSGFMT, "-c", "-o", "/dev/null", str(BAD / f"{case}.po")], capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    line, _ = CASES[case]
    errors = [
        int(m.group(1))
        for m in re.finditer(rf"{re.escape(case)}\.po:(\d+):(?:\d+:)? (?!warning)", result.stderr)
    ]
    assert errors, result.stderr
    # Header defects: msgfmt names the header entry (line 2), we name the header field's line.
    assert any(abs(found - line) <= 2 for found in errors) or line in (5, 7), result.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_read_catalog_names_file_line_and_defect(case: str) -> None:
    line, words = CASES[case]
    path = BAD / f"{case}.po"
    with pytest.raises(InputError) as caught:
        read_catalog(path)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def _in_locales(root: Path, data: bytes) -> Path:
    path = root / "locales" / "az" / "LC_MESSAGES" / "news.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    return path


def _template(root: Path) -> Path:
    path = root / "news.pot"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def _article(root: Path) -> Path:
    path = root / "news.txt"
    path.write_text("Ferry line opens\n\nThe new ferry line links Baku and the coast.\n")
    return path


# command → (arguments given the bad catalog's path, where the bad catalog lives)
Setup = Callable[[Path, Path], list[str]]
COMMANDS: dict[str, Setup] = {
    "check": lambda root, po: ["check", str(po)],
    "check-dir": lambda root, po: ["check", str(root / "locales")],
    "stats": lambda root, po: ["stats", str(po)],
    "review": lambda root, po: ["review", str(po)],
    "report": lambda root, po: ["report", str(po), "--html", str(root / "r.html")],
    "compile": lambda root, po: ["compile", "--locales-dir", str(root / "locales")],
    "update": lambda root, po: [
        "update",
        "--input",
        str(_template(root)),
        "--locales-dir",
        str(root / "locales"),
        "--domain",
        "news",
    ],
    "update-template": lambda root, po: [
        "update",
        "--input",
        str(po),
        "--locales-dir",
        str(root / "locales"),
    ],
    "translate-catalog": lambda root, po: ["translate", str(po), "--engine", "pseudo"],
    "translate-article": lambda root, po: [
        "translate",
        str(_article(root)),
        "--to",
        "az",
        "--engine",
        "pseudo",
        "--pseudo-into-real-locale",  # the az catalog the case damaged
        "--locales-dir",
        str(root / "locales"),
    ],
    "translate-memory": lambda root, po: [
        "translate",
        str(_article(root)),
        "--to",
        "az",
        "--engine",
        "pseudo",
        "--pseudo-into-real-locale",  # an az run, so the damaged az compendium is read
        "--locales-dir",
        str(root / "out"),
        "--memory",
        str(po),
    ],
    "render": lambda root, po: [
        "render",
        str(_article(root)),
        "--to",
        "az",
        "--locales-dir",
        str(root / "locales"),
    ],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_command_reports_every_case(
    case: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = (BAD / f"{case}.po").read_bytes()
    po = _in_locales(tmp_path, data)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = CliRunner().invoke(main, COMMANDS[command](tmp_path, po), input="q\n")
    line, words = CASES[case]
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "Traceback" not in result.output
    assert f"{po}:{line}: " in result.output and words in result.output, result.output
    assert po.read_bytes() == data
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p in before}
    assert after == before
    assert not list(po.parent.glob("*.mo"))  # nothing compiled from a broken catalog
    assert not list(po.parent.glob(".*.tmp"))


def test_real_process_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    po = _in_locales(tmp_path, (BAD / "bad-escape.po").read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "i18n_pipeline", "stats", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: {po}:10: invalid escape sequence '\\\\q' in a string"
    ]


@pytest.mark.parametrize("escape", ["\\a", "\\b", "\\f", "\\v", "\\101", "\\x41"])
def test_escapes_we_cannot_read_faithfully_are_refused(escape: str, tmp_path: Path) -> None:
    """msgfmt accepts these C escapes, but Translate Toolkit reads `\\101` as "101": refusing
    is stricter than msgfmt and better than changing the text. gettext's tools never write them."""
    path = tmp_path / "x.po"
    path.write_text(f'msgid "Close"\nmsgstr "Ba{escape}la"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.po:2: unsupported escape sequence"):
        read_catalog(path)


def test_randomly_damaged_catalogs_are_read_or_refused_never_crash(tmp_path: Path) -> None:
    """A fuzz run, seeded so it repeats: 300 catalogs damaged by inserting, deleting or replacing
    PO syntax, quotes, escapes, NUL and invalid UTF-8. Each is either read or refused with an
    InputError naming the file; any other exception is a crash a user would see."""
    import random

    sources = [
        (Path(__file__).parent / "data/qa/planted/az/LC_MESSAGES/news.po").read_bytes(),
        (Path(__file__).parent.parent / "locales/ru/LC_MESSAGES/messages.po").read_bytes(),
    ]
    pieces = [b'"', b"\\", b"\n", b"msgid ", b"msgstr ", b"msgctxt ", b"msgid_plural ",
              b"msgstr[0] ", b"msgstr[3] ", b"#, fuzzy\n", b"#~ ", b"#| msgid ", b"\xff",
              b"\x00", b"\\n", b'"\n"', b"%d", b"nplurals=1;", b"plural=n>1;", b"\r", b"\t",
              b"\x04"]  # fmt: skip
    rng = random.Random(20261127)
    refused = 0
    for number in range(300):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            roll = rng.random()
            if roll < 0.4:
                data[at:at] = rng.choice(pieces)
            elif roll < 0.7:
                del data[at : at + rng.randint(1, 8)]
            else:
                data[at : at + 1] = rng.choice(pieces)
        path = tmp_path / f"damaged-{number}.po"
        path.write_bytes(bytes(data))
        try:
            read_catalog(path)
        except InputError as error:
            assert str(error).startswith(str(path))
            refused += 1
    assert 100 < refused < 300  # the damage is real, and not every change breaks a catalog
