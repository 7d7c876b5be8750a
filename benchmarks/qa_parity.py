"""How far do the placeholder checks agree with `msgfmt -c` and pofilter on real catalogs?

For every catalog, entry by entry (translated, not fuzzy: what all three look at), it runs:

  check     i18n_pipeline.qa.checks.check_catalog, checks `printf` and `python-brace-format`
  msgfmt    GNU `msgfmt -c`: each error line is mapped to the entry it falls in; an entry
            flagged `python-format`/`c-format` counts for `printf`, `python-brace-format` for
            `python-brace-format` (msgfmt checks nothing else)
  pofilter  Translate Toolkit's `printf` and `pythonbraceformat` filters, run as `pofilter`
            runs them (TeeChecker.run_filters on each unit), in this process

and prints, per check, how many entries each tool rejects and where they agree; then every
disagreement with msgfmt (file:line, both messages), so the next change to a check shows its
effect. msgfmt only checks entries with a format flag; `check` also checks entries without one,
counted on their own line ("no flag").

Catalogs: PO files or directories given on the command line. With none, the locale catalogs of
Django (core, admin, humanize), Wagtail and Sphinx for ar az ja pl ru tr uk, unpacked from the
wheels in --wheels (default /tmp/wheels; fetch them with
`pip download --no-deps django wagtail sphinx -d /tmp/wheels`); with no wheels either it says so
and exits 0. Without msgfmt on PATH the msgfmt columns are empty.

Run: python benchmarks/qa_parity.py [PATH ...] [--wheels DIR] [--list N] [--json]
     (--json: the figures as one JSON object on the last line)
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.filters import checks as tt_checks  # noqa: E402

from i18n_pipeline.catalogs import catalog_paths, read_catalog  # noqa: E402
from i18n_pipeline.qa.checks import (  # noqa: E402
    check_store,
    entry_for,
    live_units,
    msgid_line,
    select_checks,
)
from i18n_pipeline.qa.checks.running import context_for  # noqa: E402

CHECKS = ("printf", "python-brace-format")
POFILTER = {"printf": "printf", "python-brace-format": "pythonbraceformat"}
LANGUAGES = ("ar", "az", "ja", "pl", "ru", "tr", "uk")
# Which catalogs of each wheel: Django core/admin/humanize, all of Wagtail, Sphinx.
WHEEL_PARTS = re.compile(
    r"^(django/conf|django/contrib/admin|django/contrib/humanize|wagtail/.*|sphinx)"
    rf"/locale/({'|'.join(LANGUAGES)})/LC_MESSAGES/[^/]+\.po$"
)
_MSGFMT_LINE = re.compile(r"^(.*?):(\d+): (?!warning:)(.*)$")


@dataclass
class Verdicts:
    """Per check: the entries (file, line) each tool rejects, with its message."""

    checked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECKS, 0))
    tool: dict[tuple[str, str], dict[tuple[str, int], str]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    unflagged: dict[str, dict[tuple[str, int], str]] = field(
        default_factory=lambda: defaultdict(dict)
    )


def _format_check(flags: frozenset[str]) -> str | None:
    """The check whose placeholders msgfmt verifies for an entry with these flags."""
    if "python-brace-format" in flags:
        return "python-brace-format"
    if flags & {"python-format", "c-format"}:
        return "printf"
    return None


def _msgfmt_errors(path: Path) -> list[tuple[int, str]]:
    """(line, message) of each error `msgfmt -c` reports, warnings left out."""
    if shutil.which("msgfmt") is None:
        return []
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    found = []
    for line in done.stderr.splitlines():
        match = _MSGFMT_LINE.match(line)
        if match and Path(match.group(1)) == path:
            found.append((int(match.group(2)), match.group(3)))
    return found


def compare_catalog(path: Path, verdicts: Verdicts) -> None:
    """Add one catalog's verdicts from the three tools."""
    store = read_catalog(path)
    context = context_for(store, path)
    units = [u for u in live_units(store) if u.istranslated()]
    starts = [u.line_number or 0 for u in units]
    lines = path.read_bytes().splitlines()
    where = {id(u): (str(path), msgid_line(u, lines)) for u in units}
    kind = {id(u): _format_check(entry_for(u).flags) for u in units}
    for unit in units:
        if kind[id(unit)] in CHECKS:
            verdicts.checked[str(kind[id(unit)])] += 1
    # msgfmt: an error line falls inside the entry that starts last at or before it.
    for line, message in _msgfmt_errors(path):
        index = bisect.bisect_right(starts, line) - 1
        if index >= 0 and kind[id(units[index])] in CHECKS:
            key = where[id(units[index])]
            verdicts.tool[("msgfmt", str(kind[id(units[index])]))].setdefault(key, message)
    # check: what `i18n-pipeline check --only printf,python-brace-format` reports.
    by_line = {where[id(u)]: u for u in units}
    for finding in check_store(store, path, select_checks(CHECKS)):
        key = (finding.file, finding.line)
        unit = by_line.get(key)
        if unit is None:
            continue
        if kind[id(unit)] == finding.check:
            verdicts.tool[("check", finding.check)][key] = finding.message
        elif kind[id(unit)] is None:
            verdicts.unflagged[finding.check][key] = finding.message
    # pofilter: its two filters, on the entries with the matching flag.
    config = tt_checks.CheckerConfig(targetlanguage=context.target_language or None)
    checker = tt_checks.TeeChecker(
        checkerconfig=config,
        limitfilters=list(POFILTER.values()),
        checkerclasses=[tt_checks.StandardChecker],
        languagecode=context.target_language,
    )
    for unit in units:
        name = kind[id(unit)]
        if name not in CHECKS:
            continue
        failures = checker.run_filters(unit, categorised=True)
        if POFILTER[str(name)] in failures:
            message = str(failures[POFILTER[str(name)]]["message"])
            verdicts.tool[("pofilter", str(name))][where[id(unit)]] = message


