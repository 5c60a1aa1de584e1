"""Several boards in one document (`render_bundle`): the SWV's region report.

Made from real workbooks (the example boards saved and read back with `load`), read back with
python-docx, and for the PDF converted by LibreOffice and counted by poppler. Every board must be
a chapter under its own name, in the given order, with its narrative verbatim inside its chapter,
and reachable from the table of contents.
"""

from __future__ import annotations

import io
import re
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from test_report import item_text, norm, source_pieces
from test_report_pdf import page_texts, poppler

from xltoolkit.examples import example_names
from xltoolkit.io import load
from xltoolkit.services.check import check
from xltoolkit.services.report import (
    FORMATS,
    build_report,
    render_bundle,
    report_context,
)

TITLE = "Verantwoording passend onderwijs — PO3105 (Maastricht-Heuvelland)"
ONDERTITEL = "Schooljaar 2023-2024 · 4 besturen"
GEEN_NAAM = "(bestuur niet ingevuld)"  # an example board leaves its name empty on purpose


@pytest.fixture(scope="module")
def subs(example_workbooks, spec):
    return [load(example_workbooks[name], spec) for name in example_names()]


@pytest.fixture(scope="module")
def rapporten(subs, spec):
    out = []
    for sub in subs:
        out.append(build_report(sub, spec, report_context(check(sub, spec))))
    return out


@pytest.fixture(scope="module")
def namen(rapporten):
    return [r.bestuur or GEEN_NAAM for r in rapporten]


@pytest.fixture(scope="module")
def word(rapporten):
    return docx.Document(io.BytesIO(render_bundle(TITLE, ONDERTITEL, rapporten, "docx")))


@pytest.fixture(scope="module")
def markdown(rapporten):
    return render_bundle(TITLE, ONDERTITEL, rapporten, "md").decode("utf-8")


@pytest.fixture(scope="module")
def html(rapporten):
    return render_bundle(TITLE, ONDERTITEL, rapporten, "html").decode("utf-8")


def chapters(doc) -> dict[str, list]:
    """The paragraphs under each Heading 1, by heading text."""
    out: dict[str, list] = {}
    current = None
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            current = out.setdefault(p.text, [])
        elif current is not None:
            current.append(p)
    return out


# -- Word ----------------------------------------------------------------------------------------


def test_word_every_board_is_a_heading_1_in_order_on_a_new_page(word, namen):
    assert len(set(namen)) == len(namen) == len(example_names())
    level1 = [p for p in word.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in level1] == namen
    assert all(p.paragraph_format.page_break_before for p in level1)
    assert word.paragraphs[0].text == TITLE and word.paragraphs[0].style.name == "Title"
    assert word.core_properties.title == TITLE


def test_word_board_headings_one_level_down(word, spec):
    """Parts are Heading 2, sections Heading 3, field headings Heading 4; parts do not break the page."""
    for paragraphs in chapters(word).values():
        styles = [p.style.name for p in paragraphs if p.style.name.startswith("Heading")]
        parts = [p for p in paragraphs if p.style.name == "Heading 2"]
        assert [p.text for p in parts] == [part.title for part in spec.parts if part.title]
        assert not any(p.paragraph_format.page_break_before for p in parts)
        assert "Heading 3" in styles and "Heading 1" not in styles


@pytest.mark.parametrize("index", range(len(example_names())))
def test_word_every_boards_narrative_is_in_its_own_chapter(index, word, subs, namen, spec):
    texts = {norm(p.text): p.style.name for p in chapters(word)[namen[index]]}
    pieces = list(source_pieces(subs[index], spec))
    assert pieces, "het voorbeeld heeft geen verhaal"
    for field, kind, text in pieces:
        key = norm(text) if kind == "alinea" or not text.startswith(("•", "-")) else item_text(text)
        assert key in texts, f"{namen[index]} / {field}: niet letterlijk in het hoofdstuk: {text[:80]!r}"


def test_word_table_of_contents_field_and_links(word, namen):
    body = word.element.body
    instr = " ".join(t.text for t in body.iter(qn("w:instrText")))
    assert re.search(r"\bTOC\b.*\\o \"1-1\".*\\h", instr), instr
    bookmarks = {b.get(qn("w:name")): b for b in body.iter(qn("w:bookmarkStart"))}
    links = [(h.get(qn("w:anchor")), "".join(t.text for t in h.iter(qn("w:t")))) for h in body.iter(qn("w:hyperlink"))]
    assert [text for _, text in links] == namen  # the list is there before Word updates the field
    for anchor, text in links:
        heading = bookmarks[anchor].getparent()
        assert "".join(t.text for t in heading.iter(qn("w:t"))) == text  # the link lands on the board's heading
    toc = [p.text for p in word.paragraphs if p.style.name == "TOC Heading"]
    assert toc == ["Inhoud"]


def test_fixed_texts_are_left_out_and_header_block_stays(word, markdown, spec, namen):
    all_text = "\n".join(p.text for p in word.paragraphs)
    for key in spec.document.intro:
        assert spec.fixed_texts[key].title not in [p.text for p in word.paragraphs]
        assert f"## {spec.fixed_texts[key].title}" not in markdown
    header_lines = [p.text for p in word.paragraphs if p.text.startswith(f"{spec.field('bestuur').label}:")]
    assert len(header_lines) == len(namen)  # a header block per board
    assert spec.fixed_texts["titel"].title not in all_text


def test_concept_mark_per_chapter_not_per_page(rapporten, word):
    assert any(r.concept for r in rapporten), "geen voorbeeld met fouten: de test zegt niets"
    concepts = [t for t in word.tables if rapporten[0].concept_tekst in t.cell(0, 0).text]
    assert len(concepts) == sum(r.concept for r in rapporten)
    assert not "".join(p.text for p in word.sections[0].header.paragraphs).strip()


