"""Zoho's documented Cliq database examples, run as printed (placeholders filled in).

Zoho, "Working with Cliq Database" (https://zoho.com/cliq/help/platform/working-with-databases.html)
lists the tasks; each task has a Cliq page (https://www.zoho.com/cliq/help/platform/
create-records.html, get-records.html) and a Deluge page (https://www.zoho.com/deluge/help/cliq/
create-record.html, get-records.html, update-record.html) whose examples are run here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.platform.chat_ids import bot_chat_id
from cliqsim.platform.runtime import Outcome, Runtime

MakeRuntime = Callable[[Path], Runtime]

CONNECTION = ('[connections.cliq_connection]\nservice = "Zoho Cliq"\nauth = "user"\n'
              'hosts = ["cliq.zoho.com"]\n')


def _command(tmp_path: Path, make_runtime: MakeRuntime, name: str, script: str) -> Runtime:
    write_package(tmp_path / "components", name,
                  f'type = "command"\nname = "{name}"\n[handlers]\n'
                  f'execution = "run.dg"\n{CONNECTION}', {"run.dg": script})
    runtime = make_runtime(tmp_path / "components")
    assert runtime.load_errors == ()
    return runtime


def _run(runtime: Runtime, text: str, chat: str = "general") -> Outcome:
    outcome = allowing(runtime, runtime.submit("u_admin", chat, text))
    assert outcome.status == "ok", outcome.error
    return outcome


# Zoho, "Create Record" (https://www.zoho.com/deluge/help/cliq/create-record.html), "Example 1:
# Creating a record with static values"; "Fetch Records" (.../deluge/help/cliq/get-records.html),
# "Example1: Fetching records that satisfy static criteria"; "Update Record" (.../deluge/help/
# cliq/update-record.html), "Example1: Updating a record with static values" — its record ID,
# printed masked (1775XXXX0002XXXX009), is the one the create gave.
STATIC = """\
values_map=Map();
values_map.put("name","John");
values_map.put("empid","1");
values_map.put("availability","true");

response_map = zoho.cliq.createRecord("availabilitydatabase", values_map, "cliq_connection");
record_id = response_map.get("object").get("id");

query_map=Map();
query_map.put("criteria","availability==true");

found=zoho.cliq.getRecords("availabilitydatabase",query_map, "cliq_connection");

values_map=Map();
values_map.put("availability",false);
updated=zoho.cliq.updateRecord("availabilitydatabase",record_id,values_map, "cliq_connection");
after=zoho.cliq.getRecords("availabilitydatabase",query_map, "cliq_connection");
return {"text": response_map.get("status") + " " + found.get("list").size() + " "
        + found.get("list").get(0).get("name") + " " + updated.get("status") + " "
        + after.get("list").size()};
