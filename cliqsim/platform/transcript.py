"""Record and replay: a transcript of what was done to a runtime, and what came of it.

A transcript is a TOML file a person can read and edit into a test:

    version = 1
    components = "../components"          # relative to the transcript's folder

    [[step]]
    at = 2026-12-01T09:00:00Z             # the simulated time of the step
    call = "submit"                       # the Runtime method
    args = { user_id = "u_admin", chat_id = "general", text = "/nearby bank" }

    [step.result]
    status = "consent_required"

    [[step]]
    at = 2026-12-01T09:00:00Z
    call = "decide"
    args = { allow = true }

    [step.result]
    status = "ok"
    [[step.result.messages]]
    id = "$m1"                            # ids are aliases, numbered as they first appear
    chat = "general"
    sender = "/nearby"
    card = "Nearby banks"
    buttons = ["Open in Maps"]
    effects = ["api GET https://maps.googleapis.com/maps/api/place/nearbysearch/json"]

Message ids in arguments are written as their aliases (`$m1`), so `click` steps replay against
the new run's messages; a submitted form is named by its form name (`{"$form": "announce"}`)
and is the last form of that name the replay was shown; `decide` answers the last consent
request. Record from a fresh data directory: the messages already there when recording starts
(the workspace seed) are aliased in order, as they are again when the replay starts. `replay`
runs the steps on a fresh data directory and a simulated clock set to each
step's `at`, and compares each step's result with the recorded one.
"""

from __future__ import annotations

import base64
import dataclasses
import difflib
import os
import tempfile
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import tomli_w

from cliqsim.clock import SimulatedClock
from cliqsim.errors import UsageError
from cliqsim.platform.messages import Form, Message
from cliqsim.platform.records import Attachment, Location, Outcome, Suggestion

if TYPE_CHECKING:
    from cliqsim.platform.runtime import Runtime

VERSION = 1
_VALUE_TYPES: dict[str, Callable[..., Any]] = {
    "Attachment": Attachment, "Location": Location, "Suggestion": Suggestion}


THREAD = "thread_"
"""A thread's chat id is this and its parent message's id (aliased with it)."""


