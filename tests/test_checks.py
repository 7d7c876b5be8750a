"""QA checks: each check alone, the clean catalog (no finding), the planted defects (each found
exactly where planted), and the `check` command as a user runs it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from translate.storage import po

from i18n_pipeline.cli import main
from i18n_pipeline.errors import UsageError
from i18n_pipeline.qa.checks import (
    CHECKS,
    CheckContext,
    GlossaryTerm,
    check_catalog,
    check_entry,
    entry_for,
    load_glossary,
    select_checks,
)

QA = Path(__file__).resolve().parent / "data" / "qa"
CLEAN = QA / "clean" / "az" / "LC_MESSAGES" / "news.po"
PLANTED = QA / "planted" / "az" / "LC_MESSAGES" / "news.po"
GLOSSARY = QA / "glossary.csv"


def findings_for(name: str, source: str, target: str, **context: object) -> list[str]:
    unit = po.pounit(source)
    unit.target = target
    ctx = CheckContext(target_language="az", header_nplurals=2, **context)  # type: ignore[arg-type]
    return [f.message for f in check_entry(ctx, entry_for(unit), [CHECKS[name]])]


# (check, source, translation): each must be flagged by that check.
DEFECTS = [
    ("printf", "Written by %(author)s", "Müəllif"),
    ("printf", "Written by %(author)s", "Müəllif: %(müəllif)s"),
    ("printf", "%s has %d books", "%d kitab %s-dadır"),
    ("printf", "%(a)s", "%(a)d"),
    ("python-brace-format", "Hello, {name}!", "Salam, {ad}!"),
    ("markup", 'Read <a href="/x">more</a>.', 'Ətraflı <a href="/x">oxuyun.'),
    ("markup", "<b><i>Hot</i></b> news", "<b><i>Qaynar</b></i> xəbərlər"),
    ("markup", 'See <a href="/x">this</a>.', 'Buna <a href="/y">baxın</a>.'),
    ("markup", "Plain text.", "Adi <b>mətn</b>."),
    ("urls", "Visit https://kitab.az/news today.", "Bu gün https://kitab.az/xeber baxın."),
    ("emails", "Write to press@kitab.az.", "pres@kitab.az ünvanına yazın."),
    ("numbers", "The fair has 250 stands.", "Sərgidə 260 stend var."),
    ("numbers", "The fair has 250 stands.", "Sərgidə stendlər var."),
    ("numbers", "It rose 3.5 percent.", "35 faiz artıb."),
    ("leading-whitespace", "Free entry", " Pulsuz giriş"),
    ("trailing-whitespace", "Free entry", "Pulsuz giriş "),
    ("newlines", "Line one\n", "Birinci sətir"),
    ("double-space", "Free entry", "Pulsuz  giriş"),
    ("end-punctuation", "What time is it?", "Saat neçədir."),
    ("end-punctuation", "Note:", "Qeyd"),
    ("end-punctuation", "Loading...", "Yüklənir"),
    ("unchanged", "The fair opens today.", "The fair opens today."),
    # UI words are not names for their capital letter: pofilter and Weblate flag these too
    ("unchanged", "Close", "Close"),
    ("unchanged", "Read more", "Read more"),
    ("repeated-words", "Hello world", "Salam salam dünya"),
    ("leftover", "Read more about the festival", "Ətraflı oxu: Read more about the festival"),
    ("sentence-count", "One. Two. Three.", "Bir. İki."),
    (
        "length-ratio",
        "The fair is held every year in Baku. This year it takes place at the Expo Center.",
        "Sərgi keçirilir.",
    ),
    ("untranslated", "Parking is limited.", ""),
]

# (check, source, translation): correct translations that the check must leave alone.
CLEAN_PAIRS = [
    ("printf", "50% of voters came", "Seçicilərin 50%-i gəldi"),
    ("printf", "%(a)s and %(b)s", "%(b)s və %(a)s"),
    ("printf", "%1$s met %2$s", "%2$s ilə %1$s görüşdü"),
    ("markup", "<b><i>Hot</i></b> news", "<i><b>Qaynar</b></i> xəbərlər"),
    ("markup", '<img src="a.png" alt="Map"> here', '<img src="a.png" alt="Xəritə"> burada'),
    ("emails", "Contact news@kitab.az.", "news@kitab.az ilə əlaqə saxlayın."),
    ("numbers", "The fair has 1,200 stands.", "Sərgidə 1.200 stend var."),
    ("numbers", "It rose 3.5 percent.", "3,5 faiz artıb."),
    ("numbers", "It cost 1,250,000 manat.", "1\u00a0250\u00a0000 manata başa gəldi."),
    ("numbers", "in 2024", "2024-cü ildə"),
    ("end-punctuation", "Loading...", "Yüklənir…"),
    ("end-punctuation", 'He said "yes."', "O «bəli» dedi."),
    ("unchanged", "Ilham Aliyev", "Ilham Aliyev"),
    ("unchanged", "BBC News", "BBC News"),
    ("unchanged", "2024", "2024"),
    ("unchanged", "Baku", "Baku"),
    ("leftover", "Ilham Aliyev spoke to BBC News.", "Ilham Aliyev BBC News ilə danışdı."),
    ("unchanged", "COP29", "COP29"),
    (
        "sentence-count",
        "Questions? Write to press@kitab.az.",
        "Sualınız var? press@kitab.az yazın.",
    ),
    ("sentence-count", "Dr. Smith arrived. He spoke.", "Dr. Smit gəldi. O danışdı."),
]


@pytest.mark.parametrize(("name", "source", "target"), DEFECTS)
def test_check_finds_defect(name: str, source: str, target: str) -> None:
    assert findings_for(name, source, target)


@pytest.mark.parametrize(("name", "source", "target"), CLEAN_PAIRS)
def test_check_leaves_correct_translation_alone(name: str, source: str, target: str) -> None:
    assert findings_for(name, source, target) == []


def test_every_check_is_documented_and_tested() -> None:
    # low-confidence: tests/test_confidence.py; language-header: tests/test_locale_rule.py
    tested = {name for name, _, _ in DEFECTS} | {
        "language-header",
        "plural-forms",
        "glossary",
        "language",
        "low-confidence",
    }
    assert set(CHECKS) - {"escapes"} <= tested
    for check in CHECKS.values():
        assert check.severity in {"error", "warning"}
        assert check.explanation and "\n" not in check.explanation


def test_clean_catalog_has_no_findings() -> None:
    assert check_catalog(CLEAN, glossary=load_glossary(GLOSSARY)) == []


def planted_line(msgid: str) -> int:
    lines = PLANTED.read_text(encoding="utf-8").splitlines()
    return lines.index(f"msgid {json.dumps(msgid, ensure_ascii=False)}") + 1


def test_planted_defects_found_exactly_where_planted() -> None:
    found = {(f.line, f.check) for f in check_catalog(PLANTED)}
    assert found == {
        (planted_line("Written by %(author)s for %(site)s"), "printf"),
        (planted_line("Welcome back, {name}!"), "python-brace-format"),
        (planted_line('See the <a href="https://kitab.az/map">map</a> of the fair.'), "markup"),
        (planted_line("The fair has 250 stands."), "numbers"),
        (planted_line("Free entry"), "leading-whitespace"),
        (planted_line("Parking is limited."), "untranslated"),
    }


def test_plural_forms(tmp_path: Path) -> None:
    path = tmp_path / "az.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: az\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "%d book"\nmsgid_plural "%d books"\nmsgstr[0] "%d kitab"\n\n'
        'msgid "One author"\nmsgid_plural "%d authors"\nmsgstr[0] ""\n',
        encoding="utf-8",
    )
    findings = check_catalog(path, only=["plural-forms"])
    assert [(f.line, f.message) for f in findings] == [
        (1, "header says nplurals=1, but az has 2 plural forms (CLDR)")
    ]
    unit = po.pounit(["%d book", "%d books"])
    unit.target = ["%d kitab", ""]
    ctx = CheckContext(target_language="az", header_nplurals=2)
    [finding] = check_entry(ctx, entry_for(unit), [CHECKS["plural-forms"]])
    assert finding.message == "plural form msgstr[1] is empty"


def test_plural_singular_may_drop_the_number() -> None:
    unit = po.pounit(["One book", "%d books"])
    unit.target = ["%d kitab", "%d kitab"]
    ctx = CheckContext(target_language="az", header_nplurals=2)
    assert check_entry(ctx, entry_for(unit), list(CHECKS.values())) == []


def test_glossary_csv_and_tbx(tmp_path: Path) -> None:
    terms = load_glossary(GLOSSARY)
    assert GlossaryTerm("book fair", "kitab sərgisi") in terms
    assert any(t.do_not_translate and t.source == "UNESCO" for t in terms)
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0"?><martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="en"><tig><term>book fair</term></tig></langSet>'
        '<langSet xml:lang="az"><tig><term>kitab sərgisi</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    assert load_glossary(tbx) == [GlossaryTerm("book fair", "kitab sərgisi")]
    glossary = (GlossaryTerm("book fair", "kitab sərgisi"), GlossaryTerm("UNESCO", "UNESCO"))
    assert findings_for("glossary", "The book fair opens.", "Sərgi açılır.", glossary=glossary)
    assert findings_for("glossary", "UNESCO praised it.", "YUNESKO təriflədi.", glossary=glossary)
    assert not findings_for(
        "glossary", "The Book Fair opens.", "Kitab Sərgisində açılış.", glossary=glossary
    )


def test_language_check_finds_english_left_in_az() -> None:
    source = "The fair will host more than 300 authors this year."
    assert findings_for("language", source, source.replace("300", "300 "))
    assert not findings_for("language", source, "Sərgidə bu il 300-dən çox müəllif olacaq.")
    # lingua judges short text too (py3langid needed four words)
    assert findings_for("language", "Share", "Share this")
    assert not findings_for("language", "Share", "Paylaş")
    # identical text is `unchanged`'s to report, not reported twice
    assert not findings_for("language", "Close", "Close")


def test_unchanged_spares_do_not_translate_glossary_terms() -> None:
    glossary = [GlossaryTerm("Expo Center", "Expo Center")]
    assert findings_for("unchanged", "Expo Center", "Expo Center")
    assert not findings_for("unchanged", "Expo Center", "Expo Center", glossary=glossary)


def test_unknown_check_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown check 'nope'"):
        select_checks(["nope"])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_check_lines_exit_codes_and_no_writes() -> None:
    runner = CliRunner()
    before = _digest(PLANTED)
    result = runner.invoke(main, ["check", str(PLANTED)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{PLANTED}:{planted_line('Free entry')}: warning leading-whitespace: " in "\n".join(
        lines
    )
    assert all(line.startswith(f"{PLANTED}:") for line in lines)
    assert _digest(PLANTED) == before
    clean = runner.invoke(main, ["check", str(QA / "clean"), "--glossary", str(GLOSSARY)])
    assert clean.exit_code == 0, clean.output
    assert clean.stdout == ""
    warnings_only = runner.invoke(main, ["check", str(PLANTED), "--only", "untranslated"])
    assert warnings_only.exit_code == 0


def test_cli_check_json_only_skip() -> None:
    result = CliRunner().invoke(main, ["check", str(PLANTED), "--json", "--skip", "untranslated"])
    data = json.loads(result.stdout)
    assert {tuple(sorted(item)) for item in data} == {
        ("check", "file", "line", "message", "msgid", "severity")
    }
    assert "untranslated" not in {item["check"] for item in data}
    only = CliRunner().invoke(main, ["check", str(PLANTED), "--json", "--only", "numbers"])
    [item] = json.loads(only.stdout)
    assert item["msgid"] == "The fair has 250 stands."
    assert item["severity"] == "error"
    bad = CliRunner().invoke(main, ["check", str(PLANTED), "--only", "nope"])
    assert bad.exit_code == 2


def test_cli_check_unreadable_input_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.po"
    broken.write_text('msgid ""\nmsgstr ""\n\nmsgid "Close"\nmsgstr "Bağla\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:" in result.output
    assert "Traceback" not in result.output
    missing = CliRunner().invoke(main, ["check", str(tmp_path / "missing.po")])
    assert missing.exit_code == 2


def test_check_list_needs_no_paths() -> None:
    """`check --list` is a question about the tool, not about catalogs: no PATHS, exit 0."""
    result = CliRunner().invoke(main, ["check", "--list"])
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == list(CHECKS)
    assert CliRunner().invoke(main, ["check"]).exit_code == 2  # PATHS still required otherwise
