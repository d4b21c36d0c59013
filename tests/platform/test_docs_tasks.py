"""Zoho's documented `zoho.cliq.*` task examples (the Deluge help pages under
https://www.zoho.com/deluge/help/cliq/ and Cliq's "Post To Bot" page), run as printed, and
the Cliq objects every handler gets (the "Cliq Object References" pages)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.platform.chat_ids import bot_chat_id
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

WORKSPACE = """\
[organization]
id = "12345"
name = "Zylker"

[[users]]
id = "u_admin"
first_name = "Priya"
last_name = "Sharma"
email = "priya@zylker.com"
admin = true

[[users]]
id = "u_shawn"
first_name = "Shawn"
last_name = "Lee"
email = "shawn@zylker.com"
zoho_user_id = "66667777"

[[channels]]
unique_name = "delugechannel"
title = "DelugeChannel"
members = ["*"]
"""


def _command(tmp_path: Path, make_runtime: MakeRuntime, script: str,
             extra: str = "") -> Runtime:
    root = tmp_path / "components"
    root.mkdir(parents=True, exist_ok=True)
    (root / "workspace.toml").write_text(WORKSPACE)
    # the examples name a Zoho Cliq connection, "cliq_connection", which the developer creates
    write_package(root, "post", 'type = "command"\nname = "post"\n' + extra +
                  '[handlers]\nexecution = "run.dg"\n[connections.cliq_connection]\n'
                  'service = "Zoho Cliq"\nauth = "user"\nhosts = ["cliq.zoho.com"]\n',
                  {"run.dg": script})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


# Zoho, "Post to User" (https://www.zoho.com/deluge/help/cliq/post-to-user.html): by email ID
# or ZUID, with or without the connection; the response is {"status":"success"}, and for an
# email ID or ZUID nobody has, {"message": "Sorry, we couldn't process ...", "code":
# "operation_failed"}.
POST_TO_USER = """\
response = zoho.cliq.postToUser("shawn@zylker.com","Hello","cliq_connection");
second = zoho.cliq.postToUser("66667777",{"text":"Hello"});
missing = zoho.cliq.postToUser("nobody@zylker.com","Hello");
return {"text":response.get("status") + " " + second.get("status") + " " + missing.get("code")
        + ": " + missing.get("message")};