class _Aliases:
    """Real message ids ↔ `$m<n>` aliases, numbered in order of first appearance."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.alias_of: dict[str, str] = {}
        self.real_of: dict[str, str] = {}
        for alias, real in (known or {}).items():
            self.bind(alias, real)

    def bind(self, alias: str, real: str) -> None:
        self.alias_of[real] = alias
        self.real_of[alias] = real

    def alias(self, real: str) -> str:
        if real not in self.alias_of:
            self.bind(f"$m{len(self.alias_of) + 1}", real)
        return self.alias_of[real]


def summarize(result: Outcome | tuple[Outcome, ...], aliases: _Aliases) -> dict[str, Any]:
    """The part of a result a transcript compares: status, messages (aliased ids, chat, sender,
    text, card title, buttons, banner), effects, error, notice and form. Times, run ids and
    durations are left out, so a replay at the recorded times compares equal."""
    if isinstance(result, tuple):
        return {"runs": [summarize(outcome, aliases) for outcome in result]}
    summary: dict[str, Any] = {"status": result.status}
    messages = [_message(m, aliases) for m in result.messages]
    if messages:
        summary["messages"] = messages
    if result.run is not None and result.run.effects:
        summary["effects"] = [f"{e.kind} {e.target}" + (" (blocked)" if e.blocked else "")
                              for e in result.run.effects]
    if result.error is not None:
        summary["error"] = f"{result.error.kind}: {result.error.message}"
    if result.notice:
        summary["notice"] = result.notice
    if result.form is not None:
        summary["form"] = result.form.name
    return summary


def _message(message: Message, aliases: _Aliases) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": aliases.alias(message.id),
                             "chat": _encode(message.chat_id, aliases),
                             "sender": message.sender.name}
    if message.text:
        entry["text"] = message.text
    if message.card is not None and message.card.title:
        entry["card"] = message.card.title
    labels = [button.label for button in message.all_buttons()]
    if labels:
        entry["buttons"] = labels
    if message.banner is not None:
        entry["banner"] = message.banner.text
    if message.visible_to:
        entry["only"] = message.visible_to
    if message.is_error:
        entry["error"] = True
    return entry


def _encode(value: Any, aliases: _Aliases) -> Any:
    if isinstance(value, str):
        if value in aliases.alias_of:
            return aliases.alias_of[value]
        parent = value.removeprefix(THREAD)
        if parent != value and parent in aliases.alias_of:  # a thread, named by its message
            return THREAD + aliases.alias_of[parent]
        return "$" + value if value.startswith("$") else value
    if isinstance(value, Form):
        return {"$form": value.name}
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, timedelta):
        return {"$seconds": value.total_seconds()}
    if isinstance(value, msgspec.Struct):  # a record: Attachment, Location, Suggestion
        fields = {name: _encode(getattr(value, name), aliases)
                  for name in value.__struct_fields__ if getattr(value, name) is not None}
        return {"$type": type(value).__name__, **fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name), aliases)
                  for f in dataclasses.fields(value) if getattr(value, f.name) is not None}
        return {"$type": type(value).__name__, **fields}
    if isinstance(value, dict):
        return {str(k): _encode(v, aliases) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_encode(item, aliases) for item in value]
    return value


def _decode(value: Any, aliases: _Aliases, forms: dict[str, Form]) -> Any:
    if isinstance(value, str):
        if value.startswith("$$"):
            return value[1:]
        if value.startswith(THREAD + "$m"):
            return THREAD + _decode(value.removeprefix(THREAD), aliases, forms)
        if value.startswith("$m"):
            if value not in aliases.real_of:
                raise UsageError(f"the transcript refers to message {value}, which no earlier "
                                 "step of the replay produced")
            return aliases.real_of[value]
        return value
    if isinstance(value, list):
        return [_decode(item, aliases, forms) for item in value]
    if isinstance(value, dict):
        if "$form" in value:
            name = value["$form"]
            if name not in forms:
                raise UsageError(f"the transcript submits form {name!r}, which no earlier step "
                                 "of the replay opened")
            return forms[name]
        if "$base64" in value:
            return base64.b64decode(value["$base64"])
        if "$seconds" in value:
            return timedelta(seconds=value["$seconds"])
        if "$type" in value:
            kind = _VALUE_TYPES.get(value["$type"])
            if kind is None:
                raise UsageError(f"the transcript holds a value of unknown type "
                                 f"{value['$type']!r}")
            return kind(**{k: _decode(v, aliases, forms) for k, v in value.items()
                           if k != "$type"})
        return {k: _decode(v, aliases, forms) for k, v in value.items()}
    return value


def _forms_in(result: Outcome | tuple[Outcome, ...]) -> Iterable[Form]:
    for outcome in result if isinstance(result, tuple) else (result,):
        if outcome.form is not None:
            yield outcome.form
        for message in outcome.messages:
            if message.form is not None:
                yield message.form


class Recorder:
    """Appends each recorded runtime call to a transcript file (kept valid after every step:
    written to a temporary file and renamed). Recording into an existing transcript continues
    it, with its message aliases."""

    def __init__(self, path: Path, components: Path, existing: list[str]) -> None:
        self.path = path
        self.data: dict[str, Any] = {"version": VERSION,
                                     "components": _relative(components, path.parent)}
        if path.exists():
            self.data = load(path)
            self.aliases = _Aliases(dict(self.data.get("recorded_ids", {})))
        else:  # the messages already there (the workspace seed) are $m1, $m2, ... in order
            self.aliases = _Aliases()
            for message_id in existing:
                self.aliases.alias(message_id)
        self.data.setdefault("step", [])

    def record(self, call: str, arguments: dict[str, Any], at: datetime,
               result: Outcome | tuple[Outcome, ...]) -> None:
        if call == "decide":
            kept = {"allow": arguments["allow"]}
            if arguments.get("refused"):
                kept["refused"] = sorted(arguments["refused"])
            if arguments.get("once"):
                kept["once"] = True
            arguments = kept
        step = {"at": at.astimezone(UTC), "call": call,
                "args": _encode(arguments, self.aliases),
                "result": summarize(result, self.aliases)}
        self.data["step"].append(step)
        self.data["recorded_ids"] = dict(self.aliases.real_of)
        _write(self.path, self.data)


def existing_messages(runtime: Runtime) -> list[str]:
    """Every message id in the workspace, chat by chat in id order, oldest first."""
    chats = {chat.id for user in runtime.users() for chat in runtime.chats(user.id)}
    chats.update(channel.id for channel in runtime.channels())
    return [m.id for chat in sorted(chats) for m in runtime.messages(chat)]


def _relative(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), base.resolve())
    except ValueError:  # another drive
        return str(path.resolve())


def _write(path: Path, data: dict[str, Any]) -> None:
    text = ("# cliqsim transcript: replay with `cliqsim test " + path.name + "`\n"
            + tomli_w.dumps(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


def load(path: Path) -> dict[str, Any]:
    """Read a transcript; raises `UsageError` naming the file and what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UsageError(f"there is no transcript {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"cannot read the transcript {path}: {error}") from None
    if data.get("version") != VERSION or not isinstance(data.get("step", []), list):
        raise UsageError(f"{path} is not a cliqsim transcript (version = {VERSION} and "
                         "[[step]] tables)")
    text = path.read_text(encoding="utf-8-sig")
    for index, step in enumerate(data.get("step", []), start=1):
        problem = _step_problem(step)
        if problem:
            raise UsageError(f"{path}{_step_line(text, index)}: step {index}: {problem}; fix "
                             "the step, or record the transcript again with --record")
    return data


def _step_problem(step: Any) -> str | None:
    """What is wrong with one `[[step]]` table as a person may have edited it, or None."""
    import cliqsim.platform.runtime  # noqa: F401 - its `recorded` methods fill RECORDED
    from cliqsim.platform.recording import RECORDED

    if not isinstance(step, dict):
        return "must be a [[step]] table"
    at = step.get("at")
    if not isinstance(at, datetime) or at.tzinfo is None:
        return ("'at' must be a date-time with its offset, such as at = 2026-12-01T09:00:00Z"
                f"{'' if at is None else f', not {at!r}'}")
    call = step.get("call")
    calls = sorted(RECORDED | {"decide"})
    if call not in calls:
        return f"'call' must be one of {', '.join(calls)}, not {call!r}"
    for key in ("args", "result"):
        if not isinstance(step.get(key, {}), dict):
            return f"'{key}' must be a table ([step.{key}])"
    return None


def _step_line(text: str, index: int) -> str:
    """`:line` of the `index`-th `[[step]]` header in `text`, or ""."""
    headers = [n for n, line in enumerate(text.splitlines(), start=1)
               if line.strip().replace(" ", "") == "[[step]]"]
    return f":{headers[index - 1]}" if index <= len(headers) else ""


@dataclass
class StepResult:
    index: int
    call: str
    ok: bool
    diff: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class ReplayReport:
    path: Path
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)


