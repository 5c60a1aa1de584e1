"""`--report DIR`: one report per region (and school year) with every board's paragraphs in it.

Each board's part is made by the report renderer (`xltoolkit.services.report`): its content model
(`build_report`, with the concept mark and region statuses of `report_context`) and its Markdown
and Word layouts. A region's document is those parts one after another behind a table of contents.
The fixed texts of the format (Context, Missie, ..., the intro of part B) are the same for every
board and are left out, so the document holds what the boards wrote; the board's name replaces
the format's title as the heading of its part.

The renderer writes one board per document. Until it offers a document for several boards, the
Word file is assembled here from its per-board documents: they share the renderer's styles, so
their bodies are copied behind each other (headings one level down, each board starting on a new
page, a bookmark per board for the table of contents). The Markdown file is the per-board
Markdown joined the same way.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from xltoolkit.findings import make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.services.merge.bladen import volgorde
from xltoolkit.services.merge.model import Gelezen, Probleem
from xltoolkit.services.merge.resultaat import Samenvoeging, jaar_label, sorteer_problemen
from xltoolkit.services.report import Rapport, build_report, render_docx, render_markdown, report_context
from xltoolkit.spec import TemplateSpec

SOORT_RAPPORT = "Rapport"
_HEADING_RE = re.compile(r"^Heading(\d)$")


def besturen_in_regio(s: Samenvoeging, code: str) -> list[Gelezen]:
    """The taken boards with schools or money in region `code` (as reconciliation shows regions)."""
    out = []
    for g in s.opgenomen:
        regions = {r.region for r in g.reconciliatie.regions} if g.reconciliatie is not None else set()
        if g.sub is not None and (code in g.sub.regios or code in regions):
            out.append(g)
    return sorted(out, key=volgorde(s))


def schrijf_rapporten(s: Samenvoeging, folder: Path) -> list[Path]:
    """Write the region reports into `folder`; problems go to `s.problemen` (and the sheet Problemen)."""
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
            try:
                parts = [(g, deel_rapport(g, spec)) for g in mine]
                titel = f"Verantwoording passend onderwijs — {region.label}"
                ondertitel = f"Schooljaar {jaar} · {len(mine)} {'bestuur' if len(mine) == 1 else 'besturen'}"
                for suffix, data in ((".docx", bundel_docx(titel, ondertitel, parts)),
                                     (".md", bundel_markdown(titel, ondertitel, parts).encode("utf-8"))):
                    atomic_write_bytes(stem.with_suffix(suffix), data)
                    written.append(stem.with_suffix(suffix))
            except Exception as exc:  # one region failing must not cost the others
                s.problemen.append(Probleem("", SOORT_RAPPORT, make("M070", regio=region.label, map=str(folder),
                                                                     detail=f"{type(exc).__name__}: {exc}")))
    s.problemen[:] = sorteer_problemen(s.problemen)
    s.rapporten = [str(p) for p in written]
    return written


def _slug(jaar: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", jaar).strip("-") or "geen-schooljaar"


def deel_rapport(g: Gelezen, spec: TemplateSpec) -> Rapport:
    """One board's part: the renderer's report without the fixed texts, titled with the board's name."""
    sub = g.sub
    assert sub is not None
    ctx = report_context(sub, spec)
    r = build_report(sub, spec, concept=ctx.concept, status=ctx.status)
    return replace(r, titel=g.bestuur or g.label, voorwerk=(), vaste_teksten=(),
                   delen=tuple(replace(d, intro=()) for d in r.delen))


def _anchor(i: int) -> str:
    return f"bestuur_{i}"


# -- Markdown -----------------------------------------------------------------------------------


def bundel_markdown(titel: str, ondertitel: str, parts: list[tuple[Gelezen, Rapport]]) -> str:
    lines = [f"# {titel}", "", f"**{ondertitel}**", "", "## Inhoud", ""]
    lines += [f"{i}. [{r.titel}](#{_anchor(i)})" for i, (_, r) in enumerate(parts, 1)]
    for i, (_, r) in enumerate(parts, 1):
        lines += ["", "---", "", f'<a id="{_anchor(i)}"></a>', "", render_markdown(r).rstrip()]
    return "\n".join(lines) + "\n"


