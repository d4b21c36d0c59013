"""Saved Deluge functions: a script with a signature, hosted by a function package.

Real repositories keep Deluge functions such as

    void automation.notify(String leadId)
    {
        zoho.cliq.postToChannel("sales", {"text":"New lead " + leadId});
    }

A package hosts one (`type = "function"`, `function_type = "saved"`, `[handlers] script =
"notify.dg"`), and `cliqsim call automation.notify --arg leadId=L-1` runs it — through consent
like any component — with each argument converted to its declared type (Zoho's Deluge data
types: text, number, decimal, boolean, date, map, list). The function's return value comes back
as the outcome's notice. Cliq itself offers no way for one Cliq script to call another
directly, so neither does cliqsim.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cliqsim.deluge import ast as dast
from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.package_model import Package
from cliqsim.platform.records import Outcome
from cliqsim.platform.responses import Response
from cliqsim.platform.scripts import parse_script
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import EVERY
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline, RunContext

SAVED = TriggerKind(
    "saved_function", "saved_function_handler", EVERY, "anything: the function's return value",
    "https://www.zoho.com/deluge/help/functions.html",
    component="function", key="script", returns="raw")

KINDS = (SAVED,)

_TEXT = {"string", "text"}
_NUMBER = {"int", "integer", "long", "number", "bigint"}
_DECIMAL = {"decimal", "float", "double"}
_BOOLEAN = {"bool", "boolean"}
_MAP = {"map", "key-value", "keyvalue"}
_LIST = {"list", "collection"}


def signature_of(package: Package) -> dast.Signature:
    """The signature of a saved function; raises `UsageError` when its script has none."""
    script = package.handlers["saved_function_handler"]
    signature = parse_script(script).signature
    if signature is None:
        raise UsageError(f"{script.display_name} has no signature; a saved function starts "
                         "like `void automation.notify(String leadId)`")
    return signature


def convert(value: Any, type_name: str, name: str) -> Any:
    """An argument given as text (or JSON) converted to the parameter's Deluge type."""
    kind = type_name.lower()
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        if kind in _NUMBER:
            return int(text)
        if kind in _DECIMAL:
            return float(text)
        if kind in _BOOLEAN:
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            return text.lower() == "true"
        if kind in _MAP | _LIST:
            parsed = json.loads(text) if isinstance(value, str) else value
            if not isinstance(parsed, dict if kind in _MAP else list):
                raise ValueError(text)
            return parsed
    except ValueError:
        raise UsageError(f"argument {name}: {text!r} is not a {type_name}") from None
    return text  # text, dates and date-times (Deluge reads them from text)


class SavedFunctions:
    """The saved functions of one runtime."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def _packages(self) -> list[Package]:
        return [p for p in self.pipeline.catalog.of_type("function")
                if p.function_type == "saved"]

    def find(self, name: str) -> Package:
        """By the signature's name (`automation.notify`), the package name or its id."""
        for package in self._packages():
            if name in (package.name, package.id) or name == signature_of(package).name:
                return package
        known = ", ".join(signature_of(p).name for p in self._packages()) or "none"
        raise UsageError(f"there is no saved function {name!r}; saved functions: {known}")

    def call(self, user_id: str, name: str, arguments: dict[str, Any]) -> Outcome:
        """Run the function with `arguments` (by parameter name; every parameter is needed)."""
        pipeline = self.pipeline
        pipeline.workspace.user(user_id)
        package = self.find(name)
        signature = signature_of(package)
        params = {p.name: p.type_name for p in signature.params}
        unknown = sorted(set(arguments) - set(params))
        missing = [p for p in params if p not in arguments]
        if unknown or missing:
            shown = ", ".join(f"{t} {n}" for n, t in params.items()) or "none"
            problem = f"has no parameter {unknown[0]!r}" if unknown else (
                f"needs {missing[0]!r}")
            raise UsageError(f"{signature.name} {problem}; its parameters: {shown}")
        inputs = cliq.common(pipeline.workspace, user_id, None)
        inputs.update({n: convert(arguments[n], t, n) for n, t in params.items()})
        kind = replace(SAVED, inputs=SAVED.inputs | set(params))
        return pipeline.start(pipeline.context(
            user_id, package, package.handlers["saved_function_handler"], kind,
            f"{signature.name}({', '.join(params)})", None, inputs, respond=_returned))


def _returned(response: Response, ctx: RunContext) -> Outcome:
    return Outcome("ok", notice=f"{ctx.script.display_name} returned {response.returned_json()}")
