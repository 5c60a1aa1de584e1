"""Round trip through the report renderer: workbook → report (.docx and .md) → import → the same fields.

Every example board is saved as a real workbook and read back; the report renderer
(xltoolkit.services.report, its public API) writes the Word and Markdown report; importing that
report must give the workbook's fields back. What the report itself does not show cannot come
back and is named here, not silently skipped:
- the category of an aanwending line (the report has no category column);
- the region of an aanwending line (and its parts per region) when the report does not show it:
  a board in one region, or a report in the format's own shape, which leaves regions to the annex;
- a key figure (kengetal) whose label the report does not show (the annex has them); one the
  board also wrote in its prose may come back from there and must then be right;
- "N.v.t." / "N.v.t" as typed: the report writes every "niet van toepassing" as "n.v.t.";
- a part left blank that does not apply to the board (no SBO/SO): the report says "n.v.t." there.
"""

from __future__ import annotations

import re

import pytest
from test_import import differences, flat

from xltoolkit.examples import example_names
from xltoolkit.io import load
from xltoolkit.model.relevance import relevant
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import Indicatoren, is_nvt
from xltoolkit.services.check import check
from xltoolkit.services.importer import import_report
from xltoolkit.services.report import build_report, render, report_context


def report_bytes(sub: Submission, spec, formaat: str) -> bytes:
    return render(build_report(sub, spec, report_context(check(sub, spec))), formaat)


def as_reported(sub: Submission, spec, shown: str) -> Submission:
    """The submission as far as the report text `shown` shows it (see the module docstring)."""
    several_regions = len({ln.regio for ln in sub.aanwending if ln.regio} | set(sub.regios)) > 1
    line_regions = several_regions and re.search(r"\((?:PO\d{4}|verdeeld)|\|\s*Regio\s*\|", shown, re.IGNORECASE)
    values = {k: ("n.v.t." if isinstance(v, str) and is_nvt(v) else v) for k, v in sub.values.items()}
    for f in spec.fields:
        if f.required and values.get(f.id) is None and relevant(f, sub, spec) is False:
            values[f.id] = Indicatoren(nvt=True) if f.type == "indicators" else "n.v.t."
        if f.kengetal and f.label not in shown:
            values[f.id] = None
    parts = {r: None for r in spec.region_codes}
    lines = tuple(
        Aanwendingsregel({**ln.values, "categorie": None, **({} if line_regions else {"regio": None, **parts})})
        for ln in sub.aanwending
    )
    return Submission(values=values, aanwending=lines)


def shown_text(data: bytes, formaat: str) -> str:
    if formaat == "md":
        return data.decode("utf-8")
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("formaat", ["docx", "md"])
@pytest.mark.parametrize("name", example_names())
def test_report_round_trip(name, formaat, example_workbooks, tmp_path, spec):
    original = load(example_workbooks[name], spec)
    path = tmp_path / f"{name}.{formaat}"
    data = report_bytes(original, spec, formaat)
    path.write_bytes(data)
    result = import_report(path, spec)
    shown = shown_text(data, formaat)
    got, want = as_reported(result.submission, spec, shown), as_reported(original, spec, shown)
    assert differences(got, want, spec) == []
    from_prose = {f.id: result.submission[f.id] for f in spec.fields if f.kengetal and result.submission[f.id] is not None}
    assert from_prose == {fid: original[fid] for fid in from_prose}
    assert result.report.unplaced == []
    # The report is the board's text and nothing else: nothing of the report's own wording
    # (table captions, status words, footers) ends up in Extra informatie.
    assert flat(result.submission["extra_informatie"]) == flat(original["extra_informatie"])
    assert result.report.extra == []


def test_round_trip_detects_a_changed_report(example_workbooks, tmp_path, spec):
    """The comparison can fail: a report whose text was edited does not give the same fields."""
    original = load(example_workbooks["901_drie_regios"], spec)
    text = report_bytes(original, spec, "md").decode("utf-8").replace("€ 468.216", "€ 468.000", 1)
    path = tmp_path / "bewerkt.md"
    path.write_text(text, encoding="utf-8")
    got = as_reported(import_report(path, spec).submission, spec, text)
    assert differences(got, as_reported(original, spec, text), spec) == ["ontvangen_terugploeg_PO3104"]
