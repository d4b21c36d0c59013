"""What one script says about itself: the Cliq inputs it reads, the functions it invokes, the
connections and addresses it uses. Read without running anything."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cliqsim.deluge import DelugeSyntaxError, parse
from cliqsim.deluge.checks import free_names
from cliqsim.deluge.effects import Effects, host_of, inventory
from cliqsim.platform.handler_inputs import HANDLER_INPUTS

_INVOKE = re.compile(r"""["']invoke\.function["']""")
_NAME = re.compile(r"""["']name["']\s*:\s*["']([^"'\\]{1,100})["']""")
_DATA_NAME = re.compile(r"""^\s*,?\s*["']data["']\s*:\s*\{\s*["']name["']\s*:\s*["']""")
_CONNECTION = re.compile(r"""connection\s*:\s*["']([^"']{1,60})["']""")
_LABEL = re.compile(r"""["']label["']\s*:""")
# Zoho's form and button samples build the action map with put: `action.put("type",
# "invoke.function"); action.put("name","createpoll");`.
_PUT_INVOKE = re.compile(
    r"""\b(\w+)\s*\.\s*put\s*\(\s*["']type["']\s*,\s*["']invoke\.function["']""")
_PUT_TYPE_BEFORE = re.compile(r"""\.\s*put\s*\(\s*["']type["']\s*,\s*$""")
_PUT_NAME = r"""\b{var}\s*\.\s*put\s*\(\s*["']name["']\s*,\s*["']([^"'\\]{{1,100}})["']"""
_PUT_FORM = re.compile(r"""\.\s*put\s*\(\s*["']type["']\s*,\s*["']form["']""")
# Zoho's new button function starts with a comment naming it: "Use the below given instant
# button's syntax to see how the function code is invoked! [What's this?](invoke.function|NAME)"
_OWN_NAME = re.compile(r"""//[^\n]*\[What's this\?\]\(invoke\.function\|(\w{1,50})\)""")
# an instant button in message text: [Label](invoke.function|name|owner|key)
_INSTANT = re.compile(r"""\]\(invoke\.function\|(\w{1,50})[|)]""")
_URL = re.compile(r"""https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s"'<>]*)?""")
_WINDOW = 240


@dataclass
class ScriptSignals:
    """`inputs`: names read and never assigned (Cliq's handler inputs among them);
    `invokes`: function names it invokes, each `button` or `form`; `syntax_error`: the Deluge
    error text when it does not parse (its other signals then come from the text alone)."""

    path: Path
    text: str
    inputs: set[str] = field(default_factory=set)
    invokes: dict[str, str] = field(default_factory=dict)
    connections: set[str] = field(default_factory=set)
    urls: list[str] = field(default_factory=list)
    syntax_error: str | None = None
    connection_hosts: dict[str, set[str]] = field(default_factory=dict)  # invokeurl's hosts
    own_name: str | None = None  # the name Zoho's function template comment gives it


def read_signals(path: Path) -> ScriptSignals:
    """Read `path` (UTF-8, a BOM allowed; other bytes are replaced and reported as a syntax
    error by the parser if they matter)."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    signals = ScriptSignals(path, text)
    try:
        script = parse(text, str(path))
    except DelugeSyntaxError as error:
        signals.syntax_error = error.message
        signals.inputs = _names_in_text(text)
    else:
        signals.inputs = free_names(script)
    signals.invokes = invoked_functions(text)
    own = _OWN_NAME.search(text)
    signals.own_name = own.group(1) if own else None
    signals.connections = set(_CONNECTION.findall(text))
    if signals.syntax_error is None:
        effects = inventory(script, str(path), HANDLER_INPUTS)
        signals.urls = _requested_urls(effects)
        # an integration task's last argument names a connection too:
        # zoho.cliq.extension.getProperties({"api_key"}, "cliq_connection")
        signals.connections |= {t.connection for t in effects.tasks if t.connection}
        for use in effects.urls:
            if use.connection:
                host = use.host or host_of(use.url or use.url_prefix or "")
                signals.connection_hosts.setdefault(use.connection, set()).update(
                    {host} if host else set())
    else:
        signals.urls = sorted({url.rstrip(".,;)") for url in _URL.findall(text)})
    return signals


def _requested_urls(effects: Effects) -> list[str]:
    """The addresses the script requests (`invokeurl`, `getUrl`, `postUrl`), as far as the
    effect inventory can tell them: the whole URL, or the literal it starts with and `*` (a
    fixture's wildcard) for the rest. Image and link addresses in cards are not requests, so
    they need no fixture and no connection host."""
    found = {use.url or f"{use.url_prefix}*" for use in effects.urls
             if use.kind != "sendmail" and (use.url or use.url_prefix)}
    return sorted(url for url in found if host_of(url))


def invoked_functions(text: str) -> dict[str, str]:
    """Function names this script invokes: `"action":{"type":"invoke.function","data":{"name":
    "vote"}}` (a button, Cliq's button object), a form's `"action":{"type":"invoke.function",
    "name":"createpoll"}` (Cliq's form object) or a widget button's `{"label":"Next","type":
    "invoke.function","name":"navigate"}` → `{"vote": "button", "createpoll": "form",
    "navigate": "widget_button"}`."""
    found: dict[str, str] = {}
    template = [m.span() for m in _OWN_NAME.finditer(text)]  # names the script, invokes nothing
    for match in _INSTANT.finditer(text):
        if not any(start <= match.start() < end for start, end in template):
            found.setdefault(match.group(1), "button")
    for match in _INVOKE.finditer(text):
        if _PUT_TYPE_BEFORE.search(text, max(0, match.start() - 60), match.start()):
            continue  # action.put("type","invoke.function"): read with its put("name") below
        after = text[match.end():match.end() + _WINDOW]
        if _DATA_NAME.match(after):
            name = _NAME.search(after)
            if name:
                found.setdefault(name.group(1), "button")
            continue
        closing = after.find("}")
        inside = after[:closing] if closing >= 0 else after
        before = _same_map_before(text, match.start())
        name = _NAME.search(inside) or _NAME.search(before)
        if name:
            found.setdefault(name.group(1), _invoker(text, before + inside))
    for match in _PUT_INVOKE.finditer(text):
        window = text[max(0, match.start() - _WINDOW):match.end() + _WINDOW]
        after = text[match.end():match.end() + _WINDOW]
        name = re.search(_PUT_NAME.format(var=re.escape(match.group(1))), window) or re.search(
            _PUT_NAME.format(var=r"\w+"), after)  # data.put("name","vote"), the data map
        if name:
            form = _PUT_FORM.search(text) or re.search(
                r"""["']type["']\s*:\s*["']form["']""", text)
            found.setdefault(name.group(1), "form" if form else "button")
    return found


def _invoker(text: str, same_map: str) -> str:
    """What invokes a function named in a map without a `data` wrapper: a widget button
    (`{"label":"Next","type":"invoke.function","name":"navigate","id":"next_2"}`, the widget
    button object has its label beside the name) or a form's action."""
    if _LABEL.search(same_map):
        return "widget_button"
    return "form" if re.search(r"""["']type["']\s*:\s*["']form["']""", text) else "button"


def _same_map_before(text: str, end: int) -> str:
    opening = text.rfind("{", max(0, end - _WINDOW), end)
    return text[opening:end] if opening >= 0 else ""


def _names_in_text(text: str) -> set[str]:
    """For a script that does not parse: every identifier followed by `.get(` or used alone —
    enough to recognise the Cliq inputs it reads."""
    return set(re.findall(r"\b([a-z_][A-Za-z0-9_]*)\s*\.\s*(?:get|toString|size)\s*\(", text))
