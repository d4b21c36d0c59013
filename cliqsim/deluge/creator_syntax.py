"""Zoho Creator statements that people paste into Cliq scripts, named as such when a parse fails.

Deluge in Zoho Creator has statements that only make sense with Creator's forms; Cliq's Deluge
refuses them. Instead of a bare "Improper Statement", the line that failed is matched against
them and the error says what it is and what to use in Cliq:

* a record fetch `Form[criteria]` (`r = Employee[Name == "x"];`, `for each r in Leave[...]`),
* `insert into Form [ Field = value ... ];` and `delete from Form[criteria];`,
* a function definition inside a script (`void notify(string a) { ... }` after statements, or a
  second one): Cliq saves one function per script.

`explain(source, line)` gives the message for that line, or None when it is not Creator syntax.
"""

from __future__ import annotations

import re

from cliqsim.deluge.source import Source

CREATOR = "Creator syntax unavailable in Cliq"

_INSERT = re.compile(r"^\s*insert\s+into\s+(\w+)", re.IGNORECASE)
_DELETE = re.compile(r"^\s*delete\s+from\s+(\w+)", re.IGNORECASE)
# A form is named with a capital letter (`Employee`, `Leave_Request`); `list[0]` is not a fetch.
_FETCH = re.compile(r"(?<![\w.\"'])([A-Z]\w*)\s*\[(?!\s*\])")
_RETURN_TYPES = (
    "void|string|text|int|bigint|number|decimal|float|bool|boolean|map|list|date|datetime|"
    "collection|file|key-value"
)
_DEFINITION = re.compile(rf"^\s*(?:{_RETURN_TYPES})\s+[\w.]+\s*\([^)]*\)\s*(?:\{{.*)?$", re.I)


def explain(source: Source, line: int) -> str | None:
    lines = source.text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    text = _code(lines[line - 1])
    if match := _INSERT.match(text):
        return (
            f"(Line no: {line}) {CREATOR}: 'insert into {match.group(1)} [...]' adds a record to "
            "a Zoho Creator form. In Cliq, call zoho.creator.createRecord(...) with a connection"
        )
    if match := _DELETE.match(text):
        return (
            f"(Line no: {line}) {CREATOR}: 'delete from {match.group(1)}[...]' deletes Zoho "
            "Creator records. In Cliq, call the Creator API with invokeurl and a connection"
        )
    if _DEFINITION.match(text):
        return (
            f"(Line no: {line}) {CREATOR}: a function definition inside a script. A Cliq "
            "handler or saved function is one script; save each function separately and call "
            "it as a task"
        )
    if match := _FETCH.search(text):
        if match.group(1).lower() not in ("invokeurl", "sendmail"):
            return (
                f"(Line no: {line}) {CREATOR}: '{match.group(1)}[...]' fetches records of a "
                "Zoho Creator form. In Cliq, call zoho.creator.getRecords(...) with a "
                "connection"
            )
    return None


def _code(line: str) -> str:
    """The line without a trailing // comment (a rough cut that ignores // inside text)."""
    at = line.find("//")
    return line if at < 0 else line[:at]
