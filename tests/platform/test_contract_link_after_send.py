"""The link handler's after-send handler (Zoho, "After-send Action Handler",
https://www.zoho.com/cliq/help/platform/build-cliq-extensions/extension-unfurling/post-send-action-handler.html):
it runs after the unfurled card is posted, with `domain`, `url`, `chat` and `user`, and may
answer with a message, a form or a banner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.platform.runtime import Runtime

PREVIEW = ('return {"title":"Example page","type":"link","provider_url":"https://example.org"};\n')
# The page's own sample: a form asking whom to share the page with.
SHARE_FORM = '''
return {
   "type": "form",
   "title": "Share Page",
   "name": "sharepage",
   "hint": "Share page to the chat participants",
   "button_label": "Share",
   "inputs": [
      {
         "name": "users",
         "label": "Select a user",
         "placeholder": "Choose users from the participants list to share the page with",
         "multiple": true,
         "mandatory": false,
         "type": "native_select",
         "data_source": "contacts"
      }
   ],
   "action": {
      "type": "invoke.function",
      "name": "sharepage"
   }
};
'''


def _pages(tmp_path: Path, make_runtime: Callable[[Path], Runtime], after: str,
           preview: str = PREVIEW) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "pages", """
        type = "link_handler"
        name = "Pages"
        domains = ["example.org"]
        [handlers]
        preview = "p.dg"
        after_send = "after.dg"
        """, {"p.dg": preview, "after.dg": after})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


def test_the_after_send_handler_runs_once_the_card_is_posted_and_may_open_a_form(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    """"After-send Action Handler": the sample form comes back to the person who sent the link."""
    runtime = _pages(tmp_path, make_runtime, SHARE_FORM)
    outcome = runtime.submit("u_admin", "general", "see https://example.org/page")
    assert outcome.status == "ok", outcome.error
    posted = runtime.messages("general")[-1]
    assert posted.card is not None and posted.card.title == "Example page"
    assert outcome.form is not None and outcome.form.name == "sharepage"
    assert outcome.form.title == "Share Page"
    after = next(r for r in runtime.runs() if r.handler == "unfurl_after_send_handler")
    assert after.trigger == "link_after_send"


def test_the_after_send_handler_may_answer_with_a_message_seen_by_the_sender(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    runtime = _pages(tmp_path, make_runtime,
                     'return {"text":"Shared " + url + " in " + chat.get("title") + " from " '
                     '+ domain + " by " + user.get("id")};\n')
    asked = runtime.submit("u_admin", "general", "https://example.org/a")
    # one consent for the link handler covers what its after-send handler reads
    assert asked.consent is not None
    assert {i.target for i in asked.consent.items} >= {"chat.title", "user.id"}
    outcome = allow(runtime, asked)
    assert outcome.status == "ok", outcome.error
    assert runtime.messages("general")[-2].card is not None
    reply = outcome.messages[-1]
    title = runtime.chat("general").title
    assert reply.text == f"Shared https://example.org/a in {title} from example.org by u_admin"
    assert reply.visible_to == "u_admin"


def test_no_card_no_after_send(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    """The handler is "triggered after the unfurled card is posted": a preview of null posts
    no card, so nothing runs after."""
    runtime = _pages(tmp_path, make_runtime, 'return {"text":"after"};\n',
                     preview="return null;\n")
    outcome = runtime.submit("u_admin", "general", "https://example.org/a")
    assert outcome.status == "ok"
    assert [r.handler for r in runtime.runs()] == ["unfurl_handler"]  # the preview alone
    assert all(m.text != "after" for m in runtime.messages("general"))


def test_an_after_send_error_names_its_file_and_line(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    runtime = _pages(tmp_path, make_runtime, 'x = 1;\nreturn {"text": missing.get("a")};\n')
    outcome = runtime.submit("u_admin", "general", "https://example.org/a")
    assert outcome.status == "error"
    assert outcome.error is not None and outcome.error.line == 2
    assert outcome.error.file == "pages/after.dg"
    assert runtime.messages("general")[-2].card is not None  # the card stays


def test_cliqsim_trigger_reaches_the_after_send_handler(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    runtime = _pages(tmp_path, make_runtime, 'return {"text":"after " + domain};\n')
    assert "after_send" in runtime.handlers("pages")
    outcome = allow(runtime, runtime.trigger(
        "u_admin", "pages", "after_send", {"url": "https://example.org/x",
                                           "domain": "example.org"}))
    assert outcome.status == "ok", outcome.error
    assert outcome.messages[-1].text == "after example.org"


def test_cliqsim_import_places_link_menu_and_after_send_scripts() -> None:
    """A link handler folder's "after send" / "post-send" and "menu" scripts become those
    handlers, named as on the "After-send Action Handler" and "Menu Handler" pages."""
    from cliqsim.platform.importer.vocabulary import role_from_words, words

    def role(name: str) -> str:
        found, _ = role_from_words(words(name), "link_handler")
        assert found is not None
        return found.handler

    assert role("afterSendHandler") == "after_send"
    assert role("post-send-action-handler") == "after_send"
    assert role("unfurl menu handler") == "menu"
    assert role("github preview") == "preview"
    assert role("actionHandler") == "action"
