"""`cliqsim consents manifest|lock|verify`: the consent review tools for a components folder.

    cliqsim consents manifest [--components DIR] [--json]
    cliqsim consents lock     [--components DIR]
    cliqsim consents verify   [--components DIR]

Each reads the packages and builds their manifests exactly as the runtime does
(`platform/review.py`); none runs a script or opens the data directory. `lock` writes only
`DIR/consent.lock`.

Exit status: `manifest` and `lock` 0 (1 when a package does not load); `verify` 0 when no
component needs more than the lock records, 1 when one does (or a package does not load, or the
lock is missing or unreadable), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cliqsim.consent.target_text import shown_target
from cliqsim.errors import UsageError

if TYPE_CHECKING:
    from cliqsim.consent.items import ConsentItem
    from cliqsim.platform.review import ComponentReview, FolderReview

EXIT_OK, EXIT_FAILED = 0, 1


def add_components_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--components", metavar="DIR", default=argparse.SUPPRESS,
                        help="folder of component packages (default: the bundled samples)")


def open_review(args: argparse.Namespace) -> FolderReview:
    from cliqsim.frontend.options import components_option
    from cliqsim.paths import bundled_components
    from cliqsim.platform.review import review_folder

    return review_folder(components_option(args) or bundled_components())


def report_load_errors(review: FolderReview) -> None:
    for error in review.errors:
        print(f"cliqsim: {error.message}", file=sys.stderr)


def whose(credentials: str) -> str:
    return "your account" if credentials == "user" else "admin's account"


def clip(text: str, width: int = 80) -> str:
    """A source line cut to `width` characters (with `...`) for a terminal."""
    return text if len(text) <= width else text[: width - 3] + "..."


# ---- manifest


def item_json(component: ComponentReview, item: ConsentItem) -> dict[str, Any]:
    """`{"kind", "target", "credentials", "purpose", "connection", "flagged", "note",
    "locations": ["path:line:col", ...]}`."""
    return {
        "kind": item.kind,
        "target": item.target,
        "credentials": item.credentials,
        "purpose": item.purpose,
        "connection": item.connection,
        "flagged": item.flagged,
        "note": item.note,
        "locations": [component.where(loc) for loc in item.locations],
    }


def component_json(component: ComponentReview) -> dict[str, Any]:
    """The documented shape plus `flows`: `[{"source", "what", "to", "sink", "location"}]`."""
    manifest = component.manifest
    return {
        "id": component.id,
        "type": manifest.component_type,
        "name": manifest.display_name,
        "fingerprint": manifest.fingerprint,
        "items": [item_json(component, item) for item in manifest.items],
        "flows": [
            {"source": flow.source, "what": flow.what, "to": flow.to, "sink": flow.sink,
             "location": component.where(flow.location)}
            for flow in component.flows
        ],
    }


def manifest_command(args: argparse.Namespace) -> int:
    review = open_review(args)
    if args.json:
        payload = {
            "components": [component_json(c) for c in review.components],
            "errors": [error.to_dict() for error in review.errors],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for component in review.components:
            print_component(component)
        report_load_errors(review)
    return EXIT_FAILED if review.errors else EXIT_OK


def print_component(component: ComponentReview) -> None:
    manifest = component.manifest
    print(f"{manifest.display_name} ({manifest.component_type}, {component.id})  "
          f"fingerprint {manifest.fingerprint[:16]}")
    if not manifest.items:
        print("    needs no consent")
    for item in manifest.items:
        connection = f", connection {item.connection}" if item.connection else ""
        flag = "  [!]" if item.flagged else ""
        print(f"  - {item.kind:<6} {shown_target(item.target)}  "
              f"({whose(item.credentials)}{connection}): {item.purpose}{flag}")
        if item.note:
            print(f"        note: {item.note}")
        for location in item.locations:
            print(f"        {component.where(location)}  {clip(location.text)}")
        for flow in component.flows:
            if flow.source == item.target:
                print(f"        → {flow.to} ({component.where(flow.location, column=False)})")
    print()


# ---- lock and verify


def lock_path(review: FolderReview) -> Path:
    from cliqsim.consent.lockfile import LOCK_FILE

    return review.folder / LOCK_FILE


def lock_command(args: argparse.Namespace) -> int:
    from cliqsim.consent.lockfile import render_lock

    review = open_review(args)
    if review.errors:
        report_load_errors(review)
        print("cliqsim: not writing consent.lock while a package does not load",
              file=sys.stderr)
        return EXIT_FAILED
    path = lock_path(review)
    text = render_lock(c.manifest for c in review.components)
    _write_atomically(path, text)
    items = sum(len(c.manifest.items) for c in review.components)
    print(f"Wrote {path}: {len(review.components)} components, {items} items.")
    return EXIT_OK


def _write_atomically(path: Path, text: str) -> None:
    import os
    import tempfile

    try:
        fd, temp = tempfile.mkstemp(prefix=".consent.lock.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def verify_command(args: argparse.Namespace) -> int:
    from cliqsim.consent.lockfile import compare, parse_lock

    review = open_review(args)
    path = lock_path(review)
    if not path.exists():
        print(f"cliqsim: no {path}; write it with `cliqsim consents lock`", file=sys.stderr)
        return EXIT_FAILED
    from cliqsim.frontend.user_files import read_user_text

    text = read_user_text(path, "the lock file")
    lock = parse_lock(text, path)
    changes = compare((c.manifest for c in review.components), lock)
    failed = False
    for change in changes:
        component = review.component(change.component_id)
        if change.needs_more:
            failed = True
            what = "is new and needs" if change.new else "needs more than consent.lock records:"
            print(f"{change.name} ({change.component_id}) {what}")
            for item in change.diff.added:
                _print_change("+", item, component)
        if change.gone:
            print(f"{change.name} ({change.component_id}) is in consent.lock but no longer in "
                  "the components (information)")
        elif change.diff.removed:
            print(f"{change.name} ({change.component_id}) no longer needs (information):")
            for item in change.diff.removed:
                _print_change("-", item, None)
    report_load_errors(review)
    if failed:
        print("Consent check failed: review the items above, then run `cliqsim consents lock` "
              "and commit consent.lock.")
        return EXIT_FAILED
    if review.errors:
        return EXIT_FAILED
    print(f"Consent check passed: {len(review.components)} components need nothing beyond "
          f"{path.name}.")
    return EXIT_OK


def _print_change(sign: str, item: ConsentItem, component: ComponentReview | None) -> None:
    connection = f", connection {item.connection}" if item.connection else ""
    print(f"  {sign} {item.kind} {shown_target(item.target)}  "
          f"({whose(item.credentials)}{connection}): {item.purpose}")
    if component is not None:
        for location in item.locations:
            print(f"      {component.where(location, column=False)}  {clip(location.text)}")
