"""The report as one self-contained HTML file: inline CSS, no scripts, fonts or images fetched from anywhere."""

from __future__ import annotations

from html import escape
from typing import Any

from tta_timeline.output.document_md import WORDS
from tta_timeline.output.integrity import audit_line, certified_line

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.7rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}
td.n{text-align:right}ul.checks{list-style:none;padding-left:0}ul.checks li{margin:.2rem 0}
.box{font-family:ui-monospace,monospace}.detail{color:#57606a;font-style:italic}
.word{font-weight:600}pre{background:#f6f8fa;padding:.8rem;overflow-x:auto;font-size:13px}
"""


def render_html(doc: dict[str, Any]) -> str:
    parts = [f"<h1>{escape(doc['title'])}</h1>", _status(doc), _overview(doc)]
    parts += [_phase(p) for p in doc["phases"]]
    parts += [_progress(doc), _checklist(doc), _timeline(doc)]
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _status(doc: dict[str, Any]) -> str:
    st = doc["status"]
    text = f"<strong>Status:</strong> {escape(st['word'])}, {st['complete']}/{st['total']} phases complete"
    if st["current_phase"] is not None:
        text += f"; current phase: {st['current_phase']} ({escape(st['current_name'])})"
    if doc["generated_at"]:
        text += f"<br><strong>Generated:</strong> {escape(doc['generated_at'])}"
    if doc.get("audit"):
        text += f"<br><strong>Audit:</strong> {escape(audit_line(doc))}"
    return f"<p>{text}</p>"


def _overview(doc: dict[str, Any]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("#", "Phase", "State", "Checks", "Estimate", "Actual", "Completed"))
    rows = []
    for p in doc["phases"]:
        cells = [
            (str(p["id"]), "n"),
            (p["name"], ""),
            (f"{p['mark']} {p['word']}", ""),
            (f"{p['checks_passed']}/{p['checks_total']}", "n"),
            (p["estimate"] or "-", "n"),
            (p["actual"] or "-", "n"),
            (p["completed"] or "-", ""),
        ]
        rows.append(
            "<tr>"
            + "".join(f'<td class="{c}">{escape(v)}</td>' if c else f"<td>{escape(v)}</td>" for v, c in cells)
            + "</tr>"
        )
    return f"<h2>Overview</h2>\n<table>\n<tr>{head}</tr>\n" + "\n".join(rows) + "\n</table>"


def _phase(p: dict[str, Any]) -> str:
    note = f": {escape(p['note'])}" if p.get("note") else ""
    out = [
        f'<h2 id="phase-{p["id"]}">{p["mark"]} Phase {p["id"]}: {escape(p["name"])} '
        f'<span class="word">({p["word"]}{note})</span></h2>'
    ]
    if p["objective"]:
        out.append(f"<p><strong>Objective:</strong> {escape(p['objective'])}</p>")
    completed = f" (Completed: {p['completed']})" if p["completed"] else ""
    out.append(
        f"<p><strong>Estimate:</strong> {escape(p['estimate'] or 'none')}{completed}<br>"
        f"<strong>Actual:</strong> {escape(p['actual'] or 'not recorded')}; "
        + (
            f"<strong>Slip:</strong> {escape(p['slip'])}</p>"
            if p["slip"]
            else f"<strong>Forecast:</strong> about {escape(p['forecast'])}</p>"
        )
    )
    if p["tests"]:
        out.append(f"<p><strong>Tests:</strong> {p['tests']['passed']}/{p['tests']['total']} passed</p>")
    certified = certified_line(p.get("certificate"))
    if certified:
        out.append(f"<p><strong>Certified:</strong> {escape(certified)}</p>")
    items = [_check(c) for c in p["checks"]] or ["<li>No checks defined.</li>"]
    out.append('<ul class="checks">\n' + "\n".join(items) + "\n</ul>")
    out += (
        _files(p.get("files_changed")) + _test_results(p.get("test_results") or []) + _lessons(p.get("lessons") or [])
    )
    return "\n".join(out)


def _files(files: dict[str, Any] | None) -> list[str]:
    if not files:
        return []
    items = [
        f"<li>{WORDS.get(f['status'], escape(f['status']))} <code>{escape(f['path'])}</code></li>"
        for f in files["files"]
    ]
    if files["more"]:
        items.append(f"<li>and {files['more']} more</li>")
    body = "<ul>\n" + "\n".join(items) + "\n</ul>" if items else "<p>No committed changes between the two commits.</p>"
    return [f"<h3>Files Created/Modified (git {escape(files['from'][:10])}..{escape(files['to'][:10])})</h3>", body]


def _test_results(results: list[dict[str, Any]]) -> list[str]:
    if not results:
        return []
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Check", "File", "Passed", "Failed", "Errors", "Skipped", "Total", "Pass rate", "Latest")
    )
    rows = []
    for r in results:
        c = r["counts"] or {}
        nums = "".join(
            f'<td class="n">{c[k] if c else "-"}</td>' for k in ("passed", "failed", "errors", "skipped", "total")
        )
        rate = f"{r['pass_rate']:.1%}" if r["pass_rate"] is not None else "-"
        latest = f"{r['status']} on {r['date']}" if r["date"] else r["status"]
        rows.append(
            f"<tr><td><code>{escape(r['check'])}</code></td><td>{escape(r['file'])}</td>{nums}"
            f'<td class="n">{rate}</td><td>{escape(latest)}</td></tr>'
        )
    return ["<h3>Test Results</h3>", f"<table>\n<tr>{head}</tr>\n" + "\n".join(rows) + "\n</table>"]


def _lessons(lessons: list[dict[str, Any]]) -> list[str]:
    if not lessons:
        return []
    items = "\n".join(f"<li>{escape(item['text'])}</li>" for item in lessons)
    return ["<h3>Lessons Learned</h3>", f"<ol>\n{items}\n</ol>"]


def _check(c: dict[str, Any]) -> str:
    box = "[x]" if c["done"] else "[ ]"
    text = f": {escape(c['text'])}" if c["text"] else ""
    advisory = " (advisory)" if not c["required"] else ""
    return (
        f'<li><span class="box">{box}</span> <strong>{escape(c["title"])}</strong>{text}{advisory} '
        f'<span class="detail">({escape(c["detail"])})</span></li>'
    )


def _progress(doc: dict[str, Any]) -> str:
    items = "\n".join(
        f"<li>{p['mark']} <strong>Phase {p['id']} ({p['word']})</strong>: {escape(p['name'])}, "
        f"{p['checks_passed']}/{p['checks_total']} checks</li>"
        for p in doc["phases"]
    )
    pr = doc["progress"]
    return (
        f"<h2>Progress Summary</h2>\n<ul>\n{items}\n</ul>\n<p><strong>Checks:</strong> "
        f"{pr['checks_passed']}/{pr['checks_total']} passing. {escape(pr['forecast'])}</p>"
    )


def _checklist(doc: dict[str, Any]) -> str:
    items = "\n".join(
        f'<li><span class="box">{"[x]" if i["done"] else "[ ]"}</span> {escape(i["text"])}</li>'
        for i in doc["checklist"]
    )
    return f'<h2>Validation Checklist</h2>\n<ul class="checks">\n{items}\n</ul>'


def _timeline(doc: dict[str, Any]) -> str:
    return f"<h2>Timeline</h2>\n<pre>{escape(doc['timeline']['text'])}</pre>"