def wheel_catalogs(wheels: Path, into: Path) -> list[Path]:
    """Unpack the chosen locale catalogs of every wheel in `wheels`."""
    out = []
    for wheel in sorted(wheels.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if WHEEL_PARTS.match(name):
                    target = into / wheel.name.split("-")[0] / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
                    out.append(target)
    return sorted(out)


def summarise(verdicts: Verdicts) -> dict[str, dict[str, int]]:
    """Per check: entries checked, rejected by each tool, and the agreement with msgfmt."""
    table = {}
    for name in CHECKS:
        msgfmt = set(verdicts.tool[("msgfmt", name)])
        ours = set(verdicts.tool[("check", name)])
        pofilter = set(verdicts.tool[("pofilter", name)])
        table[name] = {
            "entries": verdicts.checked[name],
            "msgfmt": len(msgfmt),
            "check": len(ours),
            "check_and_msgfmt": len(ours & msgfmt),
            "msgfmt_only": len(msgfmt - ours),
            "check_only": len(ours - msgfmt),
            "pofilter": len(pofilter),
            "pofilter_and_msgfmt": len(pofilter & msgfmt),
            "pofilter_only": len(pofilter - msgfmt),
            "check_no_flag": len(verdicts.unflagged[name]),
        }
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PO files or directories")
    parser.add_argument("--wheels", type=Path, default=Path("/tmp/wheels"))
    parser.add_argument("--list", type=int, default=20, help="disagreements to list per check")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        if args.paths:
            paths = catalog_paths(args.paths)
        else:
            paths = wheel_catalogs(args.wheels, Path(scratch)) if args.wheels.is_dir() else []
            if not paths:
                print(f"no catalogs given and no wheels in {args.wheels}: nothing to compare")
                return 0
        verdicts = Verdicts()
        for path in paths:
            compare_catalog(path, verdicts)
        table = summarise(verdicts)
        has_msgfmt = shutil.which("msgfmt") is not None
        print(f"{len(paths)} catalogs; msgfmt -c {'run' if has_msgfmt else 'NOT INSTALLED'}")
        header = ["check", "entries", "msgfmt", "check", "both", "msgfmt only", "check only"]
        header += ["pofilter", "pofilter&msgfmt", "pofilter only", "check, no flag"]
        print(" | ".join(header))
        for name, row in table.items():
            print(" | ".join([name, *(str(v) for v in row.values())]))
        for name in CHECKS:
            msgfmt = verdicts.tool[("msgfmt", name)]
            ours = verdicts.tool[("check", name)]
            differ = sorted(set(msgfmt) ^ set(ours))
            for file, line in differ[: args.list]:
                side = "msgfmt only" if (file, line) in msgfmt else "check only"
                said = msgfmt.get((file, line)) or ours.get((file, line))
                print(f"{name} {side}: {file}:{line}: {said}")
        if args.json:
            print(json.dumps({"catalogs": len(paths), "msgfmt": has_msgfmt, "checks": table}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
