"""Zoho's documented slash-command samples, run as printed.

Zoho, "Command Execution Handler" (https://www.zoho.com/cliq/help/platform/commandexecution.html):
the handler gets arguments, chat, user, options, mentions, attachments, selections, location;
its /traffic sample reads the `-from` and `-to` parameters ("A command parameter is an additional
input passed while executing the command with a "hyphen". For example, a /traffic command can
have the parameters, -to and -from", Zoho's Cliq FAQ, https://zoho.com/cliq/help/platform/faq.html).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.platform.runtime import Runtime
from cliqsim.platform.triggers.chat import command_options

MakeRuntime = Callable[[Path], Runtime]

# The page's sample as far as the stored copy of the page shows it, then a reply with what it
# worked out (the page goes on to draw a card from the same values).
TRAFFIC = """\
from = options.get("from");
to = options.get("to");
fromLoc = "";
toLoc = "";
mapUrl = "https://www.google.co.in/maps/dir/" + encodeurl(from) + "/" + encodeurl(to) + "/";
resp = getUrl("https://maps.googleapis.com/maps/api/distancematrix/json?origins=" + encodeurl(from) + "&destinations=" + encodeurl(to) + "&departure_time=now&key=");
info resp;
status = resp.toMap().get("status");
if(status == "OK")
{
    if(fromLoc == "")
    {
        fromLoc = resp.toMap().get("origin_addresses").get(0);
        fromLoc = fromLoc.replaceall("\\"","");
        cnt = fromLoc.getOccurenceCount(",");
        if(cnt >= 1)
        {
            city = fromLoc.substring(0,fromLoc.indexof(","));
            fromLoc = city;
        }
    }
    if(toLoc == "")
    {
        toLoc = resp.toMap().get("destination_addresses").get(0);
        toLoc = toLoc.replaceall("\\"","");
        cnt = toLoc.getOccurenceCount(",");
        if(cnt >= 1)
        {
            city = toLoc.substring(0,toLoc.indexof(","));
            toLoc = city;
        }
    }
}
return {"text":fromLoc + " to " + toLoc + ": " + mapUrl};
"""
MATRIX = ('{"status":"OK","origin_addresses":["Chennai, Tamil Nadu, India"],'
          '"destination_addresses":["New Delhi, Delhi, India"]}')


def test_the_traffic_sample_reads_its_hyphen_parameters(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    write_package(root, "traffic", f"""
        type = "command"
        name = "traffic"
        [handlers]
        execution = "run.dg"
        [[fixtures]]
        url = "https://maps.googleapis.com/maps/api/distancematrix/json"
        query = {{ origins = "Chennai", destinations = "New Delhi" }}
        body = '{MATRIX}'
        """, {"run.dg": TRAFFIC})
    runtime = make_runtime(root)
    outcome = allowing(runtime, runtime.submit("u_admin", "general",
                                               "/traffic -from Chennai -to New Delhi"))
    assert outcome.status == "ok", outcome.error
    # (how encodeurl spells the space is the Deluge page's business, not this one's)
    assert outcome.messages[-1].text.startswith(
        "Chennai to New Delhi: https://www.google.co.in/maps/dir/Chennai/New")


@pytest.mark.parametrize(("text", "options"), [
    ("-from Chennai -to New Delhi", {"from": "Chennai", "to": "New Delhi"}),
    ("-from=Chennai -to=Delhi", {"from": "Chennai", "to": "Delhi"}),
    ("report -urgent", {"urgent": "true"}),
    ("total -5 -n 3", {"n": "3"}),  # a negative number is a word, not a parameter
    ("no parameters here", {}),
])
def test_command_options(text: str, options: dict[str, str]) -> None:
    assert command_options(text) == options


# Zoho, "Command Suggestion Handler" (https://www.zoho.com/cliq/help/platform/
# command-suggestion.html): the handler receives arguments, chat, user, options, mentions,
# attachments ("An array of deluge file objects"), selections and location; the page's sample
# suggestion object, as its "Edit Suggestion Code" template writes it (`List` and `list` are one
# variable: Deluge names ignore case).
SUGGESTIONS = """\
List = List();
entry = Map();
entry.put("title","Suggestion Title");
list.add(entry);
entry.put("description","Suggestion Description");
entry.put("imageurl","https://www.zoho.com/cliq/help/platform/images/suggestion.png");
return list;
"""


def test_the_suggestion_template_and_its_inputs(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    seen = ('return {{"title":"files: " + attachments.size() + ", typed: " + arguments}};')
    write_package(root, "pick", 'type = "command"\nname = "pick"\n[handlers]\n'
                  'execution = "run.dg"\nsuggestion = "suggest.dg"\n',
                  {"run.dg": 'return {"text":"ok"};', "suggest.dg": SUGGESTIONS})
    write_package(root, "seen", 'type = "command"\nname = "seen"\n[handlers]\n'
                  'execution = "run.dg"\nsuggestion = "suggest.dg"\n',
                  {"run.dg": 'return {"text":"ok"};', "suggest.dg": seen})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    offered = allowing(runtime, runtime.suggest("u_admin", "general", "/pick "))
    assert offered.status == "ok", offered.error
    (only,) = offered.suggestions
    assert (only.title, only.description) == ("Suggestion Title", "Suggestion Description")
    typed = allowing(runtime, runtime.suggest("u_admin", "general", "/seen lun"))
    assert typed.status == "ok", typed.error
    assert [s.title for s in typed.suggestions] == ["files: 0, typed: lun"]


# Zoho, "Managing Commands" (https://www.zoho.com/cliq/help/platform/managingcommands.html): "A
# Command name can contain only alphabets and a maximum of 20 characters and hint can contain a
# maximum of 100 characters."
@pytest.mark.parametrize(("name", "hint", "words"), [
    ("a" * 21, "", "must be 1-20 characters"),
    ("standup", "h" * 101, "a command's hint has at most 100 characters (this one has 101)"),
])
def test_command_name_and_hint_limits(tmp_path: Path, make_runtime: MakeRuntime, name: str,
                                      hint: str, words: str) -> None:
    root = tmp_path / "components"
    write_package(root, "cmd", f'type = "command"\nname = "{name}"\nhint = "{hint}"\n'
                  '[handlers]\nexecution = "run.dg"\n', {"run.dg": 'return {"text":"ok"};'})
    runtime = make_runtime(root)
    assert any(words in str(error) for error in runtime.load_errors), runtime.load_errors
    fine = tmp_path / "fine"
    write_package(fine, "cmd", f'type = "command"\nname = "{"a" * 20}"\nhint = "{"h" * 100}"\n'
                  '[handlers]\nexecution = "run.dg"\n', {"run.dg": 'return {"text":"ok"};'})
    assert make_runtime(fine).load_errors == ()
