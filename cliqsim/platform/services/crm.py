"""`zoho.crm.*` against the workspace's simulated CRM records (seeded from workspace.toml)."""

from __future__ import annotations

import re
from typing import Any

from cliqsim.deluge.source import Span
from cliqsim.platform.services import task
from cliqsim.platform.services.context import ServiceContext

MODULES = {"Leads", "Contacts", "Accounts", "Deals", "Tasks", "Calls", "Events", "Notes",
           "Products", "Quotes", "Sales_Orders", "Invoices", "Cases", "Campaigns", "Vendors"}
_CRITERION = re.compile(r"\(?\s*([A-Za-z_]\w*)\s*:\s*(equals|starts_with|contains)\s*:\s*"
                        r"([^)]*?)\s*\)?$")


def _module(ctx: ServiceContext, args: list[Any], task_name: str, span: Span) -> str:
    module = str(ctx.arg(args, 0, "module", task_name, span))
    if module not in MODULES:
        raise ctx.fail(f"{task_name}: {module!r} is not a Zoho CRM module (simulated modules: "
                       f"{', '.join(sorted(MODULES))}; names are case-sensitive)", span)
    return module


def _creator(ctx: ServiceContext) -> dict[str, Any]:
    user = ctx.workspace.user(ctx.user_id)
    return {"name": f"{user['first_name']} {user['last_name']}", "id": user.get("zoho_user_id"),
            "email": user["email"]}


@task("zoho.crm.getRecords")
def get_records(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.crm.getRecords"
    module = _module(ctx, args, name, span)
    page = ctx.arg(args, 1, "page", name, span, default=1)
    per_page = ctx.arg(args, 2, "per_page", name, span, default=200)
    records = ctx.workspace.crm_records(module)
    start = (int(page) - 1) * int(per_page)
    return records[start:start + int(per_page)]


@task("zoho.crm.getRecordById")
def get_record_by_id(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.crm.getRecordById"
    module = _module(ctx, args, name, span)
    record_id = str(ctx.arg(args, 1, "record id", name, span))
    for record in ctx.workspace.crm_records(module):
        if str(record.get("id")) == record_id:
            return record
    return {"code": "INVALID_DATA", "message": "the related id given seems to be invalid",
            "status": "error", "details": {"id": record_id}}


@task("zoho.crm.createRecord")
def create_record(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.crm.createRecord"
    module = _module(ctx, args, name, span)
    values = ctx.arg(args, 1, "record map", name, span, kind=dict)
    if module in ("Leads", "Contacts") and not values.get("Last_Name"):
        return {"code": "MANDATORY_NOT_FOUND", "message": "required field not found",
                "status": "error", "details": {"api_name": "Last_Name"}}
    now = ctx.now().isoformat(timespec="seconds")
    record = ctx.workspace.crm_create(module, {**values, "Created_Time": now,
                                               "Modified_Time": now,
                                               "Created_By": _creator(ctx)})
    return {"id": record["id"], "Created_Time": now, "Modified_Time": now,
            "Created_By": record["Created_By"], "Modified_By": record["Created_By"]}


@task("zoho.crm.updateRecord")
def update_record(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.crm.updateRecord"
    module = _module(ctx, args, name, span)
    record_id = str(ctx.arg(args, 1, "record id", name, span))
    values = ctx.arg(args, 2, "record map", name, span, kind=dict)
    now = ctx.now().isoformat(timespec="seconds")
    try:
        ctx.workspace.crm_update(module, record_id, {**values, "Modified_Time": now})
    except KeyError:
        return {"code": "INVALID_DATA", "message": "the related id given seems to be invalid",
                "status": "error", "details": {"id": record_id}}
    return {"id": record_id, "Modified_Time": now, "Modified_By": _creator(ctx)}


@task("zoho.crm.searchRecords")
def search_records(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.crm.searchRecords"
    module = _module(ctx, args, name, span)
    criteria = str(ctx.arg(args, 1, "criteria", name, span))
    parts = [p for p in re.split(r"\)\s*(?:and|AND)\s*\(", criteria.strip().strip("()")) if p]
    conditions = []
    for part in parts:
        match = _CRITERION.match(part)
        if not match:
            raise ctx.fail(f"{name}: cannot read the criteria {criteria!r}; write "
                           "(Field:equals:value), joined by and", span)
        conditions.append(match.groups())

    def keep(record: dict[str, Any]) -> bool:
        for field, op, value in conditions:
            actual = str(record.get(field, ""))
            if op == "equals" and actual.lower() != value.lower():
                return False
            if op == "starts_with" and not actual.lower().startswith(value.lower()):
                return False
            if op == "contains" and value.lower() not in actual.lower():
                return False
        return True

    return [r for r in ctx.workspace.crm_records(module) if keep(r)]
