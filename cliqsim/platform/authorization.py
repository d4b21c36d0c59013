"""Who may do what in the simulated workspace: the one authorization layer.

Consent says what a component may touch; authorization says where and as whom. Every entry point
(the pipeline's `start`, reading a chat's messages, message actions, button clicks, `consents
list/revoke`) and every `zoho.cliq.*` service asks here, so the rules live in one place:

- a person reads, runs components in, votes in and acts on the messages of only the chats they
  are a member of (a channel's members, the two people of a DM, the person of a bot chat);
- a component posts only into chats the acting person may post in (is a member of);
- a component edits or deletes only messages it posted (itself, or its extension's components);
- `*AsBot` posts only as the component's own bot, or its extension's bot;
- a sender name is never the simulator's own (`cliqsim`, the system sender) nor a person's name
  in the organization;
- a connection with `auth = "admin"` signs in with its owner's account: the declared `owner`,
  else the org admin who installed its extension (the installer authorizes the extension's
  connections), else the first org admin; only an org admin may own one (checked at load);
  `auth = "user"` signs in with the running person's own account (`connection_owner`);
- the consents of other people are listed or revoked only by an org admin who asks for them.

The Zoho pages: Cliq's "Post to chat/channel" tasks (deluge/help/cliq/post-to-chat.html) post as
the running user, who must be a participant; bots post as themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from cliqsim.consent.destination import LOGIN_USER, THIS_BOT, THIS_CHAT
from cliqsim.errors import UsageError
from cliqsim.platform.messages import SYSTEM, Message
from cliqsim.platform.package_model import Catalog, Package
from cliqsim.platform.package_reader import LoadError
from cliqsim.platform.workspace import Chat, Workspace
from cliqsim.structs import replace


class NotAuthorized(UsageError):
    """A person asked for something only others may do (a chat they are not in, ...)."""


def is_member(user_id: str, chat: Chat) -> bool:
    return user_id in chat.members


def require_member(user_id: str, chat: Chat, doing: str) -> None:
    """Raises `NotAuthorized` unless `user_id` is a member of `chat`. `doing`: `read its
    messages`, `run a message action there`, ..."""
    if not is_member(user_id, chat):
        raise NotAuthorized(
            f"{user_id} is not a member of {chat.title} ({chat.id}); only its members can "
            f"{doing}")


def require_messages_in(messages: Iterable[Message], chat: Chat) -> None:
    for message in messages:
        if message.chat_id != chat.id:
            raise NotAuthorized(f"message {message.id} is not in {chat.title} ({chat.id})")


def require_admin(workspace: Workspace, user_id: str, doing: str) -> None:
    if not workspace.user(user_id).get("admin"):
        raise NotAuthorized(f"{user_id} is not an org admin; only an org admin can {doing}")


# --- what a running component may do (the services ask; None means yes) -----------------------


def may_post(user_id: str, chat: Chat) -> str | None:
    """Why the component run by `user_id` may not post into `chat`, or None."""
    if is_member(user_id, chat):
        return None
    return (f"{user_id} is not a member of {chat.title} ({chat.id}), so a component they run "
            "cannot post there")


def may_edit(catalog: Catalog, package: Package, message: Message) -> str | None:
    """Why `package` may not edit or delete `message`: only its own messages, posted by it or by
    a component of its extension (never a person's message, nor another component's)."""
    author = message.component
    if author is not None:
        if author == package.id:
            return None
        if package.extension is not None:
            other = catalog.packages.get(author)
            if author == package.extension or (
                    other is not None and other.extension == package.extension):
                return None
    return (f"a component can edit only its own messages; {message.id} was posted by "
            f"{message.sender.name}")


def may_invoke(catalog: Catalog, function: Package, message: Message) -> str | None:
    """`may_run_function` for a button of `message` (its poster: the component that posted
    it, else the person)."""
    return may_run_function(catalog, function, message.component, message.sender.name,
                            "button")


def may_run_function(catalog: Catalog, function: Package, author_id: str | None,
                     author_name: str, what: str) -> str | None:
    """Why a button of `message` may not run `function` (a button function), or None.

    Cliq's button object names an `invoke.function` by `name` and `owner`, "the email of the
    function's creator" (https://www.zoho.com/cliq/help/restapi/v2/buttons/): a button runs a
    function of whoever made it, never another developer's or another extension's. So a button
    runs a function of the same extension as the component that posted its message, or, for a
    message posted by a component of no extension (or by a person), a function of no
    extension. A component can never make someone's click run another extension's function
    with arguments it picked (a confused deputy)."""
    author = catalog.packages.get(author_id) if author_id else None
    poster_extension = None
    if author is not None:
        poster_extension = author.id if author.type == "extension" else author.extension
    if poster_extension == function.extension:
        return None
    who = (f"{author.display_name}" if author is not None else author_name)
    if function.extension is not None:
        return (f"the {what} names {function.display_name}, a function of the "
                f"{function.extension} extension, but it comes from {who}; a {what} runs "
                "only a function of the extension it comes from")
    return (f"the {what} names {function.display_name}, a function of no extension, but it "
            f"comes from {who} of the {poster_extension} extension; a {what} runs only a "
            "function of the extension it comes from")


def own_bots(catalog: Catalog, package: Package) -> set[str]:
    """The bot unique names `package` may speak as: itself (a bot), its extension's bots."""
    names = {package.unique_name} if package.type == "bot" else set()
    if package.extension:
        names |= {p.unique_name for p in catalog.of_type("bot")
                  if p.extension == package.extension}
    return names


