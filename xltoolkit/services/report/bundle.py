"""Several boards' reports in one document: `render_bundle(titel, ondertitel, rapporten, formaat)`.

The SWV's region report holds every board's paragraph: a title, a table of contents, then one
chapter per board — the board's name as a level-1 heading, its report's headings one level below,
each chapter on a new page (Word, PDF, printed HTML). The formats lay the chapters out with the
very writers of the single-board report (word.py, the macros in templates/rapport_delen.*.j2).

The format's fixed texts (what precedes the title, the intro texts Context, Missie, ..., and the
intro of part B) are left out, not printed once: they are the SWV's own texts, the same for every
board and already in each board's own report, and the SWV reads this document for what the
boards wrote. The header block (bestuur, namens, schooljaar, regions) and the concept mark stay
per chapter, because they differ per board. Each chapter is the board's faithful paragraph; when
annexes are given (the SWV's merge gives them), the board's "Bijlage analyse" follows its paragraph,
on a new page, so the reviewer sees the format first and the analysis after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from xltoolkit.services.report.bijlage import Bijlage
from xltoolkit.services.report.build import WORDS
from xltoolkit.services.report.markup import render_bundle_html, render_bundle_markdown
from xltoolkit.services.report.model import Bundle, Chapter, Report
from xltoolkit.services.report.output import FORMATS
from xltoolkit.services.report.pdf import make_pdf
from xltoolkit.services.report.word import render_bundle_docx

CONTENTS = "Inhoud"


def build_bundle(titel: str, ondertitel: str, rapporten: Sequence[Report],
                 bijlagen: Sequence[Bijlage | None] | None = None) -> Bundle:
    """The bundle's content: chapters in the given order, each titled with its board's name, each
    followed by its annex when `bijlagen` (one per report, or None) is given."""
    if not rapporten:
        raise ValueError("een bundel heeft minstens één rapport nodig")
    if bijlagen is not None and len(bijlagen) != len(rapporten):
        raise ValueError("een bijlage per rapport (of None)")
    extra = list(bijlagen) if bijlagen is not None else [None] * len(rapporten)
    first = rapporten[0]
    return Bundle(
        titel=titel,
        ondertitel=ondertitel,
        inhoud_label=CONTENTS,
        hoofdstukken=tuple(hoofdstuk(i, r, b) for i, (r, b) in enumerate(zip(rapporten, extra), 1)),
        pagina=first.pagina,
        van=first.van,
        versie=first.versie,
    )


def hoofdstuk(nummer: int, r: Report, bijlage: Bijlage | None = None) -> Chapter:
    """A board's chapter: its report without the fixed texts (see the module docstring)."""
    kaal = replace(r, voorwerk=(), vaste_teksten=(), delen=tuple(replace(d, intro=()) for d in r.delen))
    return Chapter(f"bestuur_{nummer}", r.bestuur or WORDS["bestuur_leeg"], kaal, bijlage)


def render_bundle(titel: str, ondertitel: str, rapporten: Sequence[Report], formaat: str,
                  bijlagen: Sequence[Bijlage | None] | None = None) -> bytes:
    """The bundle in one of FORMATS, as the bytes of the file."""
    b = build_bundle(titel, ondertitel, rapporten, bijlagen)
    if formaat == "docx":
        return render_bundle_docx(b)
    if formaat == "pdf":
        return make_pdf(render_bundle_docx(b), indexen=True).data
    if formaat == "html":
        return render_bundle_html(b).encode("utf-8")
    if formaat == "md":
        return render_bundle_markdown(b).encode("utf-8")
    raise ValueError(f"onbekend rapportformaat {formaat!r}; kies uit {', '.join(FORMATS)}")