"""


def test_the_post_to_user_examples_and_their_responses(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _command(tmp_path, make_runtime, POST_TO_USER)
    outcome = allowing(runtime, runtime.submit("u_admin", "delugechannel", "/post"))
    assert outcome.status == "ok", outcome.error
    assert outcome.messages[-1].text == (
        "success success operation_failed: Sorry, we couldn't process your request due to a "
        "technical error. Please try again later.")
    dm = [m.text for m in runtime.messages("dm_u_admin_u_shawn", "u_shawn")]
    assert dm == ["Hello", "Hello"]


# Zoho, "Post to Channel" (https://www.zoho.com/deluge/help/cliq/post-to-channel.html): text or
# a message map, the connection's link name last; the message may also be a FILE or a LIST of
# FILE ("<message> TEXT KEY-VALUE FILE LIST of FILE").
POST_TO_CHANNEL = """\
response = zoho.cliq.postToChannel("DelugeChannel", "Hello", "cliq_connection");
again = zoho.cliq.postToChannel("DelugeChannel", {"text":"Hello"}, "cliq_connection");
report = "name,score\\nPriya,9".toFile("scores.csv");
files = zoho.cliq.postToChannel("DelugeChannel", report);
both = zoho.cliq.postToChannel("DelugeChannel", {report, "notes".toFile("notes.txt")});
return {"text":"posted"};
"""


def test_the_post_to_channel_examples_with_text_maps_and_files(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _command(tmp_path, make_runtime, POST_TO_CHANNEL)
    outcome = allowing(runtime, runtime.submit("u_admin", "delugechannel", "/post"))
    assert outcome.status == "ok", outcome.error
    posted = [m for m in runtime.messages("delugechannel")
              if m.component == "post" and m.visible_to is None]  # not the command's reply
    assert [m.text for m in posted] == ["Hello", "Hello", "", ""]
    assert [a["name"] for a in posted[2].attachments] == ["scores.csv"]
    assert [a["name"] for a in posted[3].attachments] == ["scores.csv", "notes.txt"]


# Zoho, "Post To Bot" (https://zoho.com/cliq/help/platform/post-to-bot.html): the example
# reads a Zoho Projects bug list and posts a card with a table slide to the bot; its slide
# writes the headers with Deluge's `{...}` collection syntax.
POST_TO_BOT = """\
message = Map();
response = invokeUrl [
    url : "https://projects.zoho.com/restapi/portal/1/projects/2/bugs/?assignee=3"
    type : GET
    connection : "zohoprojects"
];
info response;
bugs = response.toMap().get("bugs");
rows = List();
for each  bug in bugs
{
\ttitle = bug.get("title");
\tbugid = bug.get("bug_number");
\tseverity = bug.get("severity").toMap().get("type");
\trow = Map();
\trow.put("Issue Title",title);
\trow.put("Issue ID",bugid);
\trow.put("Severity",severity);
\trows.add(row);
}
message = {"text":"Issues Filed Under your Name","card":{"theme":"modern-inline","title":"Issue Reports"},"slides":{{"type":"table","title":"Issue Details","data":{"headers": {"Issue Title","Issue ID","Severity"},"rows":rows}}}};
zoho.cliq.postToBot("bugbot",message);
info message;
return Map();
"""
BUGS = ('{"bugs": [{"title": "Login fails", "bug_number": "B1", "severity": {"type": "Major"}},'
        ' {"title": "Typo", "bug_number": "B2", "severity": {"type": "Minor"}}]}')


def test_the_post_to_bot_example_posts_its_table_to_the_bot(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    write_package(root, "bugbot", f"""
        type = "bot"
        name = "Bug Bot"
        unique_name = "bugbot"
        [[menu]]
        name = "My bugs"
        handler = "bugs.dg"
        [connections.zohoprojects]
        service = "Zoho Projects"
        auth = "user"
        hosts = ["projects.zoho.com"]
        [[fixtures]]
        url = "https://projects.zoho.com/restapi/portal/1/projects/2/bugs/"
        body = '{BUGS}'
        """, {"bugs.dg": POST_TO_BOT})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    outcome = allowing(runtime, runtime.menu_action("u_admin", "bugbot", "My bugs"))
    assert outcome.status == "ok", outcome.error
    posted = runtime.messages(bot_chat_id("bugbot", "u_admin"))[-1]
    assert posted.text == "Issues Filed Under your Name"
    assert posted.card is not None and posted.card.title == "Issue Reports"
    table = posted.slides[0]
    assert table.type == "table" and table.title == "Issue Details"
    assert table.data["headers"] == ["Issue Title", "Issue ID", "Severity"]
    assert table.data["rows"][1] == {"Issue Title": "Typo", "Issue ID": "B2",
                                     "Severity": "Minor"}


# Zoho, "User Object", "Chat Object", "Mentions Object", "Access and Environment objects"
# (https://www.zoho.com/cliq/help/platform/cliq-objects/...): the shapes every handler reads.
OBJECTS = """\
m = mentions.get(0);
return {"text":user.get("organization_id") + " " + user.get("admin") + " " + user.get("language")
        + " | " + chat.get("type") + " " + chat.get("title")
        + " | " + m.get("type") + " " + m.get("first_name") + " " + m.get("email")
        + " | " + environment.get("tld") + " " + environment.get("base_url")
        + " | " + access.get("user_id") + " " + access.get("chat_id")};
"""


def test_the_cliq_objects_have_the_documented_shapes(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _command(tmp_path, make_runtime, OBJECTS)
    outcome = allowing(runtime, runtime.submit("u_admin", "delugechannel", "/post @Shawn"))
    assert outcome.status == "ok", outcome.error
    assert outcome.messages[-1].text == (
        "12345 true en | channel DelugeChannel | user Shawn shawn@zylker.com"
        " | .com https://cliq.zoho.com/company/12345 | u_admin delugechannel")


THREAD = 'p = chat.get("parent_resource");\nreturn {"text":chat.get("type") + " in " + p.get("channel_unique_name") + " (" + p.get("title") + ")"};\n'


def test_a_thread_chat_names_its_channel_as_parent_resource(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    """Zoho, "Chat Object": a thread's chat has `parent_resource`, the channel it is in."""
    runtime = _command(tmp_path, make_runtime, THREAD)
    parent = runtime.submit("u_admin", "delugechannel", "plans for Q3").messages[0]
    outcome = allowing(runtime, runtime.reply_in_thread("u_admin", parent.id, "/post"))
    assert outcome.status == "ok", outcome.error
    assert outcome.messages[-1].text == "thread in delugechannel (DelugeChannel)"


