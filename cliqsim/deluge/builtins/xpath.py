"""The XML built-ins: `executeXPath`, `toXmlList` and `toXml` (Zoho's help:
functions/xml/executexpath, functions/xml/toxmllist, functions/xml/toxml; Creator's
built-in-function-xml-execute page).

* `text.executeXPath(xpath)` -> TEXT: the XPath 1.0 result over XML text, or over JSON text
  read as XML under a `<root>` element (`'{"address":{"city":"Surat"}}'.executeXPath(
  "/root/address/city")` is `<city>Surat</city>`, the page's example). Elements come back as
  their XML, attributes as an element of their name (`/a/@href` gives `<href>...</href>`, so the
  page's `.executeXPath("/a/@href").executeXpath("/href/text()")` gives the link), text nodes as
  their text, all joined without a separator; numbers, strings and booleans of XPath functions as
  their text. An invalid XPath or text that is neither XML nor JSON is a run-time error.
* `text.toXmlList()` -> LIST: the top-level elements of XML text (as executeXPath returns several
  nodes), each as its XML text (`xml.executeXPath("/CATALOG/CD").toXmlList()`, its page).
* `json.toXml()` -> TEXT: JSON text (lenient, as toMap reads it) or a map as XML under `<root>`,
  written as Java's org.json `XML.toString` writes it: one element per key, a list as the key's
  element repeated, no whitespace, `& < > " '` escaped, an empty text as `<key/>`. Keys of JSON
  text come in the order toMap gives them (`cliqsim.deluge.builtins.java_order`), which is the
  page's: `"{Name:'Lia Shelton', OrderNo:[343,443,577]}".toXML()` is
  `<root><OrderNo>343</OrderNo><OrderNo>443</OrderNo><OrderNo>577</OrderNo><Name>Lia
  Shelton</Name></root>` (the page prints it one element a line).

Document type declarations (and so entity definitions) are refused: the text is data from a web
service, and no documented example needs them. The `elementpath` package evaluates the XPath;
it is imported on first use.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import (
    MAP,
    TEXT,
    Family,
    as_text,
    check_size,
    check_text,
    text_too_long,
)
from cliqsim.deluge.builtins.java_order import hash_map_order
from cliqsim.deluge.builtins.lenient_json import INVALID, parse_json
from cliqsim.deluge.values import Collection, fail, to_text

define = Family(__name__).define

if TYPE_CHECKING:  # imported on first use: no start-up cost for scripts without XML
    from xml.etree import ElementTree

CAT = "xml"

_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_NAME = re.compile(r"[^A-Za-z0-9_.\-]")
_TOO_DEEP = "The XML or JSON text for {fn} is nested too deeply"
_PROLOG = re.compile(r"^<\?xml[^>]*\?>", re.IGNORECASE)


def _json_element(name: str, value: Any) -> list[ElementTree.Element]:
    """The elements of one JSON value under key `name` (a list repeats the element)."""
    from xml.etree import ElementTree

    if isinstance(value, list):
        return [e for item in value for e in _json_element(name, item)]
    tag = _NAME.sub("_", name) or "_"
    if not (tag[0].isalpha() or tag[0] == "_"):
        tag = "_" + tag
    element = ElementTree.Element(tag)
    if isinstance(value, dict):
        for key, item in value.items():
            element.extend(_json_element(str(key), item))
    elif value is not None:
        element.text = value if isinstance(value, str) else json.dumps(value)
    return [element]


def _clean(text: str) -> str:
    """The text without lone surrogates (they have no UTF-8 form for the XML parser)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _document(text: str, fn: str) -> ElementTree.Element:
    from xml.etree import ElementTree

    stripped = _clean(text).strip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except ValueError:
            raise fail(f"The text for {fn} is neither XML nor JSON") from None
        root = ElementTree.Element("root")
        if isinstance(data, dict):
            for key, item in data.items():
                root.extend(_json_element(str(key), item))
        else:
            root.extend(_json_element("element", data))
        return root
    if _DOCTYPE.search(stripped):
        raise fail(f"XML with a document type declaration is not read by {fn}")
    try:
        return ElementTree.fromstring(stripped)
    except ElementTree.ParseError as error:
        raise fail(f"The text for {fn} is not well-formed XML: {error}") from None


def _xml(element: ElementTree.Element) -> str:
    from xml.etree import ElementTree

    tail, element.tail = element.tail, None
    try:
        return ElementTree.tostring(element, encoding="unicode")
    finally:
        element.tail = tail


