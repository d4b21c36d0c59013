"""The tokenizer's context rules: words are keywords, block keys or typed lists only where the
grammar accepts them, and positions stay right across multi-line tokens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cliqsim.deluge import DelugeSyntaxError, parse
from cliqsim.deluge import ast as dast


def test_words_that_are_keywords_elsewhere_are_plain_variables() -> None:
    script = parse(
        "index = 0; index += 1; info = index; in_list = true;\n"
        'm = {"index": index, "info": info};\n'
        "for each index i in {1} { info index + i; }\n"
    )
    targets = [s.target for s in script.body if isinstance(s, dast.Assign)]
    assert targets == ["index", "index", "info", "in_list", "m"]


def test_a_bare_name_key_in_a_map_is_a_variable_not_a_block_key() -> None:
    (statement,) = parse('m = {key: "v", other : 2};').body
    assert isinstance(statement, dast.Assign)
    value = statement.value
    assert isinstance(value, dast.MapLiteral)
    assert [k for k, _ in value.entries] == [
        dast.Name("key", value.entries[0][0].span),
        dast.Name("other", value.entries[1][0].span),
    ]


def test_typed_list_only_where_a_value_starts() -> None:
    (statement,) = parse("l = List : String();").body
    assert isinstance(statement, dast.Assign) and isinstance(statement.value, dast.Construct)
    assert statement.value.element_type == "String"
    (loop,) = parse("for each list in lists { info list; }").body
    assert isinstance(loop, dast.ForEach) and loop.var == "list"


@pytest.mark.parametrize(
    "spelling", ["for each", "foreach", "for\n\n each", "For\tEach", "FOR EACH"]
)
def test_for_each_spellings(spelling: str) -> None:
    (loop,) = parse(f"{spelling} x in l {{ info x; }}").body
    assert isinstance(loop, dast.ForEach) and loop.var == "x"


def test_positions_after_multi_line_text_and_comments() -> None:
    text = 'a = "one\ntwo\nthree";\n/* c\n c */ b = 1; // x\n\tc = a;\n'
    script = parse(text)
    a, b, c = script.body
    assert (a.span.line, a.span.end_line) == (1, 3)
    assert (b.span.line, b.span.column) == (5, 7)
    assert (c.span.line, c.span.column) == (6, 2)
    assert text[c.span.start : c.span.end] == "c = a;"


def test_unusual_whitespace_is_whitespace() -> None:
    assert len(parse("\ufeffx\u00a0=\u00a01;\f y = 2;").body) == 2


def test_unknown_characters_name_their_position() -> None:
    with pytest.raises(DelugeSyntaxError) as caught:
        parse("x = 1;\ny = 2 ^ 3;")
    assert (caught.value.span.line, caught.value.span.column) == (2, 7)  # type: ignore[union-attr]
    assert "unexpected character '^'" in caught.value.message


def test_a_keyword_where_no_word_fits_is_named_as_the_keyword() -> None:
    with pytest.raises(DelugeSyntaxError) as caught:
        parse("x = 1 else;")
    assert "missing ';'" in caught.value.message
    assert caught.value.notes == ("found 'else' on line 1 before the statement ended",)


def test_stale_grammar_caches_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "deluge-grammar-0000000000.lark-cache"
    stale.write_bytes(b"old")
    unrelated = tmp_path / "other-file"
    unrelated.write_text("keep")
    code = "from cliqsim.deluge import parse; parse('x = 1;')"
    subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "CLIQSIM_CACHE": str(tmp_path)},
        check=True,
    )
    assert not stale.exists()
    assert unrelated.exists()
    assert len(list(tmp_path.glob("deluge-grammar-*.lark-cache"))) == 1


def test_form_feeds_and_unicode_separators_do_not_shift_the_pinpoint() -> None:
    with pytest.raises(DelugeSyntaxError) as caught:
        parse("a = 1;\f\nb = 2\u2028;\nc = 3\nd = 4;")
    assert caught.value.line == 3
    assert caught.value.render().splitlines()[1].endswith("| c = 3")
    assert len(parse("x\u200b=\u30001;").body) == 1


@pytest.mark.parametrize("text", ["0\r<", "a = 1;\rb = 2\f<", "x = 1;\u2028y = 2\u2029 +"])
def test_a_script_ending_mid_statement_is_pinned_on_its_last_newline_ended_line(
    text: str,
) -> None:
    # Only "\n" ends a line for the parser; a lone "\r", a form feed or a Unicode separator
    # before the end must not move the end-of-script pinpoint to a line that does not exist.
    with pytest.raises(DelugeSyntaxError) as caught:
        parse(text)
    error = caught.value
    assert error.message.startswith("(Line no: 1) ")
    assert error.span is not None and error.span.line == 1
    assert error.span.column == len(text) + 1
