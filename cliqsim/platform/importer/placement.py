"""Place each script of a project as a handler of a component, and group them into packages."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from cliqsim.platform.importer.signals import ScriptSignals, read_signals
from cliqsim.platform.importer.vocabulary import (
    BORROWED_SUFFIXES,
    GENERIC_WORDS,
    SCRIPT_SUFFIXES,
    Role,
    folder_kind,
    role_from_inputs,
    role_from_words,
    words,
)

MAX_SCRIPT_BYTES = 1_000_000
_ROLE_WORDS = frozenset({"bot", "menu", "widget", "scheduler", "form", "button", "action",
                         "execution", "handler", "view", "unfurl", "link", "extension"})


@dataclass
class Guess:
    """One placed script: `source` relative to the project folder, the `role` it plays, the
    words left for naming its component, and why cliqsim guessed so (shown in the report)."""

    source: Path
    role: Role
    name_words: list[str]
    reason: str
    signals: ScriptSignals


@dataclass
class PlannedPackage:
    id: str
    kind: str
    name: str
    function_type: str = ""
    handlers: dict[str, Guess] = field(default_factory=dict)
    menu: dict[str, Guess] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def guesses(self) -> list[Guess]:
        return [*self.handlers.values(), *self.menu.values()]


@dataclass
class Plan:
    packages: list[PlannedPackage] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # invoked, no script: (name, kind)


def find_scripts(source: Path) -> list[Path]:
    """Every script under `source` (by suffix), skipping hidden and `_` folders; files with a
    borrowed suffix (`.js`, `.c`, ...) or none are candidates, read only if they are Deluge."""
    found = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith((".", "_")) for part in relative.parts[:-1]):
            continue
        if path.is_file() and not path.is_symlink() and (
                suffix_of(path) in SCRIPT_SUFFIXES or _maybe_deluge(path)):
            found.append(path)
    return found


def suffix_of(path: Path) -> str:
    """The suffix, lower-cased, without the spaces a name may end in (`integration.js `)."""
    return Path(path.name.rstrip()).suffix.lower()


_VENDOR_FOLDERS = frozenset({"node_modules", "vendor", "bower_components", "dist", "build",
                             "target", "venv", "site-packages", "__pycache__"})
_NOT_DELUGE_MARK = re.compile(
    r"(?:const|let|var|function|import|export|require|class|def|public|private|package|"
    r"module\.exports)\b(?!\s*[=.(\[])|#include|@")  # `package = Map();` is Deluge
_SNIFF_BYTES = 200_000


def _looks_like_deluge(path: Path) -> bool:
    """A cheap look before parsing a file of no Deluge suffix: outside vendored folders, not
    larger than 200 KB, and no line starting with a JavaScript, Java or C word (`const`,
    `function`, `import`, `class`, `#include`, `@Decorator`, ...), which Deluge never starts a
    statement with."""
    if any(part in _VENDOR_FOLDERS for part in path.parts):
        return False
    if path.stat().st_size > _SNIFF_BYTES:
        return False
    text = path.read_bytes()[:_SNIFF_BYTES].decode("utf-8", errors="replace")
    return not any(_NOT_DELUGE_MARK.match(line.lstrip()) for line in text.splitlines())


def _maybe_deluge(path: Path) -> bool:
    """A file that is read only when its text turns out to be Deluge: one without a suffix, or
    with another language's suffix."""
    return _bare_name(path) or suffix_of(path) in BORROWED_SUFFIXES


_NOT_SCRIPTS = frozenset({"license", "licence", "makefile", "dockerfile", "procfile", "readme",
                          "notice", "authors", "changelog", "codeowners", "gemfile"})


def _bare_name(path: Path) -> bool:
    """A file without a suffix (`message_handler_code`, `Message handler`): projects copy
    scripts out of Cliq's editor under such names; it is read when its text is Deluge."""
    return (not path.suffix and not path.name.startswith(".")
            and path.name.lower() not in _NOT_SCRIPTS)


