"""A static, self-contained HTML review report: side by side, filterable, opens offline.

Everything a catalog holds is escaped with `html.escape` before it reaches the page (a msgid
may well contain `<script>`); CSS and JavaScript are inline, there are no external assets.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from i18n_pipeline import __version__
from i18n_pipeline.catalogs import (
    MT_CHECK_PREFIX,
    MT_PREFIX,
    Unit,
    entry_state,
    machine_score,
    own_comments,
    read_catalog,
    write_atomic,
)
from i18n_pipeline.locales import counted
from i18n_pipeline.qa.checks import (
    CHECKS,
    Finding,
    GlossaryTerm,
    check_entry,
    context_for,
    entry_for,
    header_findings,
    live_units,
    msgid_line,
)
from i18n_pipeline.qa.stats import CatalogStats, store_stats

_CSS = """
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--mute:#6b7385;--line:#e3e6ec;--err:#c62828;
--warn:#b26a00;--ok:#2e7d32;--fuzzy:#8e24aa;--un:#78839a;--accent:#1e5bd6}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",
Roboto,"DejaVu Sans",sans-serif;background:var(--bg);color:var(--ink)}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#b9c1d3;font-size:13px}
main{padding:20px 28px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;
min-width:250px}
.card h2{font-size:14px;margin:0 0 6px}.card .path{color:var(--mute);font-size:12px}
.bar{display:flex;height:8px;border-radius:4px;overflow:hidden;background:var(--line);margin:8px 0}
.bar span{display:block}.bar .t{background:var(--ok)}.bar .f{background:var(--fuzzy)}
.bar .u{background:var(--un)}
.nums{font-size:12px;color:var(--mute)}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);padding:10px 0;display:flex;
flex-wrap:wrap;gap:14px;align-items:center;border-bottom:1px solid var(--line);margin-bottom:12px}
.filters label{font-size:13px;cursor:pointer}.filters select,.filters input[type=search]{
font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
#shown{color:var(--mute);font-size:13px;margin-left:auto}
table{width:100%;border-collapse:separate;border-spacing:0;background:var(--card);
border:1px solid var(--line);border-radius:8px;overflow:hidden;table-layout:fixed}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;
color:var(--mute);background:#fafbfc;padding:8px 10px;border-bottom:1px solid var(--line)}
td{vertical-align:top;padding:10px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
tr:last-child td{border-bottom:0}
col.n{width:120px}col.s{width:118px}col.f{width:24%}
.badge{white-space:nowrap}
tr.error td:first-child{box-shadow:inset 3px 0 var(--err)}
tr.warning td:first-child{box-shadow:inset 3px 0 var(--warn)}
.text{white-space:pre-wrap}.ws{background:#ffe0b2;border-radius:2px}
.loc{color:var(--mute);font-size:12px}
.badge{display:inline-block;font-size:11px;font-weight:600;padding:2px 8px;border-radius:10px;
color:#fff}.translated{background:var(--ok)}.fuzzy{background:var(--fuzzy)}
.untranslated{background:var(--un)}
.finding{font-size:12.5px;margin-bottom:4px}.finding b{font-weight:600}
.finding.error b{color:var(--err)}.finding.warning b{color:var(--warn)}
.prov{color:var(--mute);font-size:12px;margin-top:6px}
.diff del{background:#ffd6d6;text-decoration:line-through}.diff ins{background:#d4f7d4;
text-decoration:none}
.none{color:var(--mute);font-style:italic}
tr.hidden{display:none}
"""

_JS = """
(function(){
  const status=document.getElementById('status'),check=document.getElementById('check'),
        q=document.getElementById('q'),rows=[...document.querySelectorAll('tbody tr')],
        shown=document.getElementById('shown');
  function apply(){
    const s=status.value,c=check.value,t=q.value.toLowerCase();let n=0;
    for(const r of rows){
      const ok=(s===''||r.dataset.status===s)&&(c===''||r.dataset.checks.split(' ').includes(c))
        &&(t===''||r.textContent.toLowerCase().includes(t));
      r.classList.toggle('hidden',!ok);if(ok)n++;
    }
    shown.textContent=n+' of '+rows.length+' entries';
  }
  const order=document.getElementById('order'),body=document.querySelector('tbody');
  function sort(){
    // Least confident machine output first; entries without a score keep file order, after.
    const key=r=>r.dataset.score===''?Infinity:parseFloat(r.dataset.score);
    const sorted=order.value==='score'?[...rows].sort((a,b)=>key(a)-key(b)):rows;
    for(const r of sorted)body.appendChild(r);
  }
  order.addEventListener('input',sort);
  for(const el of [status,check,q])el.addEventListener('input',apply);
  sort();apply();
})();
"""


def _text(value: str) -> str:
    """Escaped text with leading/trailing whitespace made visible (it matters in a catalog)."""
    if not value:
        return '<span class="none">(none)</span>'
    core = value.strip()
    start = value[: len(value) - len(value.lstrip())]
    end = value[len(value.rstrip()) :] if core else ""
    marker = '<span class="ws" title="whitespace">{}</span>'
    out = []
    if start:
        out.append(marker.format(html.escape(start.replace(" ", "·"))))
    out.append(html.escape(core))
    if end:
        out.append(marker.format(html.escape(end.replace(" ", "·"))))
    return "".join(out)


def _diff_html(old: str, new: str) -> str:
    """The previous-msgid diff as <del>/<ins>, every piece escaped."""
    a = re.findall(r"\s+|\w+|[^\w\s]", old)
    b = re.findall(r"\s+|\w+|[^\w\s]", new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _row(path: str, unit: Unit, line: int, findings: Sequence[Finding]) -> str:
    state = entry_state(unit)
    sources = [str(s) for s in unit.source.strings] if unit.hasplural() else [str(unit.source)]
    if unit.hasplural():
        targets = [str(s) for s in unit.target.strings] if unit.target else [""]
    else:
        targets = [str(unit.target or "")]
    source_html = "<br>".join(f'<div class="text">{_text(s)}</div>' for s in sources)
    if unit.getcontext():
        source_html = f'<div class="loc">context: {html.escape(unit.getcontext())}</div>' + (
            source_html
        )
    if unit.prev_source:
        source_html += (
            '<div class="prov diff">changed from the previous source: '
            f"{_diff_html(str(unit.prev_source), sources[0])}</div>"
        )
    target_html = "".join(
        f'<div class="text">{"" if len(targets) == 1 else f"[{i}] "}{_text(t)}</div>'
        for i, t in enumerate(targets)
    )
    provenance = [f"machine: {p}" for p in own_comments(unit, MT_PREFIX)]
    score = machine_score(unit)
    if score is not None:
        provenance.append(f"model confidence: {score:.2f}")
    provenance += [f"mt-check: {p}" for p in own_comments(unit, MT_CHECK_PREFIX)]
    if provenance:
        target_html += "".join(f'<div class="prov">{html.escape(p)}</div>' for p in provenance)
    findings_html = "".join(
        f'<div class="finding {f.severity}"><b>{html.escape(f.check)}</b> '
        f"{html.escape(f.message)}</div>"
        for f in findings
    )
    checks = " ".join(sorted({f.check for f in findings}))
    worst = min((f.severity for f in findings), default="")  # "error" < "warning"
    location = f"{html.escape(Path(path).name)}:{line}"
    return (
        f'<tr class="{worst}" data-status="{state}" data-checks="{html.escape(checks)}" '
        f'data-score="{"" if score is None else f"{score:.4f}"}">'
        f'<td><span class="loc" title="{html.escape(path)}:{line}">{location}</span></td>'
        f"<td>{source_html}</td><td>{target_html}</td>"
        f'<td><span class="badge {state}">{state}</span></td>'
        f"<td>{findings_html}</td></tr>"
    )


def _card(stats: CatalogStats) -> str:
    total = stats.total or 1
    widths = [100 * getattr(stats, s).entries / total for s in ("translated", "fuzzy")]
    widths.append(100 - sum(widths))
    return (
        f'<div class="card"><h2>{html.escape(stats.locale or "?")} · '
        f'{html.escape(stats.domain)}</h2><div class="path">{html.escape(stats.path)}</div>'
        f'<div class="bar"><span class="t" style="width:{widths[0]:.1f}%"></span>'
        f'<span class="f" style="width:{widths[1]:.1f}%"></span>'
        f'<span class="u" style="width:{widths[2]:.1f}%"></span></div>'
        f'<div class="nums">{stats.percent:.0f}% complete · {stats.translated.entries} '
        f"translated · {stats.fuzzy.entries} fuzzy · {stats.untranslated.entries} untranslated"
        f" · {stats.obsolete.entries} obsolete · {stats.total_words} source words</div></div>"
    )


def render_report(paths: Iterable[str | Path], glossary: Sequence[GlossaryTerm] = ()) -> str:
    """The whole report as one HTML string: a card per catalog, then every live entry."""
    cards: list[str] = []
    rows: list[str] = []
    seen_checks: set[str] = set()
    counts = {"error": 0, "warning": 0}
    selected = list(CHECKS.values())
    for raw in paths:
        path = Path(raw)
        store = read_catalog(path)
        context = context_for(store, path, glossary)
        cards.append(_card(store_stats(store, path)))
        lines = path.read_bytes().splitlines()
        header = header_findings(store, str(path), context)  # shown on the first entry
        for unit in live_units(store):
            line = msgid_line(unit, lines)
            findings = header + check_entry(context, entry_for(unit), selected, str(path), line)
            header = []
            for finding in findings:
                seen_checks.add(finding.check)
                counts[finding.severity] += 1
            rows.append(_row(str(path), unit, line, findings))
    check_options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(name)}</option>'
        for name in sorted(seen_checks)
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    summary = " · ".join(
        [
            counted(len(cards), "catalog"),
            counted(counts["error"], "error"),
            counted(counts["warning"], "warning"),
        ]
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation review report</title><style>{_CSS}</style></head>
<body><header><h1>Translation review report</h1>
<p>{html.escape(summary)} · generated {generated} by i18n-pipeline {__version__}</p></header>
<main><section class="cards">{"".join(cards)}</section>
<div class="filters">
<label>Status <select id="status"><option value="">all</option>
<option value="translated">translated</option><option value="fuzzy">fuzzy</option>
<option value="untranslated">untranslated</option></select></label>
<label>Check <select id="check"><option value="">all</option>{check_options}</select></label>
<label>Order <select id="order"><option value="file">file order</option>
<option value="score">least confident first</option></select></label>
<label>Search <input id="q" type="search" placeholder="text in source or translation"></label>
<span id="shown"></span></div>
<table><colgroup><col class="n"><col><col><col class="s"><col class="f"></colgroup>
<thead><tr><th>Entry</th><th>Source</th><th>Translation</th><th>Status</th><th>Findings</th>
</tr></thead><tbody>
{"".join(rows)}
</tbody></table></main>
<script>{_JS}</script>
</body></html>
"""


def write_report(
    paths: Iterable[str | Path], out: str | Path, glossary: Sequence[GlossaryTerm] = ()
) -> None:
    """Write the report atomically, like every file this tool writes."""
    write_atomic(Path(out), render_report(paths, glossary).encode("utf-8"))
