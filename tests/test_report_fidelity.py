"""The report is the template's own paragraph: checked against the template, not against our goldens.

The template is read from the real submissions (`../shared/domain/seeds`) and TEMPLATE.md, not from
our spec or our golden files: what two different boards' submissions (SMART Limburg, 000, and kom
Leren, 004) have in common, line by line, is the format's own text — its headings, labels, fixed
texts and the shape of the funding table — in the format's order. Board content differs between
the two and drops out. Three things the extraction of the seeds loses are taken from TEMPLATE.md
(the header labels, which 004's extraction lost) or from the one seed that kept them (the four
words after "EEN VERBAND VAN SAMENWERKENDE SCHOOLBESTUREN", drawn as shapes in 000).

For every example board, in Word (read back with python-docx) and Markdown (rendered by a
CommonMark parser):
- the template's sequence appears in the report, in order;
- nothing else does: every block of the report, the board's own content taken out, is template
  text (the CONCEPT banner of a workbook with fouten is the one addition allowed);
- every paragraph of the board's narratives is in the report verbatim;
- none of the annex's words ("indicatief", "Status", "naar rato") is in the report.

Comparison is on normalised lines: whitespace collapsed, numbers and school years taken out (they
are the board's: amounts, counts, "2023-2024"; the format's own numbering goes too, on both sides),
bullets and tick boxes taken out (layout, lost differently by each extraction), and what follows
"Nummer(s):" (a form field) taken out.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from test_report import source_pieces

from xltoolkit.examples import example_names
from xltoolkit.io import load
from xltoolkit.services.check import check
from xltoolkit.services.report import build_report, render, report_context

SHARED = Path(__file__).resolve().parents[2] / "shared" / "domain"
SMART, KOM_LEREN = "000_e21f1fb2d972ccd2.txt", "004_6b9b0c070f07460b.txt"
ANNEX_WORDS = ("indicatief", "status", "naar rato")

_YEARS = re.compile(r"\d{4}\s*-\s*\d{4}")
_NUMBER = re.compile(r"\d[\d.]*(?:,(?:\d+|-))?")
_MARKS = re.compile(r"[•➢Øè☐☒▪\uf0b7\uf0d8]")
_FIELD = re.compile(r"(Nummer\(s\):).*")


def norm(text: str) -> str:
    text = _FIELD.sub(r"\1", _YEARS.sub(" ", text))
    return " ".join(_MARKS.sub(" ", _NUMBER.sub(" ", text)).split())


# -- the template, from the seeds and TEMPLATE.md -------------------------------------------------


def seed_lines(name: str) -> list[str]:
    return [n for n in (norm(ln) for ln in (SHARED / "seeds" / name).read_text(encoding="utf-8").splitlines()) if n]


def header_labels() -> list[str]:
    """The header's Dutch labels from TEMPLATE.md's Header table ("BESTUUR", "NAMENS BESTUUR", ...)."""
    text = (SHARED / "TEMPLATE.md").read_text(encoding="utf-8")
    table = text.split("## Header", 1)[1].split("##", 1)[0]
    labels = []
    for row in table.splitlines()[3:]:
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) > 1 and cells[1] not in ("", "—"):
            labels.append(re.sub(r"\s*\(.*\)$", "", cells[1]))
    return labels


@pytest.fixture(scope="module")
def template() -> dict:
    """The format: `sequence` (lines in order) and `text` (everything it says, for "nothing added")."""
    smart, kom = seed_lines(SMART), seed_lines(KOM_LEREN)
    common = set(kom)
    labels = header_labels()
    assert labels == ["BESTUUR", "NAMENS BESTUUR", "SCHOOLJAAR", "SCHOLEN IN SWV"]
    sequence: list[str] = []
    hint = ""
    for line in smart:
        label = next((lb for lb in labels if line.startswith(f"{lb}:")), None)
        if label is not None:
            sequence.append(f"{label}:")
            if label == "NAMENS BESTUUR":
                hint = re.search(r"\(naam ,functie\)", line).group(0)  # the format's hint after the value
        elif line in common:
            sequence.append(line)
    shapes = kom[kom.index("EEN VERBAND VAN SAMENWERKENDE SCHOOLBESTUREN") + 1:
                 kom.index("REKENSCHAP - EIGEN AANDEEL SCHOOLBESTUUR IN HET COLLECTIEF RESULTAAT")]
    assert shapes == ["CULTUUR", "PROFESSIONALITEIT", "GEDRAG", "EIGENAARSCHAP"]
    at = sequence.index("EEN VERBAND VAN SAMENWERKENDE SCHOOLBESTUREN") + 1
    sequence[at:at] = shapes
    regions = next(ln for ln in smart if ln.startswith("SCHOLEN IN SWV:"))
    # every spent line of both boards reads "N. € amount tbv purpose": "€ … tbv" is the format's
    for name in (SMART, KOM_LEREN):
        raw = (SHARED / "seeds" / name).read_text(encoding="utf-8")
        after = [ln.strip() for ln in raw.split("Aanwending:", 1)[1].splitlines() if ln.strip()]
        spent = after[:next(i for i, ln in enumerate(after) if not re.match(r"^\d+\.", ln))]
        assert len(spent) == 4 and all(re.match(r"^\d+\.\s+€\s+[\d.]+\s+tbv\s", ln) for ln in spent), spent
    extra = (SHARED / "TEMPLATE.md").read_text(encoding="utf-8")
    assert "| Extra informatie (optional) |" in extra and '"n.v.t." is the right answer' in extra
    return {"sequence": sequence, "text": " ".join(sequence), "hint": hint, "regions": regions, "labels": labels}


def test_the_template_is_what_both_boards_share(template):
    """The derivation itself: the format's landmarks are found, in the format's order."""
    seq = template["sequence"]
    marks = ["Keuze schoolbesturen:", "SCHOOLBESTUREN AAN ZET - SAMENWERKINGSPLAN", "BESTUUR:", "SCHOLEN IN SWV:",
             "Context", "EEN VERBAND VAN SAMENWERKENDE SCHOOLBESTUREN", "CULTUUR",
             "REKENSCHAP - EIGEN AANDEEL SCHOOLBESTUUR IN HET COLLECTIEF RESULTAAT", "THUISZITTERS",
             "AANWENDING MIDDELEN SWV", "vanuit SWV: PO (WM) PO (MH) PO (PS)", "Aanwending:",
             "REKENSCHAP - EIGEN AANDEEL SCHOOLBESTUUR IN HET COLLECTIEF PROCES", "KNOOPPUNT - betreft alle scholen"]
    positions = [seq.index(m) for m in marks]
    assert positions == sorted(positions) and len(seq) > 150


# -- the report, as text blocks in document order ---------------------------------------------------


def word_blocks(data: bytes) -> list[str]:
    """Paragraphs and table rows (cells joined) of the body, in order; header and footer are page
    furniture, not content."""
    doc = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            out.append(Paragraph(el, doc).text)
        elif el.tag == qn("w:tbl"):
            out += [" ".join(c.text for c in row.cells) for row in Table(el, doc).rows]
    return [b for b in out if b.strip()]


class _Blocks(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[list[str]] = []
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.stack.append([])
        elif tag in ("td", "th", "br") and self.stack:
            self.stack[-1].append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self.stack:
            text = "".join(self.stack.pop()).strip()
            if text:
                self.out.append(text)

    def handle_data(self, data):
        if self.stack:
            self.stack[-1].append(data)


def markdown_blocks(data: bytes) -> list[str]:
    parser = _Blocks()
    parser.feed(MarkdownIt("commonmark").enable("table").render(data.decode("utf-8")))
    return parser.out


@pytest.fixture(scope="module")
def boards(example_workbooks, spec):
    """Per example board: its submission, whether it is a concept, and its report in both formats."""
    out = {}
    for name in example_names():
        sub = load(example_workbooks[name], spec)
        rapport = build_report(sub, spec, report_context(check(sub, spec)))
        out[name] = {"sub": sub, "rapport": rapport,
                     "docx": word_blocks(render(rapport, "docx")), "md": markdown_blocks(render(rapport, "md"))}
    return out


def board_strings(sub, spec) -> list[str]:
    """Everything in the report that is the board's: narrative lines (with and without a list
    mark), header values, spent lines' descriptions and explanations (amounts go with `norm`).
    Longest first."""
    out: set[str] = set()
    for f in spec.fields:
        value = sub.get(f.id)
        if isinstance(value, str):
            for line in (ln.strip() for ln in value.replace("\x0b", "\n").splitlines() if ln.strip()):
                out |= {line, re.sub(r"^(?:[•-]|\d{1,3}\.)\s+", "", line)}
    for ln in sub.aanwending:
        out |= {str(v) for v in (ln.omschrijving, ln.toelichting) if v}
    for key in ("namens_naam", "namens_functie"):
        if sub.get(key):
            out.add(str(sub.get(key)))
    return sorted(out, key=len, reverse=True)


def residue(block: str, strings: list[str]) -> str:
    for s in strings:
        if len(s) > 1:
            block = block.replace(s, " ")
    return norm(block)


# -- the tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md"])
@pytest.mark.parametrize("name", example_names())
def test_the_templates_sequence_in_order(name, fmt, boards, template):
    stream = " ".join(norm(b) for b in boards[name][fmt])
    at = 0
    for line in template["sequence"]:
        found = stream.find(line, at)
        assert found >= 0, f"{fmt}: {line!r} ontbreekt of staat niet op zijn plaats (na {stream[max(0, at - 80):at]!r})"
        at = found + len(line)


@pytest.mark.parametrize("fmt", ["docx", "md"])
@pytest.mark.parametrize("name", example_names())
def test_nothing_but_the_template_and_the_boards_content(name, fmt, boards, template, spec):
    """Every block, the board's content taken out, is the format's own text."""
    board = boards[name]
    strings = board_strings(board["sub"], spec)
    allowed = {"", "n.v.t.", "Extra Informatie:", template["regions"]}
    allowed |= {f"{label}:" for label in template["labels"]}
    allowed.add(f"NAMENS BESTUUR: , {template['hint']}")
    allowed.add(f"NAMENS BESTUUR: {template['hint']}")
    if board["rapport"].concept:
        allowed.add(norm(board["rapport"].concept_tekst))  # the one addition allowed
    extra = []
    for block in board[fmt]:
        rest = residue(block, strings)
        if rest in allowed or rest in template["text"] or re.fullmatch(r"€(?: PM)? tbv(?: —)?", rest):
            continue
        extra.append(rest)
    assert extra == [], f"{fmt}: niet in het format: {extra[:5]}"


@pytest.mark.parametrize("fmt", ["docx", "md"])
@pytest.mark.parametrize("name", example_names())
def test_every_narrative_paragraph_verbatim(name, fmt, boards, spec):
    blocks = {" ".join(b.split()) for b in boards[name][fmt]}
    pieces = list(source_pieces(boards[name]["sub"], spec))
    assert pieces
    for field, kind, text in pieces:
        key = " ".join(text.split())
        if kind == "item":
            key = re.sub(r"^[•-]\s+", "", key)
            if fmt == "md":
                key = re.sub(r"^\d{1,3}\.\s+", "", key)  # a numbered list: the number is the list's
        found = key in blocks or (fmt == "docx" and key.replace(". ", ".\t", 1) in {b.replace("\t", " ") for b in blocks})
        assert found or any(key in b for b in blocks if kind == "item"), f"{field}: niet letterlijk: {text[:80]!r}"


@pytest.mark.parametrize("fmt", ["docx", "md"])
@pytest.mark.parametrize("name", example_names())
def test_no_annex_words_in_the_report(name, fmt, boards, spec):
    """ "Indicatief", "Status", "naar rato": the annex's words, never the report's (a board may
    write them in its own text: that text is taken out first)."""
    strings = board_strings(boards[name]["sub"], spec)
    for block in boards[name][fmt]:
        rest = residue(block, strings).lower()
        assert not [w for w in ANNEX_WORDS if w in rest], f"{fmt}: {block[:100]!r}"


def test_the_check_can_fail(boards, template, spec):
    """The old report's additions are caught: a status row, a "naar rato" line, a heading of our own."""
    board = boards["901_drie_regios"]
    strings = board_strings(board["sub"], spec)
    for added in ("Status ontvangen en besteed Sluitend", "1. € 14.900 t.b.v. Coördinatie (naar rato over de regio's)",
                  "Uitwerking van de gekozen indicator(en)", "Totaal ontvangen € 975.450", "EXTRA INFORMATIE"):
        rest = residue(added, strings)
        assert rest not in template["text"] and not re.fullmatch(r"€(?: PM)? tbv(?: —)?", rest), added