def replay(path: Path, components: Path | None = None,
           open_runtime: Callable[[Path, Path, SimulatedClock], Runtime] | None = None
           ) -> ReplayReport:
    """Run the transcript's steps on a fresh data directory; each step's result is compared
    with the recorded one (`StepResult.diff`: a unified diff, expected then actual)."""
    from cliqsim.platform.runtime import Runtime

    data = load(path)
    folder = components or (path.parent / data.get("components", "")).resolve()
    steps = data.get("step", [])
    report = ReplayReport(path)
    first = steps[0]["at"] if steps else datetime.now(UTC)
    clock = SimulatedClock(first)
    aliases = _Aliases()
    forms: dict[str, Form] = {}
    last: Outcome | None = None
    with tempfile.TemporaryDirectory(prefix="cliqsim-replay-") as data_dir:
        runtime = (open_runtime or Runtime)(folder, Path(data_dir), clock)
        for message_id in existing_messages(runtime):
            aliases.alias(message_id)
        for index, step in enumerate(steps, start=1):
            clock.set(step["at"])
            call = step.get("call", "")
            try:
                arguments = _decode(step.get("args", {}), aliases, forms)
                if call == "decide":
                    if last is None or last.pending is None:
                        raise UsageError("a decide step with no consent request before it")
                    result: Outcome | tuple[Outcome, ...] = runtime.decide(
                        last.pending, bool(arguments.get("allow")),
                        refused=list(arguments.get("refused", ())),
                        once=bool(arguments.get("once", False)))
                else:
                    result = _call(runtime, call, arguments)
            except UsageError as error:
                report.steps.append(StepResult(index, call, False, error=error.message))
                break
            for form in _forms_in(result):
                forms[form.name] = form
            last = result[-1] if isinstance(result, tuple) and result else (
                result if isinstance(result, Outcome) else last)
            actual = summarize(result, aliases)
            expected = step.get("result", {})
            diff = [] if actual == expected else _diff(expected, actual, index, call)
            report.steps.append(StepResult(index, call, not diff, diff))
    return report


def _diff(expected: dict[str, Any], actual: dict[str, Any], index: int, call: str) -> list[str]:
    return list(difflib.unified_diff(
        tomli_w.dumps(expected).splitlines(), tomli_w.dumps(actual).splitlines(),
        f"step {index} ({call}): recorded", f"step {index} ({call}): replayed", lineterm=""))


def _call(runtime: Runtime, call: str, arguments: dict[str, Any]) -> Any:
    """`runtime.<call>(**arguments)`; arguments the call does not take are a UsageError
    naming the ones it does."""
    import inspect

    method = getattr(runtime, call)
    try:
        inspect.signature(method).bind(**arguments)
    except TypeError as error:
        takes = ", ".join(inspect.signature(method).parameters)
        raise UsageError(f"the {call} step's args do not fit ({error}); it takes: {takes}"
                         ) from None
    return method(**arguments)
