"""The data-only format of the front end's on-disk caches: the grammar's parse tables and parsed
scripts (ASTs) are kept as JSON, never as pickles.

A pickle runs code when it is loaded, so a file planted in the cache folder would run on the
next start. JSON read back here yields only plain containers, the AST's own node classes and
`Span` (looked up by name in a fixed table) and the one lexer class: a planted or damaged file
is at worst a wrong cache entry, which the callers discard (they parse instead).

Both caches are keyed by `frontend_stamp()`: a hash (BLAKE2b, `digests.blake2b`: about 90 KB are
hashed on every start) of every front-end file (the grammar, the lexer, the parser, the AST and
span definitions, this module), Lark's version and Python's, so a change to any of them leaves
the old entries unused.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from cliqsim.deluge import ast as dast
from cliqsim.deluge.source import Span
from cliqsim.digests import blake2b

FRONTEND_FILES = (
    "grammar.lark",
    "lexer.py",
    "parser.py",
    "syntax_errors.py",
    "creator_syntax.py",
    "ast.py",
    "source.py",
    "cache_format.py",
)

_NODES: dict[str, type] = {
    name: value for name, value in vars(dast).items() if dast.is_node_type(value)
}
_FIELDS: dict[type, tuple[str, ...]] = {cls: dast.fields_of(cls) for cls in _NODES.values()}
_NODES["Span"] = Span
_FIELDS[Span] = Span.__struct_fields__


@cache
def frontend_stamp() -> str | None:
    """A hash naming this version of the front end (None if its files cannot be read).
    Lark's version comes from its `__init__.py` text, found without importing lark (a cold run
    that finds its scripts cached never loads the parser)."""
    import importlib.util

    folder = Path(__file__).parent
    digest = blake2b(f"{sys.version_info[:2]}\n".encode(), digest_size=10)
    try:
        spec = importlib.util.find_spec("lark")
        if spec is None or spec.origin is None:
            return None
        digest.update(Path(spec.origin).read_bytes())
        for name in FRONTEND_FILES:
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:20]


# --------------------------------------------------------------------------- parsed scripts


def ast_to_json(tree: dast.Script) -> str:
    """The JSON text of a parsed script: each node `{"n": class name, "f": [field values]}`,
    tuples as arrays."""
    return json.dumps(_node_data(tree), ensure_ascii=False, separators=(",", ":"))


def _node_data(value: Any) -> Any:
    kind = type(value)
    if kind in _FIELDS:
        return {"n": kind.__name__, "f": [_node_data(getattr(value, f)) for f in _FIELDS[kind]]}
    if kind is tuple:
        return [_node_data(item) for item in value]
    if value is None or kind in (str, int, float, bool):
        return value
    raise TypeError(f"a {kind.__name__} has no place in a cached AST")


def ast_from_json(text: str) -> dast.Script:
    """The parsed script `text` holds; `ValueError` for anything that is not one. Each JSON
    object becomes its node as the JSON reader meets it (innermost first), so only the nodes
    cost a call in Python, not every text and number."""
    tree = json.loads(text, object_hook=_node)
    if not isinstance(tree, dast.Script):
        raise ValueError("the cached entry is not a parsed script")
    return tree


def _node(value: dict[str, Any]) -> Any:
    """The node a JSON object `{"n": class name, "f": [field values]}` names, its objects
    already nodes; arrays become tuples. JSON holds no other kind of scalar than the AST's."""
    name = value.get("n")
    cls = _NODES.get(name) if type(name) is str else None
    fields = value.get("f")
    if cls is None or type(fields) is not list or len(fields) != len(_FIELDS[cls]):
        raise ValueError("the cached entry holds something other than AST nodes")
    return cls(*[_tuple(item) if type(item) is list else item for item in fields])


def _tuple(items: list[Any]) -> tuple[Any, ...]:
    return tuple([_tuple(item) if type(item) is list else item for item in items])


# --------------------------------------------------------------------------- grammar tables


def tables_to_json(tables: Any, lexer_class: type) -> str:
    """Lark's serialized parser (`memo_serialize` output: dicts, some with integer keys,
    tuples, and the custom lexer class) as JSON. Objects Lark is given again when loading
    (the transformer) are left out."""

    def encode(value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            if all(type(k) is str for k in value):
                return {k: encode(v) for k, v in value.items()}
            return {"__d": [[encode(k), encode(v)] for k, v in value.items()]}
        if kind is tuple:
            return {"__t": [encode(v) for v in value]}
        if kind is list:
            return [encode(v) for v in value]
        if value is None or kind in (str, int, float, bool):
            return value
        if value is lexer_class:
            return {"__lexer": 1}
        return None  # the transformer: passed to Lark again on load

    return json.dumps(encode(tables), separators=(",", ":"))


def tables_from_json(text: str, lexer_class: type) -> Any:
    """The data `tables_to_json` wrote, with the lexer class put back."""

    def decode(value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                if "__t" in value:
                    return tuple(decode(v) for v in value["__t"])
                if "__d" in value:
                    return {decode(k): decode(v) for k, v in value["__d"]}
                if "__lexer" in value:
                    return lexer_class
            return {k: decode(v) for k, v in value.items()}
        if isinstance(value, list):
            return [decode(v) for v in value]
        return value

    return decode(json.loads(text))
