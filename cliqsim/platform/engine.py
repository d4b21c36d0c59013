"""The composition root: one runtime's parts, made and wired once.

`Engine` builds the workspace, the component catalog, the consent store, gate and org consent,
the pipeline every trigger goes through, the lookups (`directory`) and one object per trigger
family (`triggers/`). It holds no behaviour of its own beyond swapping the catalog on reload and
switching online HTTP; `Runtime` (runtime.py) is the API its callers use.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from cliqsim.clock import Clock, SimulatedClock
from cliqsim.consent.gate import Gate
from cliqsim.consent.org import OrgConsent
from cliqsim.consent.store import ConsentStore
from cliqsim.paths import bundled_components
from cliqsim.paths import data_dir as default_data_dir
from cliqsim.platform.directory import Directory
from cliqsim.platform.handler_inputs import HANDLER_INPUTS
from cliqsim.platform.manifests import Manifests
from cliqsim.platform.package_index import load_catalog
from cliqsim.platform.package_reader import LoadError
from cliqsim.platform.pipeline import Pipeline
from cliqsim.platform.workspace import Workspace

if TYPE_CHECKING:
    from cliqsim.platform.online import OnlineHttp
    from cliqsim.platform.triggers.actions import MessageActions
    from cliqsim.platform.triggers.bots import Bots
    from cliqsim.platform.triggers.chat import ChatTriggers
    from cliqsim.platform.triggers.functions import Functions
    from cliqsim.platform.triggers.installs import Installs
    from cliqsim.platform.triggers.links import Links
    from cliqsim.platform.triggers.manual import ManualTriggers
    from cliqsim.platform.triggers.saved import SavedFunctions
    from cliqsim.platform.triggers.schedulers import SchedulerBook
    from cliqsim.platform.triggers.widgets import Widgets


class Engine:
    """The parts of one runtime over `components_dir` and `data_dir`, on `clock`."""

    def __init__(self, components_dir: Path | None, data_dir: Path | None,
                 clock: Clock | None, *, online: bool = False,
                 record_fixtures: bool = False) -> None:
        self.components_dir = Path(components_dir) if components_dir else bundled_components()
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.clock: Clock = clock or SimulatedClock()
        self.workspace = Workspace(self.data_dir, self.components_dir, self.clock.now())
        self.store = ConsentStore.in_dir(self.data_dir)
        self.gate = Gate(self.store, self.clock)
        self.pipeline = Pipeline(
            workspace=self.workspace, store=self.store, gate=self.gate,
            org=OrgConsent(self.gate), clock=self.clock,
            catalog=load_catalog(self.components_dir), manifests=Manifests(HANDLER_INPUTS),
            handler_inputs=HANDLER_INPUTS)
        self.directory = Directory(self.pipeline)
        self._http: OnlineHttp | None = None
        self._record_fixtures = record_fixtures
        self.online = online

    # One object per trigger family, each made (and its module imported) when first used: a
    # cold `cliqsim run "/nearby bank"` needs the chat's alone (issue #18). `Runtime` calls
    # each with its lock held, so each is made once.

    @cached_property
    def links(self) -> Links:
        from cliqsim.platform.triggers.links import Links

        return Links(self.pipeline)

    @cached_property
    def bots(self) -> Bots:
        from cliqsim.platform.triggers.bots import Bots

        return Bots(self.pipeline)

    @cached_property
    def chat(self) -> ChatTriggers:
        from cliqsim.platform.triggers.chat import ChatTriggers

        return ChatTriggers(self.pipeline, self.bots, self.links)

    @cached_property
    def actions(self) -> MessageActions:
        from cliqsim.platform.triggers.actions import MessageActions

        return MessageActions(self.pipeline)

    @cached_property
    def functions(self) -> Functions:
        from cliqsim.platform.triggers.functions import Functions

        return Functions(self.pipeline, self.links)

    @cached_property
    def widgets(self) -> Widgets:
        from cliqsim.platform.triggers.widgets import Widgets

        return Widgets(self.pipeline)

    @cached_property
    def schedulers(self) -> SchedulerBook:
        """The schedulers' states, read from the workspace when first used (and again when
        another process changes it)."""
        from cliqsim.platform.triggers.schedulers import SchedulerBook

        return SchedulerBook(self.pipeline)

    @cached_property
    def installs(self) -> Installs:
        from cliqsim.platform.triggers.installs import Installs

        return Installs(self.pipeline)

    @cached_property
    def manual(self) -> ManualTriggers:
        from cliqsim.platform.triggers import KINDS
        from cliqsim.platform.triggers.manual import ManualTriggers

        return ManualTriggers(self.pipeline, KINDS, self.bots, self.chat)

    @cached_property
    def saved(self) -> SavedFunctions:
        from cliqsim.platform.triggers.saved import SavedFunctions

        return SavedFunctions(self.pipeline)

    @property
    def online(self) -> bool:
        return self.pipeline.online is not None

    @online.setter
    def online(self, value: bool) -> None:
        if value and self._http is None:
            from cliqsim.platform.online import OnlineHttp  # the network only when asked

            self._http = OnlineHttp()  # kept for its connections while the runtime lives
            if self._record_fixtures:
                from cliqsim.platform.fixture_recorder import FixtureRecorder

                self._http.on_response = FixtureRecorder(self.components_dir)
        self.pipeline.online = self._http if value else None

    @property
    def load_errors(self) -> list[LoadError]:
        return self.pipeline.catalog.errors

    def reload(self) -> tuple[LoadError, ...]:
        self.pipeline.use_catalog(load_catalog(self.components_dir))
        return tuple(self.pipeline.catalog.errors)