def post_places(workspace: Workspace, catalog: Catalog, package: Package, user_id: str,
                chat_id: str | None) -> Callable[[str], tuple[str, ...]]:
    """What the consent's post destination symbols (`consent.destination`) stand for in a run
    of `package` by `user_id` in `chat_id`: `this chat` the chat (its ID, a channel's unique
    name), `zoho.loginuserid` the acting person (user ID, email address, Zoho user ID),
    `this bot` the component's own bots (itself, or its extension's)."""
    found: dict[str, tuple[str, ...]] = {}

    def places(symbol: str) -> tuple[str, ...]:
        if not found:  # worked out when first asked (most runs post nowhere by name)
            chat = workspace.find_chat(chat_id) if chat_id else None
            user = workspace.user(user_id)
            found.update({
                THIS_CHAT: tuple(t for t in (chat.id, chat.unique_name) if t) if chat else (),
                LOGIN_USER: tuple(str(t) for t in (user.get("id"), user.get("email"),
                                                    user.get("zoho_user_id")) if t),
                THIS_BOT: tuple(sorted(own_bots(catalog, package))),
            })
        return found.get(symbol, ())

    return places


def may_post_as_bot(catalog: Catalog, package: Package, bot: str) -> str | None:
    own = own_bots(catalog, package)
    if bot.lower() in {name.lower() for name in own}:
        return None
    mine = ", ".join(sorted(own)) or "none"
    return (f"{package.display_name} may post only as its own bot or its extension's "
            f"(its bots: {mine}), not as {bot!r}")


def reserved_sender_name(workspace: Workspace, name: str) -> str | None:
    """Why a component may not show `name` as its sender: the simulator's own system sender,
    or a person of the organization."""
    wanted = " ".join(name.split()).casefold()
    if wanted == SYSTEM.name.casefold():
        return f"the sender name {name!r} is reserved for cliqsim's own notices"
    for user in workspace.users():
        full = f"{user['first_name']} {user['last_name']}".strip().casefold()
        if wanted in (full, str(user["id"]).casefold()):
            return f"the sender name {name!r} is a person's name in the organization"
    return None


def connection_owner(package: Package, link: str | None, installer: str | None,
                     workspace: Workspace) -> str:
    """The user id whose account the admin connection `link` of `package` signs in with: its
    declared `owner`, else `installer` (who installed the package's extension), else the first
    org admin. An `owner` counts only on an `auth = "admin"` connection, whose owner must be
    an org admin (`admit_catalog`): one written on a connection each person signs in to
    themselves (`auth = "user"`) would otherwise let `...AsAdmin` tasks speak as any member."""
    connection = package.connections.get(link) if link else None
    if connection is not None and connection.auth == "admin" and connection.owner:
        return connection.owner
    return installer or str(workspace.admins()[0]["id"])


# --- at load -------------------------------------------------------------------------------------


def admit_catalog(catalog: Catalog, workspace: Workspace) -> Catalog:
    """The catalog without packages whose admin connections are owned by someone who is not an
    org admin; each becomes a load error naming the connection and the owner."""
    admins = {str(a["id"]) for a in workspace.admins()}
    packages: dict[str, Package] = {}
    errors = list(catalog.errors)
    for package_id, package in catalog.packages.items():
        problem = _owner_problem(package, workspace, admins)
        if problem is None:
            packages[package_id] = package
        else:
            errors.append(LoadError(package.dir / "component.toml", problem,
                                    "connections"))
    if len(packages) == len(catalog.packages):
        return catalog
    return replace(catalog, packages=packages, errors=errors)


def _owner_problem(package: Package, workspace: Workspace, admins: set[str]) -> str | None:
    for link, connection in package.connections.items():
        owner: Any = connection.owner
        if connection.auth != "admin" or owner is None:
            continue
        if str(owner) not in admins:
            known = {str(u["id"]) for u in workspace.users()}
            who = f"{owner}, who is not an org admin" if owner in known else (
                f"{owner}, who is not in the organization")
            return (f"connection {link!r} signs in with its owner's account and is owned by "
                    f"{who}; only an org admin may own a connection that others use "
                    f"(admins: {', '.join(sorted(admins))})")
    return None