def place(source: Path) -> Plan:
    """Guess every script's component and handler, then group the guesses into packages."""
    plan = Plan()
    guesses = []
    references: dict[str, str] = {}
    for path in find_scripts(source):
        relative = path.relative_to(source)
        maybe = _maybe_deluge(path)
        if path.stat().st_size > MAX_SCRIPT_BYTES:
            if maybe:
                continue  # a large file of no Deluge suffix is not a script copied from Cliq
            plan.skipped.append((str(relative), "larger than 1 MB; not a handler script"))
            continue
        if maybe and not _looks_like_deluge(path):
            continue  # JavaScript, C, ...: not parsed at all (a node_modules tree is large)
        signals = read_signals(path)
        if maybe and (signals.syntax_error or ";" not in signals.text):
            continue  # not Deluge (JavaScript, C, ...): not one of the project's scripts
        for name, kind in signals.invokes.items():  # placed or not, it names a function
            references.setdefault(name, kind)
        guess, why_not = _guess(relative, signals)
        if guess is not None:
            guesses.append(guess)
        elif suffix_of(relative) == ".txt":
            plan.skipped.append((str(relative), why_not))
        else:
            plan.unplaced.append((str(relative), why_not))
    _group(guesses, source.resolve().name, plan, references)
    return plan


def _guess(relative: Path, signals: ScriptSignals) -> tuple[Guess | None, str]:
    folders = list(relative.parts[:-1])
    kind, component_folder = _folder_kind(folders)
    widget_function = kind == "widget_function"
    if widget_function:
        kind = "function"
    file_words = words(relative.stem)
    role, used = role_from_words(file_words, kind)
    reasons = []
    if kind:
        reasons.append(f"folder says {kind.replace('_', ' ')}")
    if role is not None and (used or kind):
        reasons.append(f"file name says {', '.join(sorted(used))}" if used else "")
    by_inputs = role_from_inputs(signals.inputs, signals.text)
    if (role is not None and by_inputs is not None and by_inputs != role
            and by_inputs.kind == role.kind and signals.inputs & _ONLY_ONE_HANDLER):
        # `newuser` is given only to a bot's welcome handler (Zoho, "Welcome Handler"): a
        # Bots/MessageHandler.m that reads it is the welcome handler, whatever its name says
        role = by_inputs
        reasons.append("reads " + ", ".join(sorted(signals.inputs & _ONLY_ONE_HANDLER)))
    if role is None or (not used and kind == "function"):
        # a Functions/ script holds a function, never a command (both read `arguments`)
        if by_inputs is not None and kind in (None, "form", by_inputs.kind):
            role = by_inputs
            reasons.append("reads " + ", ".join(sorted(_cliq_inputs(signals.inputs))))
        elif kind == "function":
            role = Role("function", "button", "button")
    if _APPLET.search(signals.text) and kind in (None, "command") and (
            role is None or role.kind != "widget"):
        # only a widget's view handler returns an applet (Zoho, "Widget Execution Handler"):
        # a `Commands/Widget` script that returns one is the widget, whatever its folder says
        role = Role("widget", "view")
        reasons.append("returns an applet")
    if signals.own_name and (role is None or role.kind in ("command", "function")) and (
            role is None or role.function_type != "form"):
        # Zoho's editor starts every new function with a comment naming it
        role = Role("function", "button", "button")
        reasons.append(f"its comment names the function {signals.own_name!r}")
    if widget_function and role is not None and role.function_type != "form":
        role = Role("function", "widget_button", "widget_button")
        reasons[0] = "folder says widget function"
    if role is None and _posts_without_inputs(signals):
        role = Role("scheduler", "execution")
        reasons.append("reads no handler input, returns nothing and posts: a scheduler")
    if role is None:
        if signals.syntax_error and suffix_of(relative) == ".txt":
            return None, "not a Deluge script (it does not parse)"
        return None, ("no folder, file name or handler input says which handler it is; "
                      "place it by hand in a component.toml [handlers] table")
    keep = {"message", "messages", "msg"} if role.kind == "message_action" else set()
    name_words = [w for w in file_words if w in keep or (
        w not in used and w not in GENERIC_WORDS and w not in _ROLE_WORDS)]
    if role.kind == "bot" and role.handler != "menu":
        name_words = [w for w in file_words if w not in used and w not in GENERIC_WORDS]
    if component_folder and role.handler != "menu":
        name_words = words(component_folder)
    reason = "; ".join(r for r in reasons if r) or "default handler of its folder"
    return Guess(relative, role, name_words, reason, signals), ""


