"""The poll and prompt card themes (#13 item 11).

Zoho, "Message Cards" (https://www.zoho.com/cliq/help/restapi/v3/messagecards/): a `poll` card
needs `theme`, `title` and `options` (2 to 10, each `{text}` of at most 100 characters) and
shows live vote counts and percentages; a `prompt` card needs `theme`, `title` and `buttons`
(at least 1, at most 5); one without buttons is shown with a note, as real code returns it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import write_package
from rich.console import Console

from cliqsim.frontend.render import body
from cliqsim.platform.responses import ResponseError, normalize
from cliqsim.platform.runtime import Runtime


def _poll(options: object, title: object = "Lunch?") -> dict[str, object]:
    return {"text": "vote", "card": {"theme": "poll", "title": title, "options": options}}


@pytest.mark.parametrize(("value", "path", "words"), [
    (_poll([{"text": "Pizza"}]), "card.options", "has 1 options; a poll has 2 to 10"),
    (_poll([{"text": str(i)} for i in range(11)]), "card.options", "a poll has 2 to 10"),
    (_poll(None), "card.options", "a poll card needs options"),
    (_poll([{"text": "x" * 101}, {"text": "b"}]), "card.options[0].text", "at most 100"),
    (_poll([{"text": "a"}, {"text": "a"}]), "card.options", "two options read 'a'"),
    (_poll(["a", "b"], None), "card.title", "a poll card needs a title"),
])
def test_the_theme_rules_are_checked(value: dict[str, object], path: str, words: str) -> None:
    with pytest.raises(ResponseError) as caught:
        normalize(value)
    assert caught.value.path == path and words in caught.value.message


def test_a_prompt_without_buttons_is_shown_with_a_note() -> None:
    """Zoho's page asks a prompt for 1 to 5 buttons, but Zoho engineers' published schedulers
    return one without (docs/components.md, "Real code written by others"): it runs, noted."""
    shown = normalize({"text": "ok?", "card": {"theme": "prompt", "title": "Deploy?"}})
    assert shown.card is not None and shown.card.title == "Deploy?" and shown.buttons == ()
    assert any("a prompt card has no button" in note for note in shown.notes)
    with pytest.raises(ResponseError) as caught:  # the question stays required
        normalize({"text": "ok?", "card": {"theme": "prompt"}})
    assert caught.value.path == "card.title"


def test_a_prompt_takes_its_buttons_from_the_card_or_the_message() -> None:
    button = {"label": "Approve", "action": {"type": "invoke.function",
                                             "data": {"name": "approve"}}}
    inside = normalize({"text": "ok?", "card": {"theme": "prompt", "title": "Deploy?",
                                                "buttons": [button]}})
    outside = normalize({"text": "ok?", "card": {"theme": "prompt", "title": "Deploy?"},
                         "buttons": [button]})
    assert [b.label for b in inside.buttons] == [b.label for b in outside.buttons] == ["Approve"]


def test_votes_are_counted_with_percentages(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    root = tmp_path / "c"
    write_package(root, "lunch", 'type = "command"\nname = "lunch"\n[handlers]\n'
                  'execution = "l.dg"\n', {"l.dg": 'return {"text":"vote","card":{"theme":'
                                                   '"poll","title":"Lunch?","options":'
                                                   '[{"text":"Pizza"},{"text":"Sushi"},'
                                                   '{"text":"Salad"}]}};'})
    runtime = make_runtime(root)
    poll = runtime.submit("u_admin", "general", "/lunch").messages[-1]
    assert [b.label for b in poll.all_buttons()] == ["Pizza", "Sushi", "Salad"]
    runtime.click("u_admin", poll.id, "Sushi")
    runtime.click("u_admin", poll.id, "Pizza")  # a new vote replaces the old one
    shown = runtime.message(poll.id)
    assert shown.card is not None
    assert shown.card.tally() == [("Pizza", 1, 100), ("Sushi", 0, 0), ("Salad", 0, 0)]
    console = Console(width=80, record=True)
    console.print(body(shown))
    drawn = console.export_text()
    assert "1 vote  100%" in drawn and "0 votes  0%" in drawn and "1 vote in all" in drawn
