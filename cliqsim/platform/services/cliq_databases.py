"""`zoho.cliq.*Record*`: Cliq databases, stored in the workspace.

Zoho, "Working with Cliq Database" (https://zoho.com/cliq/help/platform/working-with-databases.html)
lists the tasks; "Get Records" (https://www.zoho.com/cliq/help/platform/get-records.html) the
query map of getRecords: `criteria`, `from_index`, `limit` (100 by default), `start_token` (the
`next_token` of the previous answer) and `order_by` (`+column` lowest first, `-column` highest
first). Every task takes the connection's link name last, as the Deluge pages write it
(https://www.zoho.com/deluge/help/cliq/create-record.html and the others); cliqsim's Cliq
databases need no sign-in, so it is only read as an argument.
"""

from __future__ import annotations

import re
from typing import Any

from cliqsim.deluge.source import Span
from cliqsim.platform.services import task
from cliqsim.platform.services.context import ServiceContext

SUCCESS = "SUCCESS"
DEFAULT_LIMIT = 100
""""The getRecords task returns a list of 100 records by default when the limit is not
specified" (Zoho, "Get Records")."""

# Zoho's pages write `field==value`; real extensions also write `field=value` (Cliq runs it),
# so a single `=` is read as `==` (docs/components.md § Cliq databases).
_CONDITION = re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*(==|!=|<=|>=|<|>|=)\s*(.*?)\s*$")


def _matches(record: dict[str, Any], criteria: str, span: Span, ctx: ServiceContext) -> bool:
    """Criteria such as `availability==true && poll_id=="rec3"` (&& binds tighter than ||)."""
    if not criteria.strip():
        return True
    for alternative in criteria.split("||"):
        if all(_condition(record, part, span, ctx) for part in alternative.split("&&")):
            return True
    return False


def _condition(record: dict[str, Any], text: str, span: Span, ctx: ServiceContext) -> bool:
    text = text.strip().strip("()")
    match = _CONDITION.match(text)
    if not match:
        raise ctx.fail(f"zoho.cliq.getRecords: cannot read the criteria {text!r}; write "
                       "field==value, joined by && or ||", span)
    field, op, raw = match.groups()
    expected = raw.strip().strip("\"'")
    actual = record.get(field)
    actual_text = str(actual).lower() if isinstance(actual, bool) else str(actual)
    if op in ("==", "="):
        return actual_text == expected
    if op == "!=":
        return actual_text != expected
    try:
        left, right = float(actual_text), float(expected)
    except ValueError:
        return False
    return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]


def _db_name(ctx: ServiceContext, args: list[Any], task_name: str, span: Span) -> str:
    name = str(ctx.arg(args, 0, "database unique name", task_name, span))
    if not re.match(r"^[a-z][a-z0-9_]{0,49}$", name):
        raise ctx.fail(f"{task_name}: {name!r} is not a database unique name (a-z, 0-9, _)",
                       span)
    return name


