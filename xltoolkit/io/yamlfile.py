"""Submissions as readable YAML: the example boards and test fixtures are written this way.

A fixture is text a person can review (every narrative verbatim, amounts as the board typed
them), not an opaque binary; `xltoolkit demo` and the tests turn them into real workbooks.
Scalars go through the same readers as workbook cells, so "€ 81.739,-" means the same here.

    velden:
      bestuur: Stichting SMART Limburg
      regios: [PO3105]
      heeft_sbo_so: Nee
      ontvangen_terugploeg_PO3105: "€ 81.739,-"
      b_algemeen_nummers: [6, 7]
    aanwending:
      - {omschrijving: Leerlingonderzoeken, bedrag: "€ 1.140"}
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from xltoolkit.io.cells import read_column_value
from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import READERS, Indicatoren, Unreadable, format_percentage, read_indicators, read_regions
from xltoolkit.spec import TemplateSpec


def read_yaml(path: Path, spec: TemplateSpec) -> Submission:
    return parse_yaml(Path(path).read_text(encoding="utf-8"), spec)


def parse_yaml(text: str, spec: TemplateSpec) -> Submission:
    raw = yaml.safe_load(text) or {}
    fields = raw.get("velden") or {}
    unknown = set(fields) - {f.id for f in spec.fields}
    if unknown:
        raise KeyError(f"onbekende velden in YAML: {sorted(unknown)}")
    values = {f.id: _value(f.type, fields.get(f.id), spec) for f in spec.fields}
    lines = tuple(_line(spec, row) for row in raw.get("aanwending") or [])
    return Submission(values=values, aanwending=lines)


def _value(ftype: str, raw: Any, spec: TemplateSpec) -> Any:
    if raw is None:
        return None
    if ftype == "regions":
        codes = [str(c).strip().upper() for c in raw]
        return read_regions(["Ja" if c in codes else "Nee" for c in spec.region_codes], spec.region_codes)
    if ftype == "indicators":
        return read_indicators(raw if isinstance(raw, list) else [raw])
    if ftype == "yesno" and isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and ftype in ("text", "narrative"):
        return raw.strip() or None
    return READERS[ftype](raw)


def _line(spec: TemplateSpec, row: dict[str, Any]) -> Aanwendingsregel:
    unknown = set(row) - {c.id for c in spec.columns}
    if unknown:
        raise KeyError(f"onbekende kolommen in aanwending: {sorted(unknown)}")
    return Aanwendingsregel({c.id: read_column_value(spec, c, row.get(c.id)) for c in spec.columns})


def dump_yaml(sub: Submission, spec: TemplateSpec) -> str:
    """The submission as fixture YAML (empty fields left out)."""
    velden = {f.id: _plain(sub.get(f.id)) for f in spec.fields if sub.get(f.id) is not None}
    lines = [{k: _plain(v) for k, v in ln.values.items() if v is not None} for ln in sub.aanwending]
    return yaml.safe_dump({"velden": velden, "aanwending": lines}, allow_unicode=True, sort_keys=False, width=100)


def _plain(value: Any) -> Any:
    if isinstance(value, Bedrag):
        return format_bedrag(value)
    if isinstance(value, Indicatoren):
        return "n.v.t." if value.nvt else list(value.nummers)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Unreadable):
        return value.tekst
    if isinstance(value, bool):
        return "Ja" if value else "Nee"
    if isinstance(value, Decimal):
        return format_percentage(value)
    return value