def _posts_without_inputs(signals: ScriptSignals) -> bool:
    """A script that reads none of Cliq's handler inputs, returns no value and posts to Cliq
    (`zoho.cliq.postToChannel(...)`) runs on its own: a scheduler, Cliq's only handler without
    inputs of its own."""
    return (not signals.inputs & _INPUT_NAMES and signals.syntax_error is None
            and re.search(r"\bzoho\.cliq\.post\w*\s*\(", signals.text) is not None
            and re.search(r"\breturn\s+[^;\s]", signals.text) is None)


def _folder_kind(folders: list[str]) -> tuple[str | None, str | None]:
    """The deepest folder naming a component type, and the component's own folder below it
    (`Bots/PollBot/`, `Slash Command/poll/`, `Widgets/Dashboard/`), if there is one."""
    kind, component_folder = None, None
    for index, folder in enumerate(folders):
        named = folder_kind(folder)
        if named is None:
            continue
        if kind in ("function", "widget_function") and named == "widget":
            named = "widget_function"  # Functions/widget/: the functions widget buttons call
        kind, component_folder = named, None
        below = folders[index + 1:]
        if below and folder_kind(below[0]) is None:
            component_folder = below[0]
    return kind, component_folder


_INPUT_NAMES = frozenset({
    "user", "chat", "arguments", "options", "mentions", "attachments", "selections", "location",
    "newuser", "message", "raw_message", "message_details", "links", "context_id", "answers",
    "headers", "params", "parameters", "body", "http_method", "sub_action", "operation", "data",
    "messages", "target", "event", "form", "app_info", "url", "domain", "handler", "access",
    "environment",
})


_APPLET = re.compile(r"""["']type["']\s*[:,]\s*["']applet["']""")
_ONLY_ONE_HANDLER = frozenset({"newuser", "context_id", "answers", "app_info", "http_method"})


def _cliq_inputs(names: set[str]) -> set[str]:
    return names & _INPUT_NAMES or {"no Cliq input"}


def _group(guesses: list[Guess], project: str, plan: Plan,
           references: dict[str, str] | None = None) -> None:
    by_kind: dict[str, list[Guess]] = defaultdict(list)
    for guess in guesses:
        by_kind[guess.role.kind].append(guess)
    ids: set[str] = set()
    _group_bots(by_kind.pop("bot", []), project, plan, ids)
    functions = by_kind.pop("function", [])
    extension_handlers = by_kind.pop("extension", [])
    bots = {p.id for p in plan.packages if p.kind == "bot"}
    as_own_bot = any(name.lower() in bots for g in guesses
                     if g.role.kind != "bot" for name in _POSTS_AS_BOT.findall(g.signals.text))
    if extension_handlers or as_own_bot or any(
            _EXTENSION_TASK.search(g.signals.text) for g in guesses):
        # zoho.cliq.extension.* tasks work only in an extension's components, and another
        # component posts as the project's bot only from the same extension: bundle them
        name = _title(words(project), " ")[:50] or "Extension"
        extension = PlannedPackage(_unique_id(name, ids), "extension", name)
        for guess in extension_handlers:
            _add_handler(extension, guess, plan)
        plan.packages.append(extension)
    references = {**_references(guesses), **(references or {})}
    for kind, members in sorted(by_kind.items()):
        _group_by_name(kind, members, plan, ids)
    _group_functions(functions, references, plan, ids)


