"""The placeholder checks on real catalogs' entries, against `msgfmt -c` where it is installed.

tests/data/qa/real/ holds entries copied from Django, Wagtail and Sphinx catalogs (see its
README), each tagged `# qa-expect: error|ok|stricter`. msgfmt's plural rule, from the catalog's
own Plural-Forms: a form used for one number may leave placeholders out, a form used for more
must keep every placeholder of msgid_plural.
"""

from __future__ import annotations

import bisect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from translate.storage import po

from i18n_pipeline.catalogs import read_catalog
from i18n_pipeline.qa.checks import CHECKS, CheckContext, check_catalog, check_entry, entry_for
from i18n_pipeline.text.plurals import numbers_per_form, single_number_forms

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "qa" / "real"
CATALOGS = sorted(REAL.rglob("*.po"))
PLACEHOLDER_CHECKS = ["printf", "python-brace-format"]
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) not installed")

AR = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5;"
)
RU_WAGTAIL = (
    "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || "
    "n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);"
)


def _rule(plural_forms: str) -> tuple[str, int]:
    match = re.match(r"nplurals=(\d+); plural=(.*);$", plural_forms)
    assert match
    return match.group(2), int(match.group(1))


def expectations(path: Path) -> dict[int, str]:
    """msgid line -> the entry's `qa-expect` tag."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out, tag = {}, None
    for number, line in enumerate(lines, 1):
        if line.startswith("# qa-expect: "):
            tag = line.removeprefix("# qa-expect: ")
        elif line.startswith("msgid ") and tag:
            out[number], tag = tag, None
    return out


def flagged(path: Path) -> dict[int, str]:
    """msgid line -> message, for entries `check` reports a placeholder error in."""
    return {
        f.line: f.message
        for f in check_catalog(path, only=PLACEHOLDER_CHECKS)
        if f.severity == "error"
    }


def msgfmt_rejected(path: Path) -> dict[int, str]:
    """msgid line -> msgfmt's message, for entries `msgfmt -c` rejects."""
    done = subprocess.run(
        [str(MSGFMT), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    data = path.read_text(encoding="utf-8").splitlines()
    msgids = [n for n, line in enumerate(data, 1) if line.startswith("msgid ")]
    out = {}
    for line in done.stderr.splitlines():
        match = re.match(rf"^{re.escape(str(path))}:(\d+): (?!warning)(.*)$", line)
        if match:  # msgfmt points into the entry; the entry's msgid is the last one before
            msgid = msgids[bisect.bisect_right(msgids, int(match.group(1))) - 1]
            out.setdefault(msgid, match.group(2))
    return out


def test_the_copied_entries_cover_every_verdict() -> None:
    tags = [tag for path in CATALOGS for tag in expectations(path).values()]
    assert len(CATALOGS) >= 10
    assert {"error", "ok", "stricter"} <= set(tags)
    languages = {path.parent.parent.name for path in CATALOGS}
    assert languages == {"ar", "az", "ja", "pl", "ru", "tr", "uk"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_check_reports_what_each_entry_is_tagged(path: Path) -> None:
    found = flagged(path)
    for line, tag in expectations(path).items():
        if tag in ("error", "stricter"):
            assert line in found, f"{path.name}:{line} ({tag}) not reported"
        else:
            assert line not in found, f"{path.name}:{line} (ok) reported: {found.get(line)}"


@needs_msgfmt
@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_msgfmt_rejection_is_an_error_and_nothing_it_accepts_is(path: Path) -> None:
    rejected, found, tags = msgfmt_rejected(path), flagged(path), expectations(path)
    assert {line for line, tag in tags.items() if tag == "error"} == set(rejected)
    for line, message in rejected.items():
        assert line in found, f"{path.name}:{line}: msgfmt says {message!r}, check nothing"
    for line, tag in tags.items():
        if line not in rejected and tag == "ok":
            assert line not in found, f"{path.name}:{line}: msgfmt accepts, check: {found[line]}"


def test_the_russian_form_for_1_21_31_must_keep_the_count() -> None:
    path = REAL / "ru" / "LC_MESSAGES" / "wagtail-admin.po"
    messages = list(flagged(path).values())
    assert "msgstr[0] (n = 1, 21, 31 …): missing %(counter)s" in messages


def test_forms_used_for_one_number_come_from_the_expression() -> None:
    assert single_number_forms(numbers_per_form(*_rule(AR))) == {0, 1, 2}
    # Wagtail's Russian header has a fourth form no whole number reaches.
    assert single_number_forms(numbers_per_form(*_rule(RU_WAGTAIL))) == {3}
    assert numbers_per_form(*_rule(RU_WAGTAIL))[0][:4] == (1, 21, 31, 41)
    assert single_number_forms(numbers_per_form("(n != 1)", 2)) == {0}
    assert single_number_forms(numbers_per_form("(n > 1)", 2)) == frozenset()
    assert single_number_forms(numbers_per_form("0", 1)) == frozenset()
    # Large numbers are sampled too: a form only they reach is not "one number".
    assert numbers_per_form("n > 5000 ? 1 : 0", 2)[1][:2] == (10**4, 10**4 + 1)


def test_the_catalogs_own_header_decides_not_cldr(tmp_path: Path) -> None:
    """az is `(n != 1)` in CLDR; a catalog that says `(n > 1)` uses form 0 for 0 and 1 too."""
    entry = (
        '#, python-format\nmsgid "One book"\nmsgid_plural "%(count)s books"\n'
        'msgstr[0] "Bir kitab"\nmsgstr[1] "%(count)s kitab"\n'
    )
    for plural, flagged_form_0 in (("(n != 1)", False), ("(n > 1)", True)):
        path = tmp_path / plural.strip("()").replace(" ", "") / "az" / "LC_MESSAGES" / "x.po"
        path.parent.mkdir(parents=True)
        path.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: az\\n"\n"Plural-Forms: nplurals=2; plural={plural};\\n"\n\n{entry}',
            encoding="utf-8",
        )
        assert bool(flagged(path)) is flagged_form_0


# Constructed entries in an Arabic catalog (no C catalog ships in a wheel): (flag, msgid,
# msgid_plural, the first forms, check's verdict); the other forms are msgid_plural itself.
# msgfmt -c gives the same verdict on each.
CONSTRUCTED = [
    # C ignores unused trailing arguments: zero, one and two may leave %d out.
    ("c-format", "%d hour", "%d hours", ["لا ساعات", "ساعة واحدة", "ساعتين"], False),
    # ... but not a leading one: "%s" would receive the int.
    ("c-format", "%d file in %s", "%d files in %s", ["لا ملفات في %s"], True),
    # Python's % raises TypeError ("not all arguments converted") on an unused argument.
    ("python-format", "%d hour", "%d hours", ["لا ساعات", "ساعة واحدة", "ساعتين"], True),
    # A named one may be left out: Python's % ignores unused keys.
    ("python-format", "%(num)d hour", "%(num)d hours", ["لا ساعات", "ساعة واحدة"], False),
    # A form used for 3-10, 103-110 ... must keep it.
    ("python-format", "%(num)d hour", "%(num)d hours", [*["x %(num)d"] * 3, "ساعات"], True),
    # glibc's I flag (locale digits) is fine in a C msgstr, and unknown to Python.
    ("c-format", "%d files", "%d files", [*["%Id ملفات"] * 6], False),
    ("python-format", "%d files", "%d files", [*["%Id ملفات"] * 6], True),
    # str.format ignores unused arguments; an unknown name raises KeyError.
    ("python-brace-format", "{n} hour in {place}", "{n} hours in {place}", ["في {place}"], False),
    ("python-brace-format", "{n} hour in {place}", "{n} hours in {place}", ["{n} {x}"], True),
    ("python-brace-format", "{n} hour", "{n} hours", [*["{n}"] * 3, "ساعات"], True),
]
# Where msgfmt (0.21) is looser than the program at run time: it accepts an unknown name in a
# brace-format form used for one number, which str.format turns into a KeyError.
MSGFMT_ACCEPTS = {"{n} {x}"}


def _constructed_catalog(tmp_path: Path, index: int) -> Path:
    flag, msgid, plural, given, _ = CONSTRUCTED[index]
    forms = [*given, *[plural] * (6 - len(given))]  # the rest: msgid_plural itself, correct
    body = "".join(f'msgstr[{i}] "{f}"\n' for i, f in enumerate(forms))
    path = tmp_path / "ar" / "LC_MESSAGES" / f"case{index}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: ar\\n"\n"Plural-Forms: {AR}\\n"\n\n'
        f'#, {flag}\nmsgid "{msgid}"\nmsgid_plural "{plural}"\n{body}',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("index", range(len(CONSTRUCTED)))
def test_constructed_cases_match_msgfmt(tmp_path: Path, index: int) -> None:
    path = _constructed_catalog(tmp_path, index)
    expected = CONSTRUCTED[index][4]
    assert bool(flagged(path)) is expected, flagged(path)
    if MSGFMT is not None:
        by_msgfmt = expected and CONSTRUCTED[index][3][0] not in MSGFMT_ACCEPTS
        assert bool(msgfmt_rejected(path)) is by_msgfmt, path.read_text(encoding="utf-8")


def test_singular_entries_are_unchanged_and_named_ones_may_repeat() -> None:
    ctx = CheckContext(target_language="ja", header_nplurals=1, plural_expr="0")
    unit = po.pounit("Please correct %(field_name)s for %(lookup)s.")
    unit.target = "%(field_name)s の %(lookup)s では %(field_name)s を修正してください。"
    assert check_entry(ctx, entry_for(unit), [CHECKS["printf"]]) == []
    unit.target = "修正してください。"
    [finding] = check_entry(ctx, entry_for(unit), [CHECKS["printf"]])
    assert finding.message == "missing %(field_name)s; missing %(lookup)s"


def test_a_catalog_without_plural_forms_falls_back_on_cldr() -> None:
    store = read_catalog(REAL / "ar" / "LC_MESSAGES" / "django-core.po")
    [unit] = [u for u in store.units if str(u.source) == "%(size)d byte"]
    without_header = CheckContext(target_language="ar")
    assert check_entry(without_header, entry_for(unit), [CHECKS["printf"]]) == []


def test_parity_benchmark_quick_mode_on_the_copied_entries() -> None:
    """benchmarks/qa_parity.py on tests/data/qa/real: every msgfmt rejection found by check."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "qa_parity.py"), str(REAL), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    printf = report["checks"]["printf"]
    tags = [tag for path in CATALOGS for tag in expectations(path).values()]
    assert report["catalogs"] == len(CATALOGS)
    assert printf["check"] == tags.count("error") + tags.count("stricter")
    if MSGFMT is not None:
        assert report["msgfmt"] is True
        assert printf["msgfmt"] == printf["check_and_msgfmt"] == tags.count("error")
        assert printf["msgfmt_only"] == 0
        assert printf["check_only"] == tags.count("stricter")
    assert "printf |" in done.stdout