# -- Word ---------------------------------------------------------------------------------------


def bundel_docx(titel: str, ondertitel: str, parts: list[tuple[Gelezen, Rapport]]) -> bytes:
    rendered = [render_docx(r) for _, r in parts]
    base = Document(io.BytesIO(rendered[0]))  # the renderer's styles, page size and margins; its body is replaced
    body = base.element.body
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    _header_footer(base, f"{titel} · {parts[0][1].pagina} ")
    _paragraph(base, titel, "Title")
    _paragraph(base, ondertitel, "Subtitle")
    _paragraph(base, "Inhoud", "Heading1")
    for i, (_, r) in enumerate(parts, 1):
        _toc_line(base, f"{i}. {r.titel}", _anchor(i))
    for i, data in enumerate(rendered, 1):
        _append(base, Document(io.BytesIO(data)), i)
    base.core_properties.title = titel
    base.core_properties.subject = ondertitel
    buf = io.BytesIO()
    base.save(buf)
    return buf.getvalue()


def _append(base, doc, i: int) -> None:
    """Copy a board's body behind the others: its title becomes a level-1 heading on a new page."""
    sect = base.element.body.find(qn("w:sectPr"))
    first_title = True
    for child in doc.element.body:
        if child.tag == qn("w:sectPr"):
            continue
        el = copy.deepcopy(child)
        if el.tag == qn("w:p"):
            style = _style(el)
            if style == "Title" and first_title:
                _set_style(el, "Heading1")
                _page_break_before(el)
                _bookmark(el, _anchor(i), i)
                first_title = False
            elif style and _HEADING_RE.match(style):
                _set_style(el, f"Heading{min(9, int(_HEADING_RE.match(style).group(1)) + 1)}")  # type: ignore[union-attr]
                _no_page_break(el)  # a part starts a page in a board's own report; here the board does
        sect.addprevious(el)


def _style(p) -> str | None:
    ppr = p.find(qn("w:pPr"))
    node = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return node.get(qn("w:val")) if node is not None else None


def _set_style(p, style_id: str) -> None:
    p.find(qn("w:pPr")).find(qn("w:pStyle")).set(qn("w:val"), style_id)


def _page_break_before(p) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr.find(qn("w:pageBreakBefore")) is None:
        ppr.append(OxmlElement("w:pageBreakBefore"))


def _no_page_break(p) -> None:
    ppr = p.find(qn("w:pPr"))
    for node in ppr.findall(qn("w:pageBreakBefore")):
        ppr.remove(node)


def _bookmark(p, name: str, ident: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(ident))
    ppr = p.find(qn("w:pPr"))
    ppr.addnext(start)
    p.append(end)


def _paragraph(doc, text: str, style_id: str):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ps = OxmlElement("w:pStyle")
    ps.set(qn("w:val"), style_id)
    ppr.append(ps)
    p.append(ppr)
    p.append(_run(text))
    doc.element.body.find(qn("w:sectPr")).addprevious(p)
    return p


def _run(text: str):
    r, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _toc_line(doc, text: str, anchor: str) -> None:
    """A line of the table of contents: an internal link to the board's bookmark (Word and LibreOffice)."""
    p = _paragraph(doc, "", "Normal")
    p.remove(p.findall(qn("w:r"))[-1])
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    link.append(_run(text))
    p.append(link)


def _header_footer(doc, footer_text: str) -> None:
    """The first board's header (its CONCEPT mark) and footer (its name) would claim the whole
    document: the header is emptied, the footer's text before the page number becomes the region's."""
    section = doc.sections[0]
    for paragraph in section.header.paragraphs:
        for run in paragraph.runs:
            run.text = ""
    footer = section.footer.paragraphs[0] if section.footer.paragraphs else None
    texts = footer._p.findall(".//" + qn("w:t")) if footer is not None else []
    if texts:
        texts[0].text = footer_text
