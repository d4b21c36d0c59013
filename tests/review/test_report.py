"""`cliqsim consents report --out FILE.html|.md`: one page, everything a reviewer needs, escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cliqsim.commands._report import md, md_code

from .helpers import NEARBY_TOML, cli, write_package

HOSTILE_DG = """\
info user;
r = invokeurl [ url: "https://<img src=x onerror=alert(1)>.example/`x`" type: GET ];
e = user.get("email");
zoho.cliq.postToChannel("sales", {"text": e});
"""


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "components"
    write_package(root, "nearby", NEARBY_TOML,
                  {"execution.dg": HOSTILE_DG})
    return root


def test_markdown_report_lists_items_accounts_lines_flows_and_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.md"
    code, said, _ = cli(capsys, "consents", "report", "--components", str(folder(tmp_path)),
                        "--out", str(out))
    assert code == 0 and f"Wrote {out}: 1 components" in said
    page = out.read_text(encoding="utf-8")
    assert "| /nearby | command |" in page
    assert "- **object** `user.email` — your account: Reads your email address" in page
    assert "execution.dg:3:5` `e = user.get(\"email\");`" in page
    assert "→ posted to #sales" in page
    assert "### Privacy findings" in page and "**CP001 whole-object** (warning)" in page
    assert "**CP002 unused-connection**" in page and "component.toml:7:1" in page
    for line in page.splitlines():  # raw text from the package only inside code spans
        if "<img" in line:
            outside = re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", line)
            assert not re.search(r"(?<!\\)<img", outside), line


def test_html_report_is_one_escaped_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.html"
    code, _, _ = cli(capsys, "consents", "report", "--components", str(folder(tmp_path)),
                     "--out", str(out))
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page

    class Tags(HTMLParser):
        seen: set[str] = set()

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.seen.add(tag)

    parser = Tags()
    parser.feed(page)
    assert parser.seen <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3",
                           "small", "table", "tr", "th", "td", "a", "p", "code", "section",
                           "ul", "li", "span", "br"}
    assert 'class="flow">→ posted to #sales' in page
    assert "CP001 whole-object" in page


def test_report_needs_an_html_or_md_file(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "consents", "report", "--out", str(tmp_path / "r.pdf"))
    assert code == 2 and "name a .html or .md file" in err
    code, _, err = cli(capsys, "consents", "report", "--out", str(tmp_path / "no" / "r.md"))
    assert code == 2 and "does not exist" in err


def test_markdown_escapes_hold_any_text() -> None:
    assert md("a*b_c [x](y) <b> | ~") == "a\\*b\\_c \\[x\\](y) \\<b\\> \\| \\~"
    assert md_code("a ``b`` c") == "```a ``b`` c```"
    assert md_code("`x`") == "`` `x` ``"
