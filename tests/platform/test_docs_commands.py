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