# -- Markdown and HTML -------------------------------------------------------------------------


def test_markdown_headings_and_linked_contents(markdown, namen):
    assert markdown.startswith(f"# {TITLE}\n")
    headings = [ln[2:] for ln in markdown.splitlines() if ln.startswith("# ")]
    assert headings == [TITLE, *namen]
    for i, name in enumerate(namen, 1):
        assert f"{i}. [{name}](#bestuur_{i})" in markdown
        assert f'<a id="bestuur_{i}"></a>\n\n# {name}\n' in markdown


def test_markdown_every_boards_narrative(markdown, subs, spec):
    paragraphs = {norm(b) for b in re.split(r"\n\s*\n", markdown)}
    for sub in subs:
        for field, kind, text in source_pieces(sub, spec):
            if kind == "alinea":
                assert norm(text) in paragraphs, f"{sub.bestuur} / {field}: {text[:80]!r}"


def test_html_chapters_and_linked_contents(html, namen):
    toc = re.search(r'<nav class="inhoud".*?</nav>', html, re.DOTALL).group(0)
    assert re.findall(r'<a href="#(bestuur_\d+)">([^<]*)</a>', toc) == [
        (f"bestuur_{i}", name.replace("'", "&#39;")) for i, name in enumerate(namen, 1)
    ]
    chapters = re.findall(r'<article class="bestuur" id="(bestuur_\d+)">\n<h1>([^<]*)</h1>', html)
    assert [title for _, title in chapters] == [n.replace("'", "&#39;") for n in namen]
    assert "article.bestuur { break-before: page" in html  # every board on a new printed page
    assert html.count("<article") == html.count("</article>") == len(namen)


def test_html_is_well_formed_and_links_stay_inside(html):
    """Every element closed in order; the only links are the table of contents' own anchors."""
    from html.parser import HTMLParser

    stack: list[str] = []
    targets: list[str] = []
    ids: set[str] = set()

    class Checker(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            assert tag not in ("link", "script", "img") and "src" not in attrs, tag
            targets.extend([attrs["href"]] if "href" in attrs else [])
            ids.update([attrs["id"]] if "id" in attrs else [])
            if tag not in {"meta", "br", "hr"}:
                stack.append(tag)

        def handle_endtag(self, tag):
            assert stack and stack[-1] == tag, f"</{tag}> sluit {stack[-1:]} af"
            stack.pop()

    Checker().feed(html)
    assert stack == [] and targets and all(t.startswith("#") and t[1:] in ids for t in targets)


def test_unknown_format_and_empty_bundle(rapporten):
    with pytest.raises(ValueError, match="onbekend rapportformaat"):
        render_bundle(TITLE, ONDERTITEL, rapporten, "txt")
    with pytest.raises(ValueError):
        render_bundle(TITLE, ONDERTITEL, [], "md")
    assert set(FORMATS) == {"docx", "pdf", "html", "md"}


# -- PDF -----------------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_pdf_one_chapter_per_page_break(lo, rapporten, namen, tmp_path):
    pdf = tmp_path / "bundel.pdf"
    pdf.write_bytes(render_bundle(TITLE, ONDERTITEL, rapporten, "pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run([poppler("pdftoppm"), "-r", "20", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    pages = len(list(tmp_path.glob("p-*.pgm")))
    texts = page_texts(pdf)
    assert pages == len(texts) >= 1 + len(namen)  # title page, then every board on its own pages
    assert TITLE in texts[0] and all(name in texts[0] for name in namen)  # the table of contents
    starts = [next(i for i, t in enumerate(texts[1:], 1) if t.lstrip().startswith(name)) for name in namen]
    assert starts == sorted(starts) and len(set(starts)) == len(namen)  # each board begins a page, in order


# -- the SWV's bundle: faithful paragraph, then the annex; contents with page numbers ------------


@pytest.fixture(scope="module")
def met_bijlagen(subs, rapporten, spec):
    from xltoolkit.services.report import build_bijlage

    bijlagen = [build_bijlage(check(sub, spec), spec) for sub in subs]
    return render_bundle(TITLE, ONDERTITEL, rapporten, "docx", bijlagen)


def test_word_annex_follows_each_boards_paragraph(met_bijlagen, namen, spec):
    doc = docx.Document(io.BytesIO(met_bijlagen))
    for name, paragraphs in chapters(doc).items():
        level2 = [p for p in paragraphs if p.style.name == "Heading 2"]
        assert [p.text for p in level2] == [part.title for part in spec.parts if part.title] + ["Bijlage analyse"], name
        assert level2[-1].paragraph_format.page_break_before  # the analysis starts its own page
        texts = [p.text for p in paragraphs]
        assert texts.index("Reconciliatie per regio") > texts.index(spec.part("B").title)


def test_word_refreshes_the_table_of_contents_on_open(word):
    """w:updateFields: Word fills in the contents' page numbers when it opens the document."""
    settings = word.settings.element
    update = settings.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


@pytest.mark.libreoffice
def test_pdf_contents_has_page_numbers(lo, met_bijlagen, namen, tmp_path):
    """LibreOffice updates the index before it exports: every board in the contents with its page."""
    from xltoolkit.services.report import docx_to_pdf

    pdf = tmp_path / "bundel.pdf"
    pdf.write_bytes(docx_to_pdf(met_bijlagen, indexen=True))
    texts = page_texts(pdf)
    lines = [" ".join(ln.split()) for ln in texts[0].splitlines()]
    for name in namen:
        line = next(ln for ln in lines if ln.startswith(name))
        page = int(re.search(r"(\d+)$", line).group(1))
        assert texts[page - 1].lstrip().startswith(name), (name, page)
