"""Zoho Creator statements that people paste into Cliq scripts, refused as such.

Deluge in Zoho Creator has statements that only make sense with Creator's forms; Cliq's Deluge
refuses them. The parser reads the common forms into the AST (`ast.CreatorFetch`,
`ast.CreatorStatement`, listed in `Script.creator`); `cliqsim check` reports each and the
compiler refuses the script for the first, with `message(node)`: what it is and what to use in
Cliq. Forms the grammar does not read (`Form[criteria] sort by Field`, ...) still fail to parse,
and `explain(source, line)` names the failed line as Creator syntax instead of a bare
"Improper Statement":

* a record fetch `Form[criteria]` (`r = Employee[Name == "x"];`, `for each r in Leave[...]`),
* `insert into Form [ Field = value ... ];` and `delete from Form[criteria];`,
* a function definition inside a script (`void notify(string a) { ... }` after statements, or a
  second one): Cliq saves one function per script,
* a field assignment `input.Status = "Approved";` or `rec.Status = "Done";` (the submitted form's
  field, or a field of a fetched record; `explain` only),
* a form action such as `alert "..."`, `cancel submit;`, `hide Field;`, `openUrl(...)`
  (`explain` only).

`explain(source, line)` gives the message for that line, or None when it is not Creator syntax.
"""

from __future__ import annotations

import re

from cliqsim.deluge import ast as dast
from cliqsim.deluge.source import Source

CREATOR = "Creator syntax unavailable in Cliq"


def message(node: dast.CreatorFetch | dast.CreatorStatement) -> str:
    """The refusal of one parsed piece of Creator syntax, in the words `explain` uses."""
    line = node.span.line
    if isinstance(node, dast.CreatorFetch):
        if not node.form[:1].isupper():  # `items[0]`: a variable, not a form
            return (
                f"(Line no: {line}) Deluge has no '[...]' indexing: use {node.form}.get(index) "
                f"for a list or {node.form}.get(key) for a map"
            )
        return _fetch(line, node.form)
    if node.kind == "insert":
        return _insert(line, node.form)
    if node.kind == "delete":
        return _delete(line, node.form)
    return _definition(line)


def _insert(line: int, form: str) -> str:
    return (
        f"(Line no: {line}) {CREATOR}: 'insert into {form} [...]' adds a record to "
        "a Zoho Creator form. In Cliq, call zoho.creator.createRecord(...) with a connection"
    )


def _delete(line: int, form: str) -> str:
    return (
        f"(Line no: {line}) {CREATOR}: 'delete from {form}[...]' deletes Zoho "
        "Creator records. In Cliq, call the Creator API with invokeurl and a connection"
    )


def _definition(line: int) -> str:
    return (
        f"(Line no: {line}) {CREATOR}: a function definition inside a script. A Cliq "
        "handler or saved function is one script; save each function separately and call "
        "it as a task"
    )


def _fetch(line: int, form: str) -> str:
    return (
        f"(Line no: {line}) {CREATOR}: '{form}[...]' fetches records of a "
        "Zoho Creator form. In Cliq, call zoho.creator.getRecords(...) with a "
        "connection"
    )


_INSERT = re.compile(r"^\s*insert\s+into\s+(\w+)", re.IGNORECASE)
_DELETE = re.compile(r"^\s*delete\s+from\s+(\w+)", re.IGNORECASE)
# A form is named with a capital letter (`Employee`, `Leave_Request`); `list[0]` is not a fetch.
_FETCH = re.compile(r"(?<![\w.\"'])([A-Z]\w*)\s*\[(?!\s*\])")
_RETURN_TYPES = (
    "void|string|text|int|bigint|number|decimal|float|bool|boolean|map|list|date|datetime|"
    "collection|file|key-value"
)
_DEFINITION = re.compile(rf"^\s*(?:{_RETURN_TYPES})\s+[\w.]+\s*\([^)]*\)\s*(?:\{{.*)?$", re.I)


def _field_update(line: int, owner: str, field: str) -> str:
    if owner.lower() == "input":
        return (
            f"(Line no: {line}) {CREATOR}: 'input.{field} = ...' sets a field of the Zoho "
            "Creator form being submitted. A Cliq handler has no form record: keep the value in "
            f'a variable, or in a map with put("{field}", value)'
        )
    return (
        f"(Line no: {line}) {CREATOR}: '{owner}.{field} = ...' updates a field of a fetched "
        "Zoho Creator record. In Cliq, call zoho.creator.updateRecord(...) with a connection; "
        f'for a map, use {owner}.put("{field}", value)'
    )


def _form_action(line: int, action: str) -> str:
    return (
        f"(Line no: {line}) {CREATOR}: '{action}' is an action of a Zoho Creator form. "
        "A Cliq handler shows things by returning a message, a banner or a form"
    )


# `input.Status = "x";` or `rec.Status = x;` (not `==`): a Creator field assignment.
_FIELD_UPDATE = re.compile(r"^\s*([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)\s*=(?!=)")
# Creator's form actions (client functions) at the start of a statement.
_FORM_ACTION = re.compile(
    r"^\s*(alert\b|cancel\s+(?:submit|delete)\b|(?:hide|show|enable|disable|clear|reload|"
    r"select|deselect|selectall|deselectall|set\s+variable)\s+[A-Za-z_]|openurl\s*\()",
    re.IGNORECASE,
)


def explain(source: Source, line: int) -> str | None:
    lines = source.text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    text = _code(lines[line - 1])
    if match := _INSERT.match(text):
        return _insert(line, match.group(1))
    if match := _DELETE.match(text):
        return _delete(line, match.group(1))
    if _DEFINITION.match(text):
        return _definition(line)
    if match := _FIELD_UPDATE.match(text):
        return _field_update(line, match.group(1), match.group(2))
    if match := _FORM_ACTION.match(text):
        action = re.sub(r"\s+", " ", match.group(1).rstrip("( \t")).strip()
        return _form_action(line, action.split(" ")[0] if action.lower() not in
                            ("cancel submit", "cancel delete") else action)
    if match := _FETCH.search(text):
        if match.group(1).lower() not in ("invokeurl", "sendmail"):
            return _fetch(line, match.group(1))
    return None


def _code(line: str) -> str:
    """The line without a trailing // comment (a rough cut that ignores // inside text)."""
    at = line.find("//")
    return line if at < 0 else line[:at]
