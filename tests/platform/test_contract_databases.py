"""Cliq databases as Zoho documents them (#13 item 8).

Zoho, "Delete Records" (https://www.zoho.com/cliq/help/platform/delete-records.html): record ids
are numbers (`if(record_id > 0)`); Zoho, "Working with Cliq Database": deleteRecords.
"""

from __future__ import annotations

from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.platform.runtime import Runtime

# The page's syntax sample, with the placeholders filled in.
DELETE_SAMPLE = '''
zoho.cliq.createRecord("notes", {"title":"first"});
zoho.cliq.createRecord("notes", {"title":"second"});
query_map = Map();
criteria_string = "title==first";
query_map.put("criteria", criteria_string);
response_map = zoho.cliq.getRecords("notes", query_map);
record_id = 0;
if(response_map.get("status").equalsIgnoreCase("SUCCESS") && response_map.get("list").size() > 0)
{
    record_id = response_map.get("list").get(0).get("id");
}
if(record_id > 0)
{
    zoho.cliq.deleteRecord("notes", record_id);
}
left = zoho.cliq.getRecords("notes", Map()).get("list");
rows = zoho.cliq.getRecords("notes", Map()).get("list");
if(rows.get(0).get("id") > 0) { info "ok"; }
byid = zoho.cliq.getRecordById("notes", rows.get(0).get("id"));
zoho.cliq.deleteRecords("notes", {rows.get(0).get("id")});
return {"text": left.size() + " " + left.get(0).get("title") + " " + byid.get("status") + " " +
        zoho.cliq.getRecords("notes", Map()).get("list").size()};
'''


def test_zohos_delete_records_sample_runs(make_runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "components"
    write_package(root, "notes", 'type = "command"\nname = "notes"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": DELETE_SAMPLE})
    runtime: Runtime = make_runtime(root)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/notes"))
    assert outcome.status == "ok", outcome.error
    assert outcome.messages[-1].text == "1 second SUCCESS 0"
    assert outcome.run is not None and outcome.run.info == ("ok",)