_EXTENSION_TASK = re.compile(r"\bzoho\.cliq\.extension\.\w+\s*\(")
_POSTS_AS_BOT = re.compile(
    r"""\bzoho\.cliq\.(?:postToBot|postToChannelAsBot\s*\(\s*["'][^"']*["']\s*,)"""
    r"""\s*\(?\s*["']([A-Za-z0-9_]{1,50})["']""")


def _group_bots(guesses: list[Guess], project: str, plan: Plan, ids: set[str]) -> None:
    """A project's bot scripts form one bot unless their folders or file names name several."""
    handlers = [g for g in guesses if g.role.handler != "menu"]
    menus = [g for g in guesses if g.role.handler == "menu"]
    names = {_bot_name(g) for g in handlers} - {""}
    fallback = _title(words(project)) or "Bot"
    if len(names) <= 1:
        if guesses:
            name = next(iter(names), "") or fallback
            plan.packages.append(_bot_package(name, handlers, menus, plan, ids))
        return
    for bot_name in sorted(names | ({fallback} if any(not _bot_name(g) for g in handlers)
                                    else set())):
        members = [g for g in handlers if (_bot_name(g) or fallback) == bot_name]
        plan.packages.append(_bot_package(bot_name, members, [], plan, ids))
    if menus:
        plan.packages[-1].notes.append("the menu actions were attached to this bot; move them "
                                       "if they belong to another")
        _add_menus(plan.packages[-1], menus, plan)


def _bot_name(guess: Guess) -> str:
    return _title(guess.name_words)


def _bot_package(name: str, handlers: list[Guess], menus: list[Guess], plan: Plan,
                 ids: set[str]) -> PlannedPackage:
    package = PlannedPackage(_unique_id(name, ids), "bot", name[:50])
    for guess in handlers:
        _add_handler(package, guess, plan)
    _add_menus(package, menus, plan)
    return package


def _add_menus(package: PlannedPackage, menus: list[Guess], plan: Plan) -> None:
    for guess in menus:
        label = (_title(guess.name_words, " ") or "Menu")[:15].strip()
        if len(package.menu) >= 5:
            plan.unplaced.append((str(guess.source), "a bot has at most 5 menu actions"))
        elif label in package.menu:
            plan.unplaced.append((str(guess.source), f"a second menu action named {label!r}"))
        else:
            package.menu[label] = guess


def _group_by_name(kind: str, guesses: list[Guess], plan: Plan, ids: set[str]) -> None:
    """Commands, message actions, schedulers, widgets and link handlers: scripts
    whose names agree form one component; a lone helper handler (a suggestion, a widget button)
    joins the only component of its kind when its own name matches none."""
    groups: dict[str, list[Guess]] = defaultdict(list)
    for guess in guesses:
        groups["".join(guess.name_words)].append(guess)
    main = {"command": "execution", "widget": "view", "link_handler": "preview"}.get(kind)
    if main:
        leaders = [k for k, members in groups.items()
                   if any(g.role.handler == main for g in members)]
        for key in [k for k in groups if k not in leaders]:
            if len(leaders) == 1:
                groups[leaders[0]].extend(groups.pop(key))
    for key, members in sorted(groups.items()):
        words_ = _leader(members, main).name_words
        name = _component_name(kind, words_, key)
        package = PlannedPackage(_unique_id(name, ids), kind, name)
        for guess in members:
            _add_handler(package, guess, plan)
        plan.packages.append(package)


def _leader(members: list[Guess], main: str | None) -> Guess:
    return next((g for g in members if g.role.handler == main), members[0])


def _component_name(kind: str, name_words: list[str], key: str) -> str:
    if kind == "command":
        return (re.sub(r"[^a-z0-9_]", "", key) or "command")[:30]
    return _title(name_words, " ") or kind.replace("_", " ").title()


