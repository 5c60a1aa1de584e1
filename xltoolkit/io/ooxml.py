"""Parse and re-serialise one XML part of a workbook without breaking it for Excel.

ElementTree renames namespace prefixes and drops unused declarations; Excel then rejects a part
whose `mc:Ignorable="x14ac xr"` names a prefix that is no longer declared. This module keeps the
original prefixes and puts every original declaration back on the root. The part comes from a
file a board sent us: anything with a DTD goes through defusedxml, which refuses entities (the
attacks it guards against all need one); a plain part goes to the C parser, several times faster.
A part that is not well-formed, or nests so deep that serialising it would recurse past Python's
limit, is refused with a PartError before anything is written.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


@dataclass
class XmlPart:
    root: ET.Element
    namespaces: list[tuple[str, str]]  # (prefix, uri) as declared in the original

    def q(self, tag: str, ns: str | None = None) -> str:
        """Qualified tag in the part's main namespace (or `ns`)."""
        return f"{{{ns or self.main_ns}}}{tag}"

    @property
    def main_ns(self) -> str:
        m = re.match(r"\{(.*?)\}", self.root.tag)
        return m.group(1) if m else ""


class PartError(ValueError):
    """The part cannot be edited safely; the message says why, in Dutch."""


def parse_part(data: bytes) -> XmlPart:
    """The part's tree and its namespace declarations, in one pass of the parser."""
    parser = SafeET if _may_hold_entities(data) else ET
    namespaces: list[tuple[str, str]] = []
    try:
        events = parser.iterparse(io.BytesIO(data), events=("start-ns",))
        for _, item in events:
            if item not in namespaces:
                namespaces.append(item)
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise PartError(f"geen geldige XML vanaf regel {line}, kolom {column}") from exc
    except DefusedXmlException as exc:
        raise PartError(f"verboden XML-constructie ({type(exc).__name__})") from exc
    if events.root is None:
        raise PartError("leeg")
    return XmlPart(events.root, namespaces)


def _may_hold_entities(data: bytes) -> bool:
    """As `xltoolkit.io.xlsx.safe_fromstring` decides: a DTD, or an encoding other than UTF-8/ASCII."""
    head = data[:4]
    return b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def serialize_part(part: XmlPart) -> bytes:
    for prefix, uri in part.namespaces:
        if prefix.startswith("ns") and prefix[2:].isdigit():
            continue  # ElementTree's own reserved pattern; it will pick a name itself
        try:
            ET.register_namespace(prefix, uri)
        except ValueError as exc:
            raise PartError(f"ongeldige naamruimte '{prefix}'") from exc
    try:
        text = ET.tostring(part.root, encoding="unicode")
    except RecursionError as exc:  # a worksheet nests about ten levels; a hostile part thousands
        raise PartError("de XML is te diep genest") from exc
    except (ValueError, TypeError) as exc:
        raise PartError(f"kan niet opnieuw worden geschreven ({type(exc).__name__})") from exc
    return DECLARATION + _restore_declarations(text, part.namespaces).encode("utf-8")


def _restore_declarations(text: str, namespaces: list[tuple[str, str]]) -> str:
    end = text.index(">")
    start_tag = text[:end]
    missing = []
    for prefix, uri in namespaces:
        attr = f'xmlns:{prefix}="' if prefix else 'xmlns="'
        if attr not in start_tag:
            missing.append(f' {attr}{_escape(uri)}"')
    if not missing:
        return text
    insert_at = end - 1 if start_tag.endswith("/") else end
    return text[:insert_at] + "".join(missing) + text[insert_at:]


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