def _node_text(node: Any) -> str:
    from xml.etree import ElementTree

    from elementpath.xpath_nodes import AttributeNode, ElementNode, TextNode

    if isinstance(node, AttributeNode):
        holder = ElementTree.Element(_NAME.sub("_", str(node.name).split("}")[-1]) or "_")
        holder.text = str(node.value)
        return _xml(holder)
    if isinstance(node, ElementNode) and isinstance(node.value, ElementTree.Element):
        return _xml(node.value)
    if isinstance(node, TextNode):
        return str(node.value)
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, float) and node.is_integer():
        return str(int(node))
    return str(node)


@define(
    "executeXPath",
    CAT,
    TEXT,
    "xpath",
    "The XPath 1.0 result over XML (or JSON under `<root>`) text: elements as XML, attributes "
    "as an element of their name, text as text, joined.",
    function=True,
)
def execute_xpath(cx: Context, text: str, xpath: Any) -> str:
    try:
        return _execute_xpath(cx, text, xpath)
    except RecursionError:
        raise fail(_TOO_DEEP.format(fn="executeXPath")) from None


def _execute_xpath(cx: Context, text: str, xpath: Any) -> str:
    from elementpath import XPath1Parser, XPathContext
    from elementpath.exceptions import ElementPathError

    path = as_text(xpath, "executeXPath")
    root = _document(text, "executeXPath")
    try:
        token = XPath1Parser().parse(path)
        result = token.evaluate(XPathContext(root))
    except (ElementPathError, ValueError, TypeError, ZeroDivisionError) as error:
        raise fail(f"Invalid XPath '{path}' for the function executeXPath: {error}") from None
    if isinstance(result, list):
        return check_text(cx, "".join(_node_text(node) for node in result))
    return check_text(cx, _node_text(result))


@define(
    "toXmlList",
    CAT,
    TEXT,
    "",
    "The top-level elements of XML text, each as its XML text (as executeXPath returns them).",
    function=True,
)
def to_xml_list(cx: Context, text: str) -> list[str]:
    try:
        return _to_xml_list(cx, text)
    except RecursionError:
        raise fail(_TOO_DEEP.format(fn="toXmlList")) from None


def _to_xml_list(cx: Context, text: str) -> list[str]:
    from xml.etree import ElementTree

    stripped = _PROLOG.sub("", _clean(text).strip()).strip()
    if not stripped:
        return []
    if _DOCTYPE.search(stripped):
        raise fail("XML with a document type declaration is not read by toXmlList")
    try:
        holder = ElementTree.fromstring(f"<deluge-list>{stripped}</deluge-list>")
    except ElementTree.ParseError as error:
        raise fail(f"The text for toXmlList is not well-formed XML: {error}") from None
    items = [_xml(element) for element in holder]
    check_size(cx, len(items))
    return items


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})


def _org_json_xml(value: Any, tag: str | None, out: list[str]) -> None:
    """Append `value` as org.json's `XML.toString(value, tag)` writes it."""
    if type(value) is Collection:
        value = value.mapping() if value.is_map else list(value.items)
    if type(value) is dict:
        if tag is not None:
            out.append(f"<{tag}>")
        for key, item in value.items():
            if type(item) is Collection:
                item = item.mapping() if item.is_map else list(item.items)
            if type(item) is list:
                for element in item:
                    if type(element) is list:
                        out.append(f"<{key}>")
                        _org_json_xml(element, None, out)
                        out.append(f"</{key}>")
                    else:
                        _org_json_xml(element, str(key), out)
            elif item == "":
                out.append(f"<{key}/>")
            else:
                _org_json_xml(item, str(key), out)
        if tag is not None:
            out.append(f"</{tag}>")
        return
    if type(value) is list:
        for element in value:
            _org_json_xml(element, "array" if tag is None else tag, out)
        return
    text = "null" if value is None else to_text(value).translate(_ESCAPES)
    if tag is None:
        out.append(f'"{text}"')
    elif text == "":
        out.append(f"<{tag}/>")
    else:
        out.append(f"<{tag}>{text}</{tag}>")


@define(
    "toXml",
    CAT,
    TEXT + MAP,
    "",
    "JSON text (lenient) or a map as XML under `<root>`, as org.json writes it (no whitespace).",
    function=True,
)
def to_xml(cx: Context, value: Any) -> str:
    """functions/xml/toxml; "Invalid JSON Format String" for text that is not JSON."""
    data: Any = value
    if type(value) is str:
        data = parse_json(value, cx.max_collection)
        if type(data) not in (dict, list):
            raise fail(INVALID)
        if type(data) is dict:
            data = hash_map_order(data)
    out: list[str] = []
    try:
        _org_json_xml(data, "root", out)
    except RecursionError:
        raise fail(_TOO_DEEP.format(fn="toXml")) from None
    size = sum(len(part) for part in out)
    if size > cx.max_text:
        raise text_too_long(cx, size)
    return "".join(out)