@task("zoho.cliq.createRecord")
def create_record(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.createRecord"
    db = _db_name(ctx, args, name, span)
    values = ctx.arg(args, 1, "values map", name, span, kind=dict)
    record = ctx.workspace.db_create(db, dict(values), ctx.now())
    return {"status": SUCCESS, "object": record}


def _not_found(db: str, record_id: str) -> dict[str, Any]:
    return {"status": "FAILURE", "code": "record_not_found",
            "message": f"no record {record_id} in database {db}"}


def _count(ctx: ServiceContext, query: dict[str, Any], key: str, default: int, span: Span) -> int:
    """A whole number of the query map, written as a number or as its text ("10")."""
    value = query.get(key)
    if value is None or value == "":
        return default
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        raise ctx.fail(f"zoho.cliq.getRecords: {key} must be a whole number, not {value!r}",
                       span)
    return int(text)


def _sort_key(value: Any) -> tuple[int, float, str]:
    """Numbers (and texts that spell one) by value, before texts; records without the column
    last."""
    if value is None:
        return (2, 0.0, "")
    if not isinstance(value, bool):
        try:
            return (0, float(str(value)), "")
        except ValueError:
            pass
    return (1, 0.0, str(value).lower())


def _ordered(records: list[dict[str, Any]], order_by: Any) -> list[dict[str, Any]]:
    """`+column` lowest first (also a bare `column`), `-column` highest first; a record
    without the column stays last either way."""
    text = str(order_by or "").strip()
    if not text:
        return records
    descending, column = text.startswith("-"), text.lstrip("+-").strip()
    present = [r for r in records if r.get(column) is not None]
    absent = [r for r in records if r.get(column) is None]
    present.sort(key=lambda r: _sort_key(r.get(column)), reverse=descending)
    return present + absent


@task("zoho.cliq.getRecords")
def get_records(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    """`{"status": "SUCCESS", "list": [...]}`, with `next_token` when records remain after
    this page; `start_token` given that token starts the next page where this one ended."""
    name = "zoho.cliq.getRecords"
    db = _db_name(ctx, args, name, span)
    query = ctx.arg(args, 1, "query map", name, span, default={}, kind=dict)
    criteria = str(query.get("criteria") or "")
    records = [r for r in ctx.workspace.db_records(db) if _matches(r, criteria, span, ctx)]
    records = _ordered(records, query.get("order_by"))
    start = _count(ctx, query, "from_index", 0, span)
    token = query.get("start_token")
    if token not in (None, ""):
        if not str(token).isdigit():
            return {"status": "FAILURE", "code": "invalid_start_token",
                    "message": f"{token!r} is not a next_token this database gave"}
        start = int(str(token))
    limit = _count(ctx, query, "limit", DEFAULT_LIMIT, span) or DEFAULT_LIMIT
    page = records[start:start + limit]
    answer: dict[str, Any] = {"status": SUCCESS, "list": page}
    if start + limit < len(records):
        answer["next_token"] = str(start + limit)
    return answer


@task("zoho.cliq.getRecordById")
def get_record_by_id(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.getRecordById"
    db = _db_name(ctx, args, name, span)
    record_id = str(ctx.arg(args, 1, "record id", name, span))
    for record in ctx.workspace.db_records(db):
        if str(record["id"]) == record_id:
            return {"status": SUCCESS, "object": record}
    return _not_found(db, record_id)


@task("zoho.cliq.updateRecord")
def update_record(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.updateRecord"
    db = _db_name(ctx, args, name, span)
    record_id = str(ctx.arg(args, 1, "record id", name, span))
    values = ctx.arg(args, 2, "values map", name, span, kind=dict)
    try:
        record = ctx.workspace.db_update(db, record_id, dict(values))
    except KeyError:
        return _not_found(db, record_id)
    return {"status": SUCCESS, "object": record}


@task("zoho.cliq.deleteRecord")
def delete_record(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.deleteRecord"
    db = _db_name(ctx, args, name, span)
    record_id = str(ctx.arg(args, 1, "record id", name, span))
    removed = ctx.workspace.db_delete(db, [record_id])
    return {"status": SUCCESS if removed else "FAILURE", "deleted": removed}


@task("zoho.cliq.deleteRecords")
def delete_records(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.deleteRecords"
    db = _db_name(ctx, args, name, span)
    # "Working with Cliq Database" lists deleteRecords(<database_name>, record_id); real
    # scripts pass a query map with criteria, a list of ids, or one id: all are taken.
    which = ctx.arg(args, 1, "query map, record id or list of record ids", name, span,
                    default={})
    if isinstance(which, str) and any(_CONDITION.match(part.strip().strip("()"))
                                      for part in re.split(r"&&|\|\|", which)):
        which = {"criteria": which}  # the criteria text itself, as real scripts pass it
    if isinstance(which, dict):
        criteria = str(which.get("criteria") or "")
        ids = [r["id"] for r in ctx.workspace.db_records(db) if _matches(r, criteria, span, ctx)]
    else:
        ids = list(which) if isinstance(which, list | tuple) else [which]
    return {"status": SUCCESS, "deleted": ctx.workspace.db_delete(db, ids)}