def _references(guesses: list[Guess]) -> dict[str, str]:
    found: dict[str, str] = {}
    for guess in guesses:
        for name, kind in guess.signals.invokes.items():
            found.setdefault(name, kind)
    return found


def _group_functions(guesses: list[Guess], references: dict[str, str], plan: Plan,
                     ids: set[str]) -> None:
    """Functions are named by the names buttons and forms invoke (`invoke.function`), matched
    to file names; form handlers (submit, change, dynamic select, view) of one form share one.
    A change handler filed beside a button that opens a form belongs to that form's function."""
    groups: dict[tuple[bool, str], list[Guess]] = defaultdict(list)
    for guess in guesses:  # Zoho's template comment names its function: that name is invoked
        if guess.signals.own_name:
            references.setdefault(guess.signals.own_name, "button")
    spelled = {"".join(words(name)): name for name in references}
    exact: set[str] = set()
    for guess in guesses:
        # a file spelling an invoked name in full (`updatePriceForm.m`) is that function, even
        # where its name ends in a role word (`form`, `button`) that naming otherwise drops;
        # a script whose template comment names it is that function, whatever its file says
        own = guess.signals.own_name
        whole = own or spelled.get("".join(words(guess.source.stem)))
        if whole:
            exact.add(whole)
        # widget functions (Functions/widget/) and other functions are named apart
        groups[(guess.role.function_type == "widget_button",
                "".join(words(whole)) if whole else "".join(guess.name_words))].append(guess)
    named: dict[str, list[Guess]] = defaultdict(list)
    for (for_widget, key), members in sorted(groups.items(), key=lambda item: (
            item[0][1] not in {"".join(words(n)) for n in exact}, item[0])):
        candidates = [n for n in references if references[n] == "widget_button"
                      or not for_widget]
        reference = _closest(key, candidates, exact_names=True)
        if reference in named and "".join(words(reference)) != key:
            reference = None  # another file spells that name exactly: this one is not it
        helpers = [g for g in members if g.role.handler in ("change", "dynamic_select", "view")]
        opened = _form_opened_by(members)
        if reference and references[reference] == "button" and helpers and opened:
            named[opened].extend(helpers)
            members = [g for g in members if g not in helpers]
        named[reference or key or "function"].extend(members)
    submits = [n for n, members in named.items() if any(g.role.handler == "submit" for g in
                                                        members)]
    for name in list(named):
        members = named[name]
        if name in submits or not all(g.role.function_type == "form" for g in members):
            continue
        if name in references:
            # a form names its function in `action`; a change handler filed as its own
            # function (`inviteMemberChangeHandler.ds`, named again under a key Cliq's form
            # has not, "change_handler") is the change handler of the form function its name
            # starts with: Cliq runs a form's handlers under one function, and a form
            # function without a submit handler never runs
            spelled_name = "".join(words(name))
            target = next((s for s in submits if spelled_name.startswith("".join(words(s)))
                           and spelled_name != "".join(words(s))), None)
        else:
            target = _closest("".join(words(name)), submits, exact_names=True)
            if target is None and len(submits) == 1:
                target = submits[0]
        if target:
            named[target].extend(named.pop(name))
    renamed = _pair_by_spelling(named, references)
    plan.missing = sorted((name, kind) for name, kind in references.items()
                          if name not in named and kind in ("button", "form", "widget_button"))
    for name, members in sorted(named.items()):
        if not members:
            continue
        form = any(g.role.function_type == "form" for g in members) or (
            references.get(name) == "form")
        widget = not form and (references.get(name) == "widget_button" or any(
            g.role.function_type == "widget_button" for g in members))
        package = PlannedPackage(_unique_id(name, ids), "function", name[:50],
                                 "form" if form else "widget_button" if widget else "button")
        if form and not any(g.role.handler == "submit" for g in members):
            package.notes.append("the project has no submit handler for this form; write one")
        if name not in references:
            package.notes.append(f"no button or form in the project invokes a function named "
                                 f"{name!r}; it is named after its file")
        elif name in renamed:
            package.notes.append(f"named {name!r}, the invoked function whose name is closest "
                                 f"to {renamed[name]!r}; check that it is the one meant")
        for guess in members:
            if form and guess.role.handler == "button":
                guess = Guess(guess.source, Role("function", "submit", "form"), guess.name_words,
                              guess.reason + "; a form invokes it", guess.signals)
            elif widget and guess.role.handler == "button":
                guess = Guess(guess.source, Role("function", "widget_button", "widget_button"),
                              guess.name_words, guess.reason + "; a widget button invokes it",
                              guess.signals)
            _add_handler(package, guess, plan)
        plan.packages.append(package)


