"""The `[connections.NAME]` and `[[fixtures]]` tables of a `component.toml` or `shared.toml`.

    [connections.zoho_crm]                       [[fixtures]]
    service = "zohocrm"                          method = "GET"
    auth = "user"        # or "admin"            url = "https://api.example.com/places*"
    hosts = ["www.zohoapis.com"]                 body_file = "fixtures/places.json"

Each reader adds to a `Package` and raises `LoadError` naming the file, field and line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cliqsim.deluge.effects import canonical_host
from cliqsim.platform.package_model import Connection, Fixture, Package
from cliqsim.platform.package_reader import (
    LoadError,
    Reader,
    package_file,
    read_package_text,
)

MANIFEST = "component.toml"
CONNECTION_FIELDS = {"service", "auth", "hosts", "owner", "description"}
FIXTURE_FIELDS = {"method", "url", "query", "status", "headers", "body", "body_file",
                  "connection", "description"}
LINK_NAME = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def load_connections(package: Package, data: dict[str, Any], reader: Reader) -> None:
    connections = data.get("connections", {})
    if not isinstance(connections, dict):
        raise reader.fail("connections", "'connections' must be a table of [connections.NAME]")
    for link, spec in connections.items():
        where = f"connections.{link}"
        if not LINK_NAME.match(link):
            raise reader.fail(where, f"connection link name {link!r} must start with a lower-case "
                              "letter and use only a-z, 0-9 and _ (at most 50)")
        if not isinstance(spec, dict):
            raise reader.fail(where, f"'{where}' must be a table")
        reader.check_fields(spec, CONNECTION_FIELDS, where)
        auth = reader.text_field(spec, "auth", where, required=True)
        if auth not in ("user", "admin"):
            raise reader.fail(f"{where}.auth", f"'{where}.auth' must be \"user\" (each person's "
                              "own account) or \"admin\" (the connection owner's)")
        hosts = spec.get("hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
            raise reader.fail(f"{where}.hosts", f"'{where}.hosts' must be a list of host names")
        package.connections[link] = Connection(
            link_name=link,
            service=reader.text_field(spec, "service", where, required=True),
            auth=auth,
            hosts=tuple(canonical_host(h) for h in hosts),
            owner=reader.text_field(spec, "owner", where) or None,
            description=reader.text_field(spec, "description", where),
        )


def load_fixtures(package: Package, data: dict[str, Any], reader: Reader) -> None:
    fixtures = data.get("fixtures", [])
    if not isinstance(fixtures, list):
        raise reader.fail("fixtures", "'fixtures' must be an array of tables: [[fixtures]]")
    for index, spec in enumerate(fixtures):
        where = f"fixtures[{index}]"
        if not isinstance(spec, dict):
            raise reader.fail("fixtures", f"{where} must be a table")
        reader.check_fields(spec, FIXTURE_FIELDS, "fixtures")
        method = reader.text_field(spec, "method", "fixtures", default="GET").upper()
        if method not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            raise reader.fail("fixtures.method", f"{where}.method {method!r} must be GET, POST, "
                              "PUT, PATCH or DELETE")
        url = reader.text_field(spec, "url", "fixtures", required=True)
        status = spec.get("status", 200)
        if not isinstance(status, int):
            raise reader.fail("fixtures.status", f"{where}.status must be a number")
        query = spec.get("query", {})
        if not isinstance(query, dict):
            raise reader.fail("fixtures.query", f"{where}.query must be a table")
        if "body" in spec and "body_file" in spec:
            raise reader.fail("fixtures.body_file",
                              f"{where} has both 'body' and 'body_file'; keep one")
        body: Any = spec.get("body")
        if "body_file" in spec:
            body = fixture_file(package, reader, spec["body_file"], where)
        package.fixtures.append(Fixture(
            method=method, url=url, status=status, body=body,
            query={str(k): str(v) for k, v in query.items()},
            headers={str(k): str(v) for k, v in (spec.get("headers") or {}).items()},
            connection=spec.get("connection"),
            description=str(spec.get("description", "")),
            source=f"{package.id}/{MANIFEST} {where}",
        ))


def fixture_file(package: Package, reader: Reader, file: Any, where: str) -> Any:
    path = package_file(package.dir, reader, "fixtures.body_file", file)
    text = read_package_text(path, reader, "fixtures.body_file")
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise LoadError(path, f"fixture body is not valid JSON: {error.msg}", None,
                            error.lineno) from None
        except RecursionError:
            raise LoadError(path, "fixture body nests arrays or objects too deeply") from None
    return text
