"""Parse and re-serialise one XML part of a workbook without breaking it for Excel.

ElementTree renames namespace prefixes and drops unused declarations; Excel then rejects a part
whose `mc:Ignorable="x14ac xr"` names a prefix that is no longer declared. This module keeps the
original prefixes and puts every original declaration back on the root. Parsing goes through
defusedxml (no DTDs, no entities): the part comes from a file a board sent us.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

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


def parse_part(data: bytes) -> XmlPart:
    namespaces: list[tuple[str, str]] = []
    for event, item in SafeET.iterparse(io.BytesIO(data), events=("start-ns",)):
        if event == "start-ns" and item not in namespaces:
            namespaces.append(item)
    return XmlPart(SafeET.fromstring(data), namespaces)


def serialize_part(part: XmlPart) -> bytes:
    for prefix, uri in part.namespaces:
        if prefix.startswith("ns") and prefix[2:].isdigit():
            continue  # ElementTree's own reserved pattern; it will pick a name itself
        ET.register_namespace(prefix, uri)
    text = ET.tostring(part.root, encoding="unicode")
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
