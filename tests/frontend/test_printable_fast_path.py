"""`Printable` and `printable` pass a text through untouched when `str.isprintable()` says so
(for `printable`, once newlines and tabs are set aside): that is safe only because every
character `printable` escapes is one `isprintable` refuses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cliqsim.frontend import terminal


def test_every_character_printable_escapes_is_one_isprintable_refuses() -> None:
    escaped = [chr(c) for c in range(0x110000)
               if not 0xD800 <= c <= 0xDFFF and terminal._unsafe().match(chr(c))]
    assert len(escaped) > 60  # C0, DEL, C1, the bidirectional controls, U+2028 / U+2029
    assert not [c for c in escaped if c.isprintable()]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(
    st.characters(), st.sampled_from("\n\t\r\x1b\x7f\x85\u202e\u2028\u061c\u2066"))))
def test_printable_escapes_exactly_what_the_pattern_matches(text: str) -> None:
    """Its fast path (nothing `str.isprintable()` refuses but newlines and tabs: the text as it
    is) gives what the pattern alone gives."""
    assert terminal.printable(text) == terminal._unsafe().sub(terminal._escape, text)


def test_a_printable_segment_is_kept_and_an_unsafe_one_escaped() -> None:
    import io

    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), width=40, markup=False)
    shown = "".join(s.text for s in console.render(terminal.Printable(
        Text("plain text \u202egnp.exe\x1b[2J"))))
    assert "plain text " in shown
    assert "\\u202egnp.exe\\u001b[2J" in shown
