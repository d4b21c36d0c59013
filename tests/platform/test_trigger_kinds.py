"""The trigger kinds as declared (`cliqsim/platform/triggers/`) and the pipeline's use of them.

Zoho's pages for each kind are named in its declaration (`TriggerKind.page`); the handler inputs
follow reference §1 (Cliq's handler pages and the zcatalyst-cli sample payloads).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from platform_helpers import START, allow

from cliqsim.clock import SimulatedClock
from cliqsim.errors import CliqsimError
from cliqsim.paths import bundled_components
from cliqsim.platform import inputs as cliq
from cliqsim.platform.engine import Engine
from cliqsim.platform.messages import Message, Sender
from cliqsim.platform.packages import handler_keys
from cliqsim.platform.runtime import Runtime
from cliqsim.platform.triggers import HANDLER_INPUTS, HANDLERS, KINDS
from cliqsim.platform.triggers.chat import COMMAND


def test_every_kind_is_declared_once_with_its_page() -> None:
    names = [kind.name for kind in KINDS]
    assert len(names) == len(set(names))
    for kind in KINDS:
        assert kind.page.startswith(("https://www.zoho.com/", "https://zoho.com/",
                                     "https://zohohelp.com/", "https://help.zoho.com/")), kind
        assert {"user", "access", "environment"} <= kind.inputs, kind.name
        assert kind.handler.endswith("_handler"), kind.name


def test_the_package_loader_takes_its_handler_keys_from_the_declarations() -> None:
    assert handler_keys() is HANDLERS
    for kind in KINDS:
        if kind.key is not None:
            assert HANDLERS[kind.component][kind.key] == kind.handler
    assert HANDLERS["command"] == {"execution": "execution_handler",
                                   "suggestion": "suggestion_handler"}
    assert set(HANDLERS) == {"command", "bot", "message_action", "function", "extension",
                             "scheduler", "widget", "link_handler"}


def test_the_predeclared_names_are_the_union_of_the_declared_inputs() -> None:
    """What `cliqsim check` and the effect inventory take as Cliq's handler inputs."""
    assert HANDLER_INPUTS == frozenset().union(*(kind.inputs for kind in KINDS))
    assert {"arguments", "newuser", "answers", "app_info", "url", "target",
            "form", "authtoken"} <= HANDLER_INPUTS


def test_the_pipeline_refuses_inputs_a_kind_does_not_declare(tmp_path: Path) -> None:
    engine = Engine(bundled_components(), tmp_path / "data", SimulatedClock(START))
    pipeline = engine.pipeline
    package = pipeline.package("nearby")
    chat = engine.workspace.chat("general")
    inputs = cliq.common(engine.workspace, "u_arjun", chat)
    inputs["answers"] = {}  # a context handler's input, not a command's
    with pytest.raises(CliqsimError, match="answers"):
        pipeline.context("u_arjun", package, package.handlers["execution_handler"], COMMAND,
                         "/nearby", chat, inputs)


def test_a_run_binds_no_more_than_its_kind_declares(runtime: Runtime) -> None:
    outcome = allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    assert outcome.run is not None
    assert set(outcome.run.inputs) <= COMMAND.inputs


def test_seed_messages_writes_test_data_in_one_go(runtime: Runtime) -> None:
    author = Sender("u_meera", "Meera Iyer", "user")
    count = runtime.seed_messages(
        Message(f"m_seed{n}", "sales", author, START, text=f"seeded {n}") for n in range(50))
    assert count == 50
    assert [m.text for m in runtime.messages("sales")[-2:]] == ["seeded 48", "seeded 49"]


def test_reads_and_a_trigger_on_two_threads_see_whole_runs(runtime: Runtime) -> None:
    """Docs/architecture.md § Threads: every runtime call holds one lock, so the chat window's
    reads on its UI thread never see a trigger half done in a worker thread."""
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(20):
                assert runtime.submit("u_arjun", "general", "/nearby bank").status == "ok"
        except BaseException as error:  # reported below
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    while thread.is_alive():
        shown = runtime.messages("general", "u_arjun")
        assert all(m.id for m in shown)
        runtime.chats("u_arjun")
        runtime.commands("u_arjun")
    thread.join()
    assert errors == []
    assert len([r for r in runtime.runs(100) if r.component == "nearby"]) == 21


def test_the_written_out_handler_inputs_match_the_declarations() -> None:
    """`cliqsim check` predeclares `platform.handler_inputs` (cheap to import); it must say
    exactly what the trigger kinds declare. Regenerate with
    `python -m cliqsim.platform.handler_inputs`."""
    from cliqsim.platform.handler_inputs import BY_HANDLER, declared_by_handler
    from cliqsim.platform.handler_inputs import HANDLER_INPUTS as written
    from cliqsim.platform.triggers import HANDLER_INPUTS as declared

    assert written == declared
    assert BY_HANDLER == declared_by_handler()
    assert frozenset().union(*BY_HANDLER.values()) == declared


def test_a_cold_run_imports_only_the_trigger_family_it_uses() -> None:
    """The engine makes each trigger family when first used, and the trigger package's
    declarations (`KINDS`) are made when first read: a slash command imports the chat's
    family (with the bots and links it routes to) and no other (issue #18)."""
    code = ("import sys\nfrom pathlib import Path\nfrom cliqsim.clock import SimulatedClock\n"
            "from cliqsim.platform.runtime import Runtime\n"
            "runtime = Runtime(None, Path(sys.argv[1]), SimulatedClock())\n"
            "asked = runtime.submit('u_arjun', 'general', '/nearby bank')\n"
            "runtime.decide(asked.pending, True)\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules\n"
            "             if m.startswith('cliqsim.platform.triggers.')))\n")
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CLIQSIM_CACHE": cache}
        runs = [subprocess.run([sys.executable, "-c", code, f"{data}/{n}"], capture_output=True,
                               text=True, check=True, env=env) for n in (1, 2)]
    # the first run fills the package index (loading the packages reads every family's
    # handler keys); the second, as a cold run usually is, finds it
    assert runs[1].stdout.strip() == "['bots', 'chat', 'common', 'links']"
