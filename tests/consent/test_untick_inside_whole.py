"""An unticked field stays out even when the whole object that holds it stays ticked
(docs/consents.md, threat model row 34).

A script that reads `user.get("email")` and also the whole `user` (`user.toString()`) lists
both "Reads your email address" and "Reads your profile (name, email address, ...)". A person
who unticked only the email was told the script gets null for it ("an unticked field is missing
from its object's map"), but the whole profile was bound as it is, email included, so
`user.get("email")` still gave the address. `bind_objects` now takes the unticked fields out
of a whole object too."""

from __future__ import annotations

from cliqsim.consent.guard import bind_objects
from cliqsim.consent.items import ConsentItem

from .conftest import EMAIL

PROFILE = ConsentItem("object", "user", "user",
                      "Reads your profile (name, email address, user ID, time zone, ...)")
USER = {"first_name": "Asha", "email": "asha@zylker.com", "id": "u_asha"}


def test_an_unticked_field_is_missing_from_a_whole_object_left_ticked() -> None:
    bound = bind_objects([PROFILE], {"user": dict(USER)}, {"user"}, refused=[EMAIL])
    assert bound["user"] == {"first_name": "Asha", "id": "u_asha"}


def test_a_whole_object_with_nothing_unticked_is_bound_as_it_is() -> None:
    bound = bind_objects([PROFILE, EMAIL], {"user": dict(USER)}, {"user"})
    assert bound["user"] == USER