# Zoho, "Posting to Zoho Cliq" (https://www.zoho.com/deluge/help/cliq/posting-to-zoho-cliq.html):
# text to a chat by its ID, as text or as `{"text": ...}`, and the message formats posted to
# "DelugeChannel" (*bold*, _italics_, ~strike~), kept as written for Cliq to draw.
POSTING = """\
chat = zoho.cliq.postToChat(chatid,"Hello");
again = zoho.cliq.postToChat(chatid,{"text":"Hello"});
response = zoho.cliq.postToChannel("DelugeChannel","*Hello*");
response = zoho.cliq.postToChannel("DelugeChannel","_Hello_");
response = zoho.cliq.postToChannel("DelugeChannel","~Hello~");
return Map();
"""


def test_the_posting_to_zoho_cliq_examples(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    dm = "dm_u_admin_u_shawn"
    runtime = _command(tmp_path, make_runtime, f'chatid = "{dm}";\n' + POSTING)
    runtime.submit("u_admin", dm, "hi Shawn")  # the chat exists once someone wrote in it
    outcome = allowing(runtime, runtime.submit("u_admin", "delugechannel", "/post"))
    assert outcome.status == "ok", outcome.error
    assert [m.text for m in runtime.messages(dm)][-2:] == ["Hello", "Hello"]
    channel = [m.text for m in runtime.messages("delugechannel") if m.component == "post"]
    assert channel == ["*Hello*", "_Hello_", "~Hello~"]


# Zoho, "Post To User" (https://www.zoho.com/cliq/help/platform/post-to-user.html): "a scheduler
# configured to get reports of the latest campaign sent" posts a label slide to the user. The
# sample as far as the stored copy of the page shows it; its last lines post the label with
# postToUser, as the page says the example does.
CAMPAIGN = """\
//Configure a scheduler that reminds you of tasks and posts the message in a chat, channel or a bot!
message = Map();
params = Map();
params.put("limit","1");
params.put("resfmt","JSON");
response_map = invokeurl
[
\turl :"https://campaigns.zoho.com/api/recentsentcampaigns"
\ttype :GET
\tparameters:params
\tconnection:"zohocampaigns"
];
// info response_map;
campaignKey = response_map.get("recent_sent_campaigns").toMap().get("campaign_key");
info campaignKey;
paramsMap = Map();
paramsMap.put("campaignkey",campaignKey);
paramsMap.put("resfmt","JSON");
response = invokeurl
[
\turl :"https://campaigns.zoho.com/api/campaignreports"
\ttype :GET
\tparameters:paramsMap
\tconnection:"zohocampaigns"
];
info response;
label = {"type":"label","data":{{"Total audience count":response.get("campaign-reports").toMap().get("emails_sent_count")},{"Unique clicks":response.get("campaign-reports").toMap().get("unique_clicked_percent") + " %"},{"Open Percentage":response.get("campaign-reports").toMap().get("open_percent")}}};
info label;
message = {"text":"Latest campaign report","slides":{label}};
zoho.cliq.postToUser("shawn@zylker.com",message);
"""


def test_the_post_to_user_scheduler_sample_posts_its_label_slide(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    root.mkdir(parents=True)
    (root / "workspace.toml").write_text(WORKSPACE)
    write_package(root, "campaign", """
        type = "scheduler"
        name = "Campaign report"
        [handlers]
        execution = "run.dg"
        [schedule]
        frequency = "daily"
        time = "09:00"
        [connections.zohocampaigns]
        service = "Zoho Campaigns"
        auth = "admin"
        hosts = ["campaigns.zoho.com"]
        [[fixtures]]
        url = "https://campaigns.zoho.com/api/recentsentcampaigns"
        body = '{"recent_sent_campaigns": {"campaign_key": "ck1"}}'
        [[fixtures]]
        url = "https://campaigns.zoho.com/api/campaignreports"
        query = { campaignkey = "ck1" }
        body = '{"campaign-reports": {"emails_sent_count": "120", "unique_clicked_percent": "8", "open_percent": "41"}}'
        """, {"run.dg": CAMPAIGN})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    outcome = allowing(runtime, runtime.trigger("u_admin", "campaign", "execution"))
    assert outcome.status == "ok", outcome.error
    posted = runtime.messages("dm_u_admin_u_shawn", "u_shawn")[-1]
    assert posted.text == "Latest campaign report"
    label = posted.slides[0]
    assert label.type == "label"
    assert label.data == [{"Total audience count": "120"}, {"Unique clicks": "8 %"},
                          {"Open Percentage": "41"}]
