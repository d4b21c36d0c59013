"""Link handlers: a pasted GitHub pull-request link gets its preview attached (after consent),
the preview's buttons run the action handler; other links and other domains are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.platform.links import domain_matches, preview_notes, read_preview
from cliqsim.platform.responses import ResponseError
from cliqsim.platform.runtime import Runtime

PR = "https://github.com/zylker/billing/pull/42"


def test_pasting_a_pull_request_link_attaches_its_preview(runtime: Runtime) -> None:
    asked = runtime.submit("u_arjun", "general", f"Please review {PR} today")
    assert asked.status == "consent_required"
    # the message is posted; its preview waits for the person's consent
    assert [m.card for m in asked.messages] == [None]
    api = next(i for i in asked.consent.items if i.target == "GET api.github.com")
    assert api.credentials == "user" and api.connection == "github"
    done = allow(runtime, asked)
    assert done.status == "ok", done.error
    message = runtime.messages("general")[-1]
    assert message.text == f"Please review {PR} today"
    assert message.sender.id == "u_arjun"
    assert message.card is not None
    assert message.card.title == "Retry failed card payments once before alerting #42"
    labels = [slide.data for slide in message.slides if slide.type == "label"][0]
    assert {"State": "open"} in labels and {"Author": "arjun-rao"} in labels
    assert [b.label for b in message.buttons] == ["Approve", "Request changes"]
    assert done.run is not None
    assert done.run.inputs["url"] == PR


def test_a_preview_button_runs_the_action_handler(runtime: Runtime) -> None:
    allow(runtime, runtime.submit("u_arjun", "general", f"review {PR}"))
    message = runtime.messages("general")[-1]
    outcome = runtime.click("u_arjun", message.id, "Approve")
    assert outcome.status == "ok", outcome.error
    assert outcome.notice == "You approved zylker/billing#42."
    assert outcome.run is not None
    assert outcome.run.inputs["target"]["params"] == {"repo": "zylker/billing",
                                                      "number": "42", "event": "APPROVE"}
    posted = [e for e in outcome.run.effects if e.kind == "api"]
    assert [e.target for e in posted] == [
        "POST https://api.github.com/repos/zylker/billing/pulls/42/reviews"]


def test_links_nobody_registered_and_non_pr_links_get_no_preview(runtime: Runtime) -> None:
    plain = runtime.submit("u_arjun", "general", "pricing: https://zylker.com/pricing")
    assert plain.status == "ok" and len(plain.messages) == 1
    assert plain.messages[0].card is None
    allow(runtime, runtime.submit("u_arjun", "general", f"first {PR}"))
    repo = runtime.submit("u_arjun", "general", "see https://github.com/zylker/billing")
    assert repo.status == "ok"
    assert runtime.messages("general")[-1].card is None  # the handler returned null


def test_domain_matching() -> None:
    assert domain_matches("github.com", "github.com")
    assert domain_matches("github.com", "gist.github.com")
    assert not domain_matches("github.com", "notgithub.com")
    assert domain_matches("*.atlassian.net", "zylker.atlassian.net")
    assert not domain_matches("*.atlassian.net", "atlassian.net")


DOCUMENTED = {"title": "t", "type": "link", "provider_url": "https://github.com"}


@pytest.mark.parametrize(("value", "path"), [
    ("just text", ""),
    ({"description": "no title"}, "title"),
    ({**DOCUMENTED, "actions": [{"label": str(i)} for i in range(6)]}, "actions"),
    ({**DOCUMENTED, "actions": [{"hint": "no label"}]}, "actions[0]"),
    ({**DOCUMENTED, "fields": "State: open"}, "fields"),
    ({"title": "t", "provider_url": "https://github.com"}, "type"),
    ({"title": "t", "type": "gif", "provider_url": "https://github.com"}, "type"),
    ({"title": "t", "type": "link"}, "provider_url"),
    ({**DOCUMENTED, "actions": [{"type": "link", "label": "x"}]}, "actions[0].type"),
    ({**DOCUMENTED, "actions": [{"label": "x", "style": "green"}]}, "actions[0].style"),
    ({**DOCUMENTED, "title": "t" * 501}, "title"),
    # "Menu Handler": hint at most 250, params values at most 100 characters
    ({**DOCUMENTED, "actions": [{"label": "x", "hint": "h" * 251}]}, "actions[0].hint"),
    ({**DOCUMENTED, "actions": [{"label": "x", "params": {"id": "9" * 101}}]},
     "actions[0].params.id"),
])
def test_bad_previews_name_the_key(value: object, path: str) -> None:
    """Zoho, "Preview handler": title, type (link | photo | video | rich) and provider_url are
    required; actions are {type: "button", label, hint, style: "+" | "-", confirm, params}."""
    with pytest.raises(ResponseError) as caught:
        read_preview(value, "gh", PR)
    assert caught.value.path == path


def test_a_link_handler_needs_domains(tmp_path: Path, make_runtime: object) -> None:
    root = tmp_path / "components"
    write_package(root, "jira", """
        type = "link_handler"
        name = "Jira"
        domains = ["https://zylker.atlassian.net/browse"]
        [handlers]
        preview = "p.dg"
        """, {"p.dg": 'return null;\n'})
    assert callable(make_runtime)
    runtime = make_runtime(root)
    error = runtime.load_errors[0]
    assert error.field == "domains" and "is not a domain name" in error.reason


def test_an_action_handler_may_not_start_a_context(tmp_path: Path, make_runtime: object) -> None:
    root = tmp_path / "components"
    write_package(root, "docs", """
        type = "link_handler"
        name = "Docs"
        domains = ["docs.zylker.com"]
        [handlers]
        preview = "p.dg"
        action = "a.dg"
        """, {"p.dg": 'return {"title":"Guide","type":"link","provider_url":"https://docs.zylker.com",'
                      '"actions":{{"label":"Ask"}}};\n',
              "a.dg": 'return {"context":{"id":"q","params":{{"name":"n","question":"?"}}}};\n'})
    assert callable(make_runtime)
    runtime = make_runtime(root)
    posted = runtime.submit("u_admin", "general", "https://docs.zylker.com/start")
    assert posted.status == "ok"  # it touches nothing that needs consent
    message = runtime.messages("general")[-1]
    assert message.card is not None and message.card.title == "Guide"
    outcome = runtime.click("u_admin", message.id, "Ask")
    assert outcome.status == "error"
    assert "cannot return a context" in outcome.error.message


def test_the_documented_preview_with_dynamic_actions_and_a_menu(
        tmp_path: Path, make_runtime: object) -> None:
    """The issue's example in Cliq's shape; Zoho "Menu Handler": its buttons join the card."""
    root = tmp_path / "components"
    write_package(root, "pages", """
        type = "link_handler"
        name = "Pages"
        domains = ["example.org"]
        [handlers]
        preview = "p.dg"
        action = "a.dg"
        menu = "m.dg"
        """, {"p.dg": 'return {"title":"Example page","type":"link","provider_url":'
                      '"https://example.org","provider_name":"Example","dynamic_actions":true,'
                      '"actions":[{"type":"button","label":"Open","style":"+","params":'
                      '{"id":1}}]};\n',
              "m.dg": 'return [{"type":"button","label":"Share","hint":"Share page",'
                      '"params":{"page_id":"demopageid123"}}];\n',
              "a.dg": 'return {"text":"clicked " + target.get("label") + " " + '
                      'target.get("params")};\n'})
    assert callable(make_runtime)
    runtime = make_runtime(root)
    posted = runtime.submit("u_admin", "general", "see https://example.org/page")
    assert posted.status == "consent_required"  # the action handler reads the target
    assert posted.pending is not None
    runtime.decide(posted.pending, True)
    message = runtime.messages("general")[-1]
    assert message.card is not None and message.card.title == "Example page"
    assert [b.label for b in message.buttons] == ["Open", "⋯"]
    assert message.buttons[0].type == "+"
    menu = runtime.click("u_admin", message.id, "⋯")
    assert menu.status == "ok", menu.error
    message = runtime.messages("general")[-1]
    assert [b.label for b in message.buttons] == ["Open", "⋯", "Share"]
    shared = runtime.click("u_admin", message.id, "Share")
    assert shared.status == "ok", shared.error
    assert shared.messages[-1].text == 'clicked Share {"page_id":"demopageid123"}'


def test_a_key_cliq_does_not_know_is_ignored_and_noted() -> None:
    """A preview with a misspelt `faviconlink` (real extensions have them) still attaches, as in
    Cliq, which ignores keys it does not know; the run's inspector names the key and the
    documented ones (docs/components.md § Responses)."""
    value = {**DOCUMENTED, "faviconlink": "https://github.com/favicon.ico", "description": "d"}
    card, _slides, _buttons = read_preview(value, "gh", PR)
    assert card.title == "t"
    (note,) = preview_notes(value)
    assert "ignored 'faviconlink', which is not a key of a link preview" in note
    assert "favicon_url" in note
