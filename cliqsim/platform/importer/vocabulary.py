"""The words real Cliq projects use for their folders, files and handler inputs.

Cliq keeps a component's scripts in its own web editor; projects kept in Git lay them out by
hand, so the only clues are folder names (`Bots/`, `Slash Command/`, `message-actions/`), file
names (`taskerProject-suggestion-handler.dg`, `inviteMemberChangeHandler.dg`) and the handler
inputs a script reads (`newuser` is only given to a bot's welcome handler). Each clue maps to a
`Role`: the component type and the handler key of `component.toml`'s `[handlers]` table.

The handler inputs follow Cliq's handler pages (see docs/components.md, "Triggers and the inputs
each handler gets").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches

SCRIPT_SUFFIXES = (".dg", ".ds", ".deluge", ".m", ".txt")
# Suffixes of other languages that projects give Deluge for the code host's highlighting
# (`Cliq_Storage_scheduler.js`, `fetchIssues.c`): such a file is read only when its text is
# Deluge, as a file without a suffix is.
BORROWED_SUFFIXES = (".js", ".c", ".java", ".ts", ".cs", ".cpp", ".kt", ".groovy")


@dataclass(frozen=True)
class Role:
    """Where a script goes: the component `kind` (a `component.toml` type) and its `handler` key
    (`execution`, `welcome`, ...; `menu` for a bot's menu action). `function_type` is `button` or
    `form` for functions, empty otherwise."""

    kind: str
    handler: str
    function_type: str = ""

    def describe(self) -> str:
        kind = self.kind.replace("_", " ")
        if self.function_type:
            kind = f"{self.function_type} function"
        return f"{kind} {self.handler.replace('_', ' ')} handler"


# A folder's name with spaces, dashes and underscores removed, lower-cased → component type.
FOLDER_KINDS: dict[str, str] = {
    **dict.fromkeys(("bot", "bots", "chatbot", "chatbots"), "bot"),
    **dict.fromkeys(("menu", "menus", "botmenu", "botmenus", "menuactions"), "bot_menu"),
    **dict.fromkeys(("command", "commands", "slashcommand", "slashcommands", "cmds"), "command"),
    **dict.fromkeys(("messageaction", "messageactions", "msgactions"), "message_action"),
    **dict.fromkeys(("function", "functions", "buttonfunctions", "buttons"), "function"),
    **dict.fromkeys(("form", "forms", "formfunctions", "formhandlers"), "form"),
    **dict.fromkeys(("scheduler", "schedulers", "schedule", "schedules"), "scheduler"),
    **dict.fromkeys(("widget", "widgets", "homewidgets"), "widget"),
    **dict.fromkeys(("unfurl", "unfurls", "unfurlhandler", "unfurlhandlers", "linkhandler",
                     "linkhandlers", "linkpreview", "linkpreviews"), "link_handler"),
    **dict.fromkeys(("installation", "installationhandler", "installer", "extension",
                     "extensionhandlers"), "extension"),
}

# Words that say nothing about the component's name.
GENERIC_WORDS = frozenset({
    "handler", "handlers", "script", "scripts", "function", "fn", "func", "deluge", "code",
    "slash", "command", "cmd", "the", "of", "and", "on", "for", "a", "dg", "ds", "v1", "v2",
})

_DEFAULT_HANDLER = {
    "command": "execution", "bot": "message", "message_action": "execution",
    "scheduler": "execution", "widget": "view", "link_handler": "preview",
    "extension": "installation",
}


def words(text: str) -> list[str]:
    """`inviteMemberChangeHandler` / `Slash Command` / `my-tasks_menu` → lower-case words."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


_LONG_FOLDER_NAMES = [name for name in FOLDER_KINDS if len(name) >= 7]

# Words a folder name may add around its component type (`BotMenuHandler/`, `Commands Code/`).
_FOLDER_FILLER = frozenset({"handler", "handlers", "code", "codes", "script", "scripts", "files",
                            "deluge", "dg", "src", "all", "my"})


def folder_kind(name: str) -> str | None:
    """The component type a folder name stands for, if any (`Message Actions` → message_action,
    `BotMenuHandler` → bot_menu)."""
    folder_words = words(name)
    keys = ["".join(folder_words), "".join(w for w in folder_words if w not in _FOLDER_FILLER)]
    for key in keys:
        if key in FOLDER_KINDS:
            return FOLDER_KINDS[key]
    # a misspelt folder (`UnflurHandlers/`): the one known name it is nearly the same as
    close = {FOLDER_KINDS[k] for k in get_close_matches(keys[0], _LONG_FOLDER_NAMES, n=3,
                                                         cutoff=0.85)} if len(keys[0]) >= 7 else ()
    return next(iter(close)) if len(close) == 1 else None


def role_from_words(file_words: list[str], kind: str | None) -> tuple[Role | None, set[str]]:
    """The handler a file name spells (`suggestion`, `welcome`, `change`, ...), read in the light
    of its folder's component type; returns the role and the words it used up."""
    present = set(file_words)

    def has(*names: str) -> set[str]:
        return present & set(names)

    def found(role: Role, used: set[str]) -> tuple[Role | None, set[str]]:
        return role, used

    form_kind = kind in ("function", "form", None)
    if used := has("uninstallation", "uninstall", "uninstaller"):
        return found(Role("extension", "uninstallation"), used)
    if used := has("installation", "install", "installer"):
        return found(Role("extension", "installation"), used)
    if used := has("suggestion", "suggestions", "autocomplete"):
        return found(Role("command", "suggestion"), used)
    if used := has("welcome"):
        return found(Role("bot", "welcome"), used)
    if used := has("mention", "mentions"):
        return found(Role("bot", "mention"), used)
    if used := has("participation"):
        return found(Role("bot", "participation"), used)
    if used := has("webhook", "incoming"):
        return found(Role("bot", "incoming_webhook"), used)
    if (used := has("context")) and kind in ("bot", None):
        return found(Role("bot", "context"), used)
    if (used := has("menu")) and kind in ("bot", "bot_menu", None):
        return found(Role("bot", "menu"), used)
    if kind == "bot_menu":
        return found(Role("bot", "menu"), set())
    if (used := has("dynamic", "dynamicselect")) and form_kind:
        return found(Role("function", "dynamic_select", "form"), used | has("select"))
    if (used := has("change", "onchange")) and form_kind:
        return found(Role("function", "change", "form"), used)
    if (used := has("submit", "submission", "onsubmit")) and form_kind:
        return found(Role("function", "submit", "form"), used)
    if kind == "link_handler" and (has("after", "post") and has("send", "sent")
                                   or has("aftersend", "postsend")):
        return found(Role("link_handler", "after_send"),
                     has("after", "post", "send", "sent", "aftersend", "postsend"))
    if kind == "link_handler" and (used := has("menu")):
        return found(Role("link_handler", "menu"), used)
    if (used := has("unfurl", "preview")) and kind in ("link_handler", None):
        return found(Role("link_handler", "preview"), used)
    if kind == "link_handler" and (used := has("action", "actions", "button")):
        return found(Role("link_handler", "action"), used)
    if kind == "widget":
        if used := has("button", "buttons", "click"):
            return found(Role("widget", "button"), used)
        return found(Role("widget", "view"), has("view", "execution"))
    if (used := has("view")) and kind == "form":
        return found(Role("function", "view", "form"), used)
    if kind == "bot" and (used := has("message", "messages", "msg")):
        return found(Role("bot", "message"), used)
    if (used := has("scheduler", "schedule", "cron")) and kind in ("scheduler", None):
        return found(Role("scheduler", "execution"), used)
    if kind is None and {"message", "handler"} <= present and not has("action", "actions"):
        return found(Role("bot", "message"), has("message", "handler"))  # a bot's handler
    if kind == "message_action" or ({"message", "action"} <= present and kind is None):
        return found(Role("message_action", "execution"),
                     has("message", "action", "execution", "msg"))
    if (used := has("button")) and kind in ("function", None):
        return found(Role("function", "button", "button"), used)
    if kind == "form":
        return found(Role("function", "submit", "form"), set())
    if kind == "command" or {"slash", "command"} <= present:
        return found(Role("command", "execution"), has("execution", "slash", "command"))
    if kind in _DEFAULT_HANDLER and kind is not None:
        return found(Role(kind, _DEFAULT_HANDLER[kind]), set())
    return None, set()


def role_from_inputs(inputs: set[str], source: str) -> Role | None:
    """The handler whose Cliq inputs a script reads (`inputs`: names read but never assigned)."""
    if "newuser" in inputs:
        return Role("bot", "welcome")
    if inputs & {"context_id", "answers"}:
        return Role("bot", "context")
    if "http_method" in inputs or ("body" in inputs and inputs & {"headers", "params"}):
        return Role("bot", "incoming_webhook")
    if "app_info" in inputs:
        return Role("extension", "installation")
    if "operation" in inputs and "chat" in inputs:
        return Role("bot", "participation")
    if "form" in inputs:
        if re.search(r"""target\s*\.\s*get\s*\(\s*["']query["']""", source):
            return Role("function", "dynamic_select", "form")
        if "target" in inputs:
            return Role("function", "change", "form")
        return Role("function", "submit", "form")
    if inputs & {"raw_message", "message_details"}:
        return Role("bot", "message")
    if re.search(r"""["'](tab_id|section_id)["']""", source) and "target" in inputs:
        return Role("widget", "button")
    if "event" in inputs and "target" not in inputs and "arguments" not in inputs:
        return Role("widget", "view")
    if "target" in inputs and "arguments" in inputs:
        return Role("function", "button", "button")
    if "messages" in inputs or ("message" in inputs and "attachments" in inputs
                                and "arguments" not in inputs):
        return Role("message_action", "execution")
    if "url" in inputs and "domain" in inputs:
        return Role("link_handler", "preview")
    if "selections" in inputs or ("arguments" in inputs and "message" not in inputs):
        return Role("command", "execution")
    return None
