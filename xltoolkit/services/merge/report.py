"""`--report DIR`: one report per region (and school year) with every board's paragraphs in it.

The report renderer (`xltoolkit.services.report`) makes each board's content model
(`build_report`: the format's paragraph filled in, with the concept mark of the board's check) and
its annex (`build_bijlage`: reconciliation, regions of the lines, indicators, key figures,
findings), and lays several boards out as one document: `render_bundle` writes the title, the table
of contents and a chapter per board — its faithful paragraph, then its "Bijlage analyse" — and
leaves out the format's fixed texts (the SWV's own texts, the same for every board). Here only the
boards of a region and school year are chosen, and the files written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.services.merge.choose import schooljaar
from xltoolkit.services.merge.model import FileResult, Problem
from xltoolkit.services.merge.read import error_detail
from xltoolkit.services.merge.result import (
    MergeResult,
    jaar_label,
    sort_problems,
)
from xltoolkit.services.merge.sheets import board_order
from xltoolkit.services.report import (
    Bijlage,
    Report,
    ReportError,
    build_bijlage,
    build_report,
    render_bundle,
    report_context,
)
from xltoolkit.services.report.pdf import docx_to_pdfs
from xltoolkit.spec import TemplateSpec

KIND_REPORT = "Rapport"
FORMATS = ("docx", "md")  # the default: Word to read and print; Markdown to diff between runs and years


def besturen_in_regio(s: MergeResult, code: str) -> list[FileResult]:
    """The taken boards with schools or money in region `code` (as reconciliation shows regions)."""
    out = []
    for g in s.taken:
        regions = {r.region for r in g.reconciliation.regions} if g.reconciliation is not None else set()
        if g.sub is not None and (code in g.sub.regios or code in regions):
            out.append(g)
    return sorted(out, key=board_order(s))


def write_reports(s: MergeResult, folder: Path, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write the region reports into `folder`, one file per format in `formats` (docx, pdf, html,
    md); problems go to `s.problems` (and the sheet Problemen). A format that cannot be made here
    (a PDF without LibreOffice) is one problem with its reason, and the other formats are written."""
    spec = s.spec
    written: list[Path] = []
    pdfs: list[tuple[Path, str, bytes]] = []  # (path, region, docx): converted together, after the loop
    for region in spec.regions:
        boards = besturen_in_regio(s, region.code)
        if not boards:
            s.problems.append(Problem("", KIND_REPORT, make("M071", regio=region.label)))
            continue
        for jaar in s.schooljaren:
            mine = [g for g in boards if jaar_label(g) == jaar]
            if not mine:
                continue
            stem = folder / f"rapport-{region.code}-{_slug(jaar)}"
            made = _region_reports(s, mine, region.label)
            if not made:
                continue
            reports, bijlagen = [r for r, _ in made], [b for _, b in made]
            title = f"Verantwoording passend onderwijs — {region.label}"
            subtitle = f"Schooljaar {jaar} · {len(reports)} {'bestuur' if len(reports) == 1 else 'besturen'}"
            for fmt in formats:
                path = stem.with_suffix(f".{fmt}")
                try:
                    if fmt == "pdf":  # all PDFs at once below: one LibreOffice start, not one per region
                        pdfs.append((path, region.label, render_bundle(title, subtitle, reports, "docx", bijlagen)))
                    else:
                        atomic_write_bytes(path, render_bundle(title, subtitle, reports, fmt, bijlagen))
                except ReportError as exc:  # the reason in the report's own words (no LibreOffice, ...)
                    if exc.finding not in (p.finding for p in s.problems):
                        s.problems.append(Problem("", KIND_REPORT, exc.finding))
                    continue
                except Exception as exc:  # one region failing must not cost the others
                    s.problems.append(Problem("", KIND_REPORT, make("M070", regio=region.label, map=str(folder),
                                                                    detail=error_detail(exc))))
                    continue
                written.append(path)
    _write_pdfs(s, folder, pdfs, written)
    s.problems[:] = sort_problems(s.problems)
    s.reports = [str(p) for p in written]
    return written


def _write_pdfs(s: MergeResult, folder: Path, pdfs: list[tuple[Path, str, bytes]], written: list[Path]) -> None:
    """The regions' PDFs converted together: through the warm LibreOffice where one runs (the
    add-in), else with one LibreOffice start for all of them (a start costs more than a region's
    conversion). A PDF that cannot be made is taken out of `written` and is a problem, as above."""
    for (path, regio, _), pdf in zip(pdfs, docx_to_pdfs([docx for _, _, docx in pdfs], indexen=True)):
        try:
            if isinstance(pdf, ReportError):
                raise pdf
            atomic_write_bytes(path, pdf)
        except ReportError as exc:
            if exc.finding not in (p.finding for p in s.problems):
                s.problems.append(Problem("", KIND_REPORT, exc.finding))
            written.remove(path)
        except Exception as exc:  # noqa: BLE001 - one region failing must not cost the others
            s.problems.append(Problem("", KIND_REPORT, make("M070", regio=regio, map=str(folder), detail=error_detail(exc))))
            written.remove(path)


def _region_reports(s: MergeResult, boards: list[FileResult], regio: str) -> list[tuple[Report, Bijlage | None]]:
    """Each board's report and annex; a board whose report cannot be made is left out of this
    region's report with a problem row (M072), so one board never costs the region report of all."""
    out: list[tuple[Report, Bijlage | None]] = []
    for g in boards:
        try:
            out.append((board_report(g, s.spec), build_bijlage(g.check, s.spec) if g.check is not None else None))
        except Exception as exc:  # noqa: BLE001 - reported as a finding, the other boards go on
            s.problems.append(Problem(g.label, KIND_REPORT, make("M072", bestand=g.label, regio=regio,
                                                                 detail=error_detail(exc)), g.bestuur, schooljaar(g)))
    return out


def _slug(jaar: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", jaar).strip("-") or "geen-schooljaar"


def board_report(g: FileResult, spec: TemplateSpec) -> Report:
    """One board's report, from the check made when it was read; a board without a name is named
    after its file (the chapter's heading)."""
    assert g.sub is not None
    r = build_report(g.sub, spec, report_context(g.check) if g.check is not None else None)
    return replace(r, bestuur=g.bestuur or g.label)
