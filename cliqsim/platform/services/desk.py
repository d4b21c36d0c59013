"""`zoho.desk.*`: tickets against the workspace's simulated Desk records (module `Desk_<module>`
in the CRM table, so one store serves both)."""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.source import Span
from cliqsim.platform.services import task
from cliqsim.platform.services.context import ServiceContext

MODULES = {"tickets", "contacts", "accounts", "tasks"}


def _module(ctx: ServiceContext, args: list[Any], index: int, task_name: str, span: Span) -> str:
    module = str(ctx.arg(args, index, "module", task_name, span)).lower()
    if module not in MODULES:
        raise ctx.fail(f"{task_name}: {module!r} is not a Zoho Desk module (simulated: "
                       f"{', '.join(sorted(MODULES))})", span)
    return module


@task("zoho.desk.create")
def create(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.desk.create"
    module = _module(ctx, args, 1, name, span)
    values = ctx.arg(args, 2, "record map", name, span, kind=dict)
    if module == "tickets" and not values.get("subject"):
        return {"errorCode": "INVALID_DATA", "message": "subject is required"}
    now = ctx.now().isoformat(timespec="seconds")
    record = ctx.workspace.crm_create(f"Desk_{module}", {**values, "createdTime": now,
                                                        "status": values.get("status", "Open")})
    return record


@task("zoho.desk.getRecords")
def get_records(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.desk.getRecords"
    module = _module(ctx, args, 1, name, span)
    start = int(ctx.arg(args, 2, "fromIndex", name, span, default=0) or 0)
    limit = int(ctx.arg(args, 3, "limit", name, span, default=50) or 50)
    return {"data": ctx.workspace.crm_records(f"Desk_{module}")[start:start + limit]}
