"""`cliqsim consents report [--components DIR] --out FILE.html|.md`: one page for a reviewer.

For every component: its consent items with whose account each uses, the code lines that need
it and where each field's value ends up (data flow), and the privacy lint's findings. The page
is self-contained (HTML with its own small stylesheet, or Markdown); every text that comes from
a package is escaped, so code and names are shown, never interpreted.
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cliqsim.consent.target_text import shown_target
from cliqsim.errors import UsageError

if TYPE_CHECKING:
    from cliqsim.consent.items import ConsentItem
    from cliqsim.platform.review import ComponentReview, FolderReview

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def report_command(args: argparse.Namespace) -> int:
    from cliqsim.commands._review import _write_atomically, open_review, report_load_errors

    out = Path(args.out)
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise UsageError(f"--out {out}: name a .html or .md file")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    review = open_review(args)
    text = render_html(review) if kind == "html" else render_markdown(review)
    _write_atomically(out, text)
    report_load_errors(review)
    findings = sum(len(c.findings) for c in review.components)
    print(f"Wrote {out}: {len(review.components)} components, "
          f"{sum(len(c.manifest.items) for c in review.components)} items, "
          f"{findings} finding{'s' if findings != 1 else ''}.")
    return 1 if review.errors else 0


def _whose(item: ConsentItem) -> str:
    whose = "your account" if item.credentials == "user" else "admin's account"
    return f"{whose} ({item.connection})" if item.connection else whose


def _flows_for(component: ComponentReview, item: ConsentItem) -> list[str]:
    return [f"→ {flow.to} ({component.where(flow.location, column=False)})"
            for flow in component.flows if flow.source == item.target]


def _finding_where(component: ComponentReview, finding: object) -> str:
    path, line, column, _, _ = component.finding_place(finding)  # type: ignore[arg-type]
    return f"{path}:{line}:{column}"


# ---- Markdown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")  # text never starts a line: no #, -, +


def md(text: str) -> str:
    """Text shown literally in Markdown (every special character escaped, lines joined)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def md_code(text: str) -> str:
    """Inline code that holds any text (a fence longer than any backtick run inside)."""
    text = " ".join(text.splitlines())
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(review: FolderReview) -> str:
    out = [f"# Consent review: {md(str(review.folder))}", ""]
    out += _md_summary(review.components)
    for error in review.errors:
        out.append(f"- **Did not load:** {md(error.message)}")
    if review.errors:
        out.append("")
    for component in review.components:
        out += _md_component(component)
    return "\n".join(out) + "\n"


def _md_summary(components: Iterable[ComponentReview]) -> list[str]:
    out = ["| component | type | items | flagged | findings |", "|---|---|---|---|---|"]
    for c in components:
        flagged = sum(1 for i in c.manifest.items if i.flagged)
        out.append(f"| {md(c.manifest.display_name)} | {md(c.manifest.component_type)} | "
                   f"{len(c.manifest.items)} | {flagged} | {len(c.findings)} |")
    return out + [""]


def _md_component(component: ComponentReview) -> list[str]:
    manifest = component.manifest
    out = [f"## {md(manifest.display_name)} ({md(manifest.component_type)}, {md(component.id)})",
           "", f"Fingerprint {md_code(manifest.fingerprint)}", ""]
    if not manifest.items:
        out += ["Needs no consent.", ""]
    for item in manifest.items:
        flag = " **[!]**" if item.flagged else ""
        target = md_code(shown_target(item.target))
        out.append(f"- **{md(item.kind)}** {target} — {md(_whose(item))}: "
                   f"{md(item.purpose)}{flag}")
        if item.note:
            out.append(f"  - note: {md(item.note)}")
        for location in item.locations:
            out.append(f"  - {md_code(component.where(location))} {md_code(location.text)}")
        for flow in _flows_for(component, item):
            out.append(f"  - {md(flow)}")
    out.append("")
    if component.findings:
        out += ["### Privacy findings", ""]
        for finding in component.findings:
            out.append(f"- **{finding.code} {md(finding.rule.name)}** ({finding.severity}) "
                       f"{md_code(_finding_where(component, finding))}: {md(finding.message)}")
            out.append(f"  - fix: {md(finding.fix)}")
        out.append("")
    return out


# ---- HTML


_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
table { border-collapse: collapse; } th, td { text-align: left; padding: .25rem .6rem; border-bottom: 1px solid #eee; vertical-align: top; }
code { font: 13px ui-monospace, monospace; background: #f4f4f6; padding: 0 .2rem; border-radius: 3px; white-space: pre-wrap; }
.flag { color: #b3261e; font-weight: 600; } .note { color: #6b4e00; } .flow { color: #0b5394; }
.warning { color: #b3261e; } .kind { font-variant: small-caps; color: #555; }
ul.where { list-style: none; padding-left: 1rem; margin: .2rem 0 .6rem; }
"""  # noqa: E501


def h(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(review: FolderReview) -> str:
    title = f"Consent review: {review.folder}"
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{h(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{h(title)}</h1>", "<table>",
           "<tr><th>component</th><th>type</th><th>items</th><th>flagged</th>"
           "<th>findings</th></tr>"]
    for c in review.components:
        flagged = sum(1 for i in c.manifest.items if i.flagged)
        out.append(f'<tr><td><a href="#c-{h(c.id)}">{h(c.manifest.display_name)}</a></td>'
                   f"<td>{h(c.manifest.component_type)}</td><td>{len(c.manifest.items)}</td>"
                   f"<td>{flagged}</td><td>{len(c.findings)}</td></tr>")
    out.append("</table>")
    for error in review.errors:
        out.append(f'<p class="flag">Did not load: {h(error.message)}</p>')
    for component in review.components:
        out += _html_component(component)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_component(component: ComponentReview) -> list[str]:
    manifest = component.manifest
    out = [f'<section id="c-{h(component.id)}">',
           f"<h2>{h(manifest.display_name)} <small>({h(manifest.component_type)}, "
           f"{h(component.id)})</small></h2>",
           f"<p>Fingerprint <code>{h(manifest.fingerprint)}</code></p>"]
    if not manifest.items:
        out.append("<p>Needs no consent.</p>")
    out.append("<ul>")
    for item in manifest.items:
        flag = ' <span class="flag">[!]</span>' if item.flagged else ""
        target = h(shown_target(item.target))
        out.append(f'<li><span class="kind">{h(item.kind)}</span> <code>{target}</code>'
                   f" — {h(_whose(item))}: {h(item.purpose)}{flag}")
        out.append('<ul class="where">')
        if item.note:
            out.append(f'<li class="note">note: {h(item.note)}</li>')
        for location in item.locations:
            out.append(f"<li><code>{h(component.where(location))}</code> "
                       f"<code>{h(location.text)}</code></li>")
        for flow in _flows_for(component, item):
            out.append(f'<li class="flow">{h(flow)}</li>')
        out.append("</ul></li>")
    out.append("</ul>")
    if component.findings:
        out.append("<h3>Privacy findings</h3><ul>")
        for finding in component.findings:
            out.append(f'<li><span class="{h(finding.severity)}">{h(finding.code)} '
                       f"{h(finding.rule.name)}</span> "
                       f"<code>{h(_finding_where(component, finding))}</code>: "
                       f"{h(finding.message)}<br>fix: {h(finding.fix)}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out
