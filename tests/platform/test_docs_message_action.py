"""Zoho, "Message Action Handler" (https://www.zoho.com/cliq/help/platform/
messageaction-handlers.html): the handler gets message, messages, attachments, user, mentions,
chat and location; the page's example saves a file shared in a chat to Google Drive: the first
attachment is a Deluge file object, put in a metadata part and sent with invokeurl's `files`.
The stored copy of the page stops at the metadata part; the rest follows Zoho's multipart
upload as the page describes it ("The files object is defined as a collection to store the
list of files being uploaded")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.platform.records import Attachment
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

DRIVE = """\
// Sample Syntax for Google Drive Message Action
message = Map();
file = attachments.get(0);
params = Map();
params.put("name",file);
comments = Map();
comments.put("stringPart","true");
comments.put("paramName","metadata");
comments.put("content",params.toString());
comments.put("contentType","application/json");
comments.put("encodingType","UTF-8");
files = List();
files.add(comments);
media = Map();
media.put("paramName","media");
media.put("content",file);
files.add(media);
driveheaders = Map();
driveheaders.put("Content-Type","multipart/related");
response = invokeurl
[
\turl :"https://www.googleapis.com/upload/drive/v3/files?uploadType=multipart"
\ttype :POST
\theaders:driveheaders
\tfiles:files
\tconnection:"gdrive"
];
message.put("text","File " + response.get("name") + " saved to Google Drive");
return message;
"""


def test_the_google_drive_message_action_uploads_the_shared_file(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write_package(tmp_path / "components", "drivesave", '''
        type = "message_action"
        name = "Save to Drive"
        message_types = ["attachment"]
        [handlers]
        execution = "drive.dg"
        [connections.gdrive]
        service = "Google Drive"
        auth = "user"
        hosts = ["www.googleapis.com"]
        [[fixtures]]
        method = "POST"
        url = "https://www.googleapis.com/upload/drive/v3/files"
        body = '{"kind": "drive#file", "id": "1AbC", "name": "spec.txt"}'
        ''', {"drive.dg": DRIVE})
    runtime = make_runtime(tmp_path / "components")
    assert runtime.load_errors == ()
    shared = runtime.submit("u_arjun", "general", "here is the spec",
                            attachments=[Attachment("spec.txt", b"the spec", "text/plain")])
    saved = allowing(runtime, runtime.run_action("u_admin", "Save to Drive",
                                                 [shared.messages[0].id]))
    assert saved.status == "ok", saved.error
    assert saved.messages[-1].text == "File spec.txt saved to Google Drive"