_SPELLING_FLOOR = 0.6


def _pair_by_spelling(named: dict[str, list[Guess]], references: dict[str, str]
                      ) -> dict[str, str]:
    """Functions still named after their files take the invoked names no file spells, the
    closest spellings first (`save_redbooth_switch_project.dg` ↔ `saveforswitchproj`): a
    project's file names are its own, Cliq knows a function by the name buttons and forms
    invoke. A form's name goes only to a form function, a button's only to another function.
    Returns {new name: old name}."""
    orphans = [name for name in named if name not in references and named[name]]
    wanted = [name for name in references if name not in named
              and references[name] in ("button", "form", "widget_button")]
    pairs = []
    for orphan in orphans:
        spellings = {orphan} | {"".join(words(g.source.stem)) for g in named[orphan]}
        is_form = any(g.role.function_type == "form" for g in named[orphan])
        for name in wanted:
            if (references[name] == "form") != is_form:
                continue
            target = "".join(words(name))
            score = max(_likeness(s, target) for s in spellings if s)
            if score >= _SPELLING_FLOOR:
                pairs.append((score, orphan, name))
    renamed: dict[str, str] = {}
    for _score, orphan, name in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if orphan in named and name not in named:
            named[name] = named.pop(orphan)
            renamed[name] = orphan
    return renamed


def _likeness(spelled: str, invoked: str) -> float:
    """How alike two compacted names are, 0..1: difflib's ratio, or the share of the shorter
    name that both start with when that is at least 4 letters (`deletetask`, `deleteforcom`)."""
    prefix = len(os.path.commonprefix([spelled, invoked]))
    shared = prefix / min(len(spelled), len(invoked)) if prefix >= 4 else 0.0
    return max(SequenceMatcher(None, spelled, invoked).ratio(), shared)


def _form_opened_by(members: list[Guess]) -> str | None:
    """The function named by a form that one of these scripts returns, if any."""
    for guess in members:
        for name, kind in guess.signals.invokes.items():
            if kind == "form":
                return name
    return None


def _closest(key: str, names: list[str], *, exact_names: bool = False) -> str | None:
    """The name among `names` that `key` (compacted file words) spells, exactly first, then by
    one containing the other."""
    compact = {name: "".join(words(name)) for name in names} if exact_names else {
        name: name for name in names}
    for name, spelled in compact.items():
        if spelled == key:
            return name
    matches = [name for name, spelled in compact.items()
               if key and spelled and (spelled in key or key in spelled)]
    return max(matches, key=lambda n: len(compact[n])) if matches else None


def _add_handler(package: PlannedPackage, guess: Guess, plan: Plan) -> None:
    handler = guess.role.handler
    if handler == "menu":
        _add_menus(package, [guess], plan)
    elif handler in package.handlers:
        plan.unplaced.append((str(guess.source), f"{package.name} already has a {handler} "
                              f"handler ({package.handlers[handler].source})"))
    else:
        package.handlers[handler] = guess


def _title(name_words: list[str], joiner: str = "") -> str:
    return joiner.join(w[:1].upper() + w[1:] for w in name_words)


def _unique_id(name: str, ids: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "component"
    candidate, number = base, 2
    while candidate in ids:
        candidate, number = f"{base}_{number}", number + 1
    ids.add(candidate)
    return candidate
