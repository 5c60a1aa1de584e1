"""`--report DIR`: one report per region (and school year) with every board's paragraphs in it.

The report renderer (`xltoolkit.services.report`) makes each board's content model
(`build_report`: the format's paragraph filled in, with the concept mark of the board's check) and
its annex (`build_bijlage`: reconciliation, regions of the lines, indicators, key figures,
findings), and lays several boards out as one document: `render_bundel` writes the title, the table
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
from xltoolkit.services.merge.model import Gelezen, Probleem
from xltoolkit.services.merge.read import fout_detail
from xltoolkit.services.merge.result import (
    Samenvoeging,
    jaar_label,
    sorteer_problemen,
)
from xltoolkit.services.merge.sheets import volgorde
from xltoolkit.services.report import (
    Bijlage,
    Rapport,
    RapportError,
    build_bijlage,
    build_report,
    render_bundel,
    report_context,
)
from xltoolkit.spec import TemplateSpec

SOORT_RAPPORT = "Rapport"
FORMATEN = ("docx", "md")  # the default: Word to read and print; Markdown to diff between runs and years


def besturen_in_regio(s: Samenvoeging, code: str) -> list[Gelezen]:
    """The taken boards with schools or money in region `code` (as reconciliation shows regions)."""
    out = []
    for g in s.opgenomen:
        regions = {r.region for r in g.reconciliatie.regions} if g.reconciliatie is not None else set()
        if g.sub is not None and (code in g.sub.regios or code in regions):
            out.append(g)
    return sorted(out, key=volgorde(s))


def schrijf_rapporten(s: Samenvoeging, folder: Path, formaten: Sequence[str] = FORMATEN) -> list[Path]:
    """Write the region reports into `folder`, one file per format in `formaten` (docx, pdf, html,
    md); problems go to `s.problemen` (and the sheet Problemen). A format that cannot be made here
    (a PDF without LibreOffice) is one problem with its reason, and the other formats are written."""
    spec = s.spec
    written: list[Path] = []
    for region in spec.regions:
        boards = besturen_in_regio(s, region.code)
        if not boards:
            s.problemen.append(Probleem("", SOORT_RAPPORT, make("M071", regio=region.label)))
            continue
        for jaar in s.schooljaren:
            mine = [g for g in boards if jaar_label(g) == jaar]
            if not mine:
                continue
            stem = folder / f"rapport-{region.code}-{_slug(jaar)}"
            gemaakt = _deel_rapporten(s, mine, region.label)
            if not gemaakt:
                continue
            rapporten, bijlagen = [r for r, _ in gemaakt], [b for _, b in gemaakt]
            titel = f"Verantwoording passend onderwijs — {region.label}"
            ondertitel = f"Schooljaar {jaar} · {len(rapporten)} {'bestuur' if len(rapporten) == 1 else 'besturen'}"
            for formaat in formaten:
                path = stem.with_suffix(f".{formaat}")
                try:
                    atomic_write_bytes(path, render_bundel(titel, ondertitel, rapporten, formaat, bijlagen))
                except RapportError as exc:  # the reason in the report's own words (no LibreOffice, ...)
                    if exc.finding not in (p.finding for p in s.problemen):
                        s.problemen.append(Probleem("", SOORT_RAPPORT, exc.finding))
                    continue
                except Exception as exc:  # one region failing must not cost the others
                    s.problemen.append(Probleem("", SOORT_RAPPORT, make("M070", regio=region.label, map=str(folder),
                                                                         detail=fout_detail(exc))))
                    continue
                written.append(path)
    s.problemen[:] = sorteer_problemen(s.problemen)
    s.rapporten = [str(p) for p in written]
    return written


def _deel_rapporten(s: Samenvoeging, boards: list[Gelezen], regio: str) -> list[tuple[Rapport, Bijlage | None]]:
    """Each board's report and annex; a board whose report cannot be made is left out of this
    region's report with a problem row (M072), so one board never costs the region report of all."""
    out: list[tuple[Rapport, Bijlage | None]] = []
    for g in boards:
        try:
            out.append((deel_rapport(g, s.spec), build_bijlage(g.check, s.spec) if g.check is not None else None))
        except Exception as exc:  # noqa: BLE001 - reported as a finding, the other boards go on
            s.problemen.append(Probleem(g.label, SOORT_RAPPORT, make("M072", bestand=g.label, regio=regio,
                                                                      detail=fout_detail(exc)), g.bestuur, schooljaar(g)))
    return out


def _slug(jaar: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", jaar).strip("-") or "geen-schooljaar"


def deel_rapport(g: Gelezen, spec: TemplateSpec) -> Rapport:
    """One board's report, from the check made when it was read; a board without a name is named
    after its file (the chapter's heading)."""
    assert g.sub is not None
    r = build_report(g.sub, spec, report_context(g.check) if g.check is not None else None)
    return replace(r, bestuur=g.bestuur or g.label)
