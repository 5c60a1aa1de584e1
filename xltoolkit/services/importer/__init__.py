"""Import last year's report (Word, text or Markdown) into a filled workbook.

    result = import_report("verslag-2023-2024.docx", schooljaar="2024-2025")
    save(result.submission, "verantwoording.xlsx")
    result.report  # how every field was found, what is missing, what went to Extra informatie

The pipeline (`pipeline.import_report`), each step a function with typed input and output:

1. read (`read.py`): a file to a `Source` of lines — `read_docx.py` (checkboxes become ☒/☐,
   tables become rows, placeholder text is empty), `read_txt.py`, `read_md.py`
   (HTML inputs, emphasis, pipe and tab tables); `lines.py` cleans a line, `paragraphs.py` says
   what the line breaks mean and joins pieces into paragraphs.
2. lines/blocks (`state.State.of`): `prepare.py` (table headers, mended hyphens), `noise.py`
   (running headers, page numbers, repeated indicator lists); the result is the typed `State`
   (`state.py`) that the next steps carry.
3. recognise (`recognise.py`): one pass over the lines; each line goes to the rule that takes it.
4. assign (`assign.py`): the texts collected per heading become fields, the rest Extra informatie,
   the aanwending lines are built, missing regions and SBO/SO are derived.
5. report (`pipeline.report`): per field how it was found (`report.py`), the reader's findings
   first, carry forward to the new school year (`carry.py`).

Where each rule lives (those in `rules/` are functions over the `State`; the modules beside
them are pure functions on text):

- `checkboxes.py`: every checkbox — each form a reader meets becomes ☒/☐ (`ticks`; Word's content
  controls and form fields in `read_docx.py`, HTML inputs in `read_md.py`), and what the ticks
  say: the regions ticked on the SCHOLEN IN SWV line (`regions`) or in the funding table's
  header row (`header_ticks`).
- `rules/lookup.py`: questions about a line that change nothing (a heading or label of the spec, a
  fixed line, a running footer); they import no rule, so the rules have no import cycle.
- `rules/headings.py`: headings and labels of the spec (part, section, field), and whether words
  at the start of a line are a heading here; the catalogue of headings is `anchors.py`, the
  tolerant word matching `match.py`.
- `rules/gegevens.py`: BESTUUR, SCHOOLJAAR, SCHOLEN IN SWV (values read
  by `header.py`); regions and SBO/SO derived when the report does not say them.
- `rules/kengetallen.py`: label-value key figures, and counts stated in prose (`figures.py`).
- `rules/proces.py`: part B's process sections and their indicator numbers.
- `rules/middelen.py`: the funding table, received side: its header row (regions per column,
  ticks), received amounts per region (`columns.py` places amount cells, `middelen_table.py` reads cells).
- `rules/aanwending.py`: the aanwending lines, a PM line's explanation paragraphs (its
  toelichting), total rows, the Aanwendingsregels.
- `rules/template.py`: the template's own texts — fixed texts, intros, and the sjabloontekst
  among the leftovers (`boilerplate.py`).
- `rules/text.py`: where content goes (the current field or section, Extra informatie), and the
  safety net for a line no rule took.
- `rules/noise.py`: page noise (running headers, page numbers, glyphs, repeated indicators).

Problems with the source itself (missing, unsupported, unreadable) raise `ImportFailed` carrying
a finding from the I-series catalogue.
"""

from __future__ import annotations

from xltoolkit.services.importer.log import ImportReport, summary
from xltoolkit.services.importer.pipeline import import_report
from xltoolkit.services.importer.read import ImportFailed, read_source
from xltoolkit.services.importer.state import Result

__all__ = ["ImportFailed", "ImportReport", "Result", "import_report", "read_source", "summary"]
