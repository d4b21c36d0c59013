"""Purpose lines read as plain words."""

from __future__ import annotations

import pytest

from cliqsim.consent.items import RUNTIME_ADDRESS
from cliqsim.consent.mail import ADMIN_USER, MailSpec
from cliqsim.consent.purposes import (
    api_purpose,
    identity_purpose,
    object_purpose,
    task_purpose,
)


@pytest.mark.parametrize(
    ("obj", "field", "purpose"),
    [
        ("user", "email", "Reads your email address"),
        ("user", None, "Reads your profile (name, email address, user ID, time zone, ...)"),
        ("user", "nick_name", "Reads your nick name"),
        ("chat", "title", "Reads this chat's title"),
        ("chat", "members",
         "Reads this chat's members: their names, user IDs and email addresses"),
        ("location", None, "Reads your location"),
        ("form", "values", "Reads the values you entered in the form"),
        ("answers", "channel", 'Reads your answer to "channel"'),
        ("headers", "X-Signature", 'Reads the request header "X-Signature"'),
        ("mystery", "x", "Reads mystery: x"),
    ],
)
def test_object_purposes(obj: str, field: str | None, purpose: str) -> None:
    assert object_purpose(obj, field) == purpose


@pytest.mark.parametrize(
    ("name", "credentials", "purpose"),
    [
        ("zoho.cliq.postToChannel", "user", "Posts messages to Cliq channels as you"),
        ("zoho.cliq.postToChatAsAdmin", "user",
         "Posts messages to Cliq chats with the admin's account"),
        ("zoho.cliq.getRecords", "user", "Reads records from Cliq databases as you"),
        ("zoho.cliq.extension.setProperties", "admin",
         "Changes this extension's stored properties with the admin's account"),
        ("zoho.crm.createRecord", "admin", "Creates records in Zoho CRM with the admin's account"),
        ("zoho.desk.getRecords", "user", "Reads records from Zoho Desk as you"),
        ("zoho.books.updateRecord", "user", "Updates records in Zoho Books as you"),
        ("zoho.newthing.frobnicate", "user", "Uses Zoho Newthing (frobnicate) as you"),
        ("thisapp.notify", "user", "Runs the saved function notify as you"),
    ],
)
def test_task_purposes(name: str, credentials: str, purpose: str) -> None:
    parts = name.split(".")
    service, operation = (
        (parts[1], ".".join(parts[2:])) if parts[0] == "zoho" else (parts[0], parts[1])
    )
    assert task_purpose(name, service, operation, credentials) == purpose


def test_api_mail_and_identity_purposes() -> None:
    assert api_purpose("GET", "maps.googleapis.com", "admin", "Google Maps") == (
        "Fetches data from maps.googleapis.com with the admin's Google Maps connection"
    )
    assert api_purpose("POST", "api.example.com", "user", None) == (
        "Sends data to api.example.com without signing in"
    )
    assert api_purpose("ANY", RUNTIME_ADDRESS, "user", "Weather") == (
        "Calls an address the code decides when it runs with your Weather connection"
    )
    assert MailSpec(ADMIN_USER, ("a@x.example",)).purpose() == (
        "Sends email from the admin's address to a@x.example"
    )
    assert identity_purpose("zoho.adminuserid") == "Reads the admin's email address"