"""


def test_the_create_fetch_and_update_examples_with_static_values(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _command(tmp_path, make_runtime, "availability", STATIC)
    assert _run(runtime, "/availability").messages[-1].text == "SUCCESS 1 John SUCCESS 0"


# Zoho, "Create Record" (Deluge), "Example 2: Creating a record with dynamic values": in a bot's
# message handler, availability is true when the person sends YES and the default false
# otherwise (a BOOLEAN, not text). The stored copy of the page stops at the task call; the
# reply says what it gave.
DYNAMIC = """\
response=Map();
values_map=Map();
values_map.put("name","Shawn");
values_map.put("empid","2");
dynamic_value=false;
if(message.equalsIgnoreCase("YES"))
{
dynamic_value=true;
}
values_map.put("availability",dynamic_value);
text = zoho.cliq.createRecord("availabilitydatabase", values_map, "cliq_connection");
available = zoho.cliq.getRecords("availabilitydatabase", {"criteria":"availability==true"}, "cliq_connection");
response.put("text", text.get("status") + " " + available.get("list").size());
return response;
"""


def test_the_create_example_with_a_dynamic_value_in_a_bot(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write_package(tmp_path / "components", "availbot",
                  'type = "bot"\nname = "Availability Bot"\nunique_name = "availbot"\n'
                  f'[handlers]\nmessage = "message.dg"\n{CONNECTION}', {"message.dg": DYNAMIC})
    runtime = make_runtime(tmp_path / "components")
    allowing(runtime, runtime.open_bot("u_admin", "Availability Bot"))
    chat = bot_chat_id("availbot", "u_admin")
    assert _run(runtime, "yes", chat).messages[-1].text == "SUCCESS 1"
    assert _run(runtime, "no", chat).messages[-1].text == "SUCCESS 1"


# Zoho, "Create Records" (https://www.zoho.com/cliq/help/platform/create-records.html): the
# Zylker IT team's /raiserequest command files a request for the person @mentioned, reading the
# mention's first and last name out of `arguments`. As far as the stored copy shows it; the
# record's last column and the reply follow the page's description.
RAISE_REQUEST = """\
response = Map();
// Check if the request made is in the correct syntax
if(mentions.size() > 0)
{
// Get details of the request assignee from the @mention made
\tuserName = mentions.get(0).get("first_name") + " " + mentions.get(0).get("last_name");
\tif(arguments.containsIgnoreCase(userName))
\t{
\t\trequest = arguments.replaceAll(userName,"");
\t\tinfo request;
\t\tassignee = mentions.get(0).get("id");
\t\tvalues_map = Map();
\t\tvalues_map.put("userid",user.get("id"));
\t\tvalues_map.put("status","Open");
\t\tvalues_map.put("request",request);
\t\tvalues_map.put("completed","FALSE");
\t\tvalues_map.put("requestedby",user.get("first_name"));
\t\tvalues_map.put("assignee",assignee);
\t\tresponse_map = zoho.cliq.createRecord("itrequests",values_map);
\t\tresponse.put("text","Request raised for " + userName + ": " + response_map.get("status"));
\t}
}
else
{
\tresponse.put("text","Mention the person the request is for");
}
return response;
"""


def test_the_raise_request_command_stores_the_request(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _command(tmp_path, make_runtime, "raiserequest", RAISE_REQUEST)
    done = _run(runtime, "/raiserequest @Arjun Rao my laptop will not start")
    assert done.messages[-1].text == "Request raised for Arjun Rao: SUCCESS"
    assert done.run is not None and done.run.info == ("@ my laptop will not start",)
    assert _run(runtime, "/raiserequest my laptop").messages[-1].text == (
        "Mention the person the request is for")


# Zoho, "Get Records" (https://www.zoho.com/cliq/help/platform/get-records.html): the query map
# takes `criteria`, `from_index`, `limit` ("returns a list of 100 records by default when the
# limit is not specified"), `start_token` (the `next_token` of a previous answer, "if there are
# any remaining records") and `order_by` ("+emp_id" lowest first, "-emp_id" highest first).
PAGED = """\
for each i in {3,1,5,2,4}
{
\tzoho.cliq.createRecord("employees", {"emp_id":i, "team":if(i % 2 == 0,"even","odd")});
}
query_map = Map();
query_map.put("order_by","+emp_id");
ascending = zoho.cliq.getRecords("employees", query_map);
query_map = Map();
query_map.put("order_by","-emp_id");
query_map.put("criteria","team==odd");
descending = zoho.cliq.getRecords("employees", query_map);
query_map = Map();
query_map.put("order_by","+emp_id");
query_map.put("from_index",0);
query_map.put("limit",2);
first = zoho.cliq.getRecords("employees", query_map);
query_map.put("start_token",first.get("next_token"));
second = zoho.cliq.getRecords("employees", query_map);
query_map.put("start_token",second.get("next_token"));
third = zoho.cliq.getRecords("employees", query_map);
text = "";
for each page in {ascending, descending, first, second, third}
{
\tfor each record in page.get("list")
\t{
\t\ttext = text + record.get("emp_id");
\t}
\ttext = text + " | ";
}
return {"text": text + third.containKey("next_token")};
"""


def test_get_records_sorts_and_pages(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _command(tmp_path, make_runtime, "employees", PAGED)
    assert _run(runtime, "/employees").messages[-1].text == (
        "12345 | 531 | 12 | 34 | 5 | false")
