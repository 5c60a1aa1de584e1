"""The readers on the report corpus (tests/importcorpus) and on each reading rule by itself.

Every variant of every example board is written (Word in its checkbox, table, bullet, hyphen
and heading forms; Markdown as pandoc and mammoth export it; text as Word saves it) and read
back with the importer's reader. What the generator put in (its facts sidecar) must come out of
the reader as clean lines: the ticks as ☒ / ☐ before the right regions, every paragraph whole
(no placeholder text, no markup, no private-use character, no word split by a hyphen), every
amount as written. The rule tests below pin each reading rule, and the cases it must leave alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import importcorpus
import pytest
from docx.oxml import parse_xml
from importcorpus.write_docx import NS

from xltoolkit.services.importer import import_report, read_source
from xltoolkit.services.importer.lines import PLACEHOLDERS, Line, clean, split_bullets
from xltoolkit.services.importer.paragraphs import Layout, Piece, glue, join
from xltoolkit.services.importer.read_md import inline, md_lines
from xltoolkit.services.importer.read_txt import text_lines

pytestmark = pytest.mark.slow  # slow: skipped by the quick run (docs/ontwikkelaars.md#tests-en-benchmarks), CI runs it

VARIANTS = importcorpus.variants()
EXAMPLES = importcorpus.examples()
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_RESIDUE = re.compile(r"\*\*|__|\\[-*#_.()\\]|<input|<[a-z]+[ >/]|&(?:amp|nbsp|lt|gt|#\d+);|^#")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, spec) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("corpus")
    return {(ex, v): importcorpus.build(ex, v, folder, spec) for ex in EXAMPLES for v in VARIANTS}


def flat(text: str) -> str:
    return " ".join(text.split())


def texts(lines: list[Line]) -> list[str]:
    return [t for ln in lines for t in (ln.cells or ()) + (ln.text,)]


def paragraphs_read(kind: str, lines: list[Line]) -> str:
    """All the source's text as the recogniser rebuilds paragraphs, rows as their cells."""
    pieces = [Piece(ln, ln.text) for ln in lines]
    return flat(join(pieces, Layout.of(kind, lines)))


# -- the corpus ----------------------------------------------------------------------------------


def test_the_corpus_covers_the_forms_of_the_issue():
    assert len(VARIANTS) >= 15 and len(EXAMPLES) == 4
    suffixes = {importcorpus.FAMILIES[v].__name__ for v in VARIANTS}
    assert suffixes  # each family is a writer
    assert {v.split("_")[0] for v in VARIANTS} == {"docx", "md", "txt"}


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_facts_are_recorded_when_written(corpus, variant):
    for ex in EXAMPLES:
        facts = importcorpus.source_facts(corpus[ex, variant])
        assert facts.example == ex and facts.variant == variant
        assert facts.ticked and facts.amounts and len(facts.paragraphs) > 100


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_the_reader_gives_the_ticks_as_boxes_before_their_regions(corpus, example, variant):
    path = corpus[example, variant]
    facts = importcorpus.source_facts(path)
    all_text = "\n".join(texts(read_source(path).lines))
    for code in facts.ticked:
        assert re.search(rf"☒ {code}\b", all_text), code
        assert not re.search(rf"☐ {code}\b", all_text), code
    for code in facts.unticked:
        assert re.search(rf"☐ {code}\b", all_text), code
        assert not re.search(rf"☒ {code}\b", all_text), code


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_the_reader_gives_clean_text(corpus, example, variant):
    source = read_source(corpus[example, variant])
    for text in texts(source.lines):
        assert not _PRIVATE.search(text), text
        assert not PLACEHOLDERS.search(text), text
        assert not _RESIDUE.search(text), text
        assert "\u00ad" not in text


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_paragraph_and_amount_is_read_back_whole(corpus, example, variant):
    path = corpus[example, variant]
    facts = importcorpus.source_facts(path)
    source = read_source(path)
    text = paragraphs_read(source.kind, source.lines)
    missing = [p.text for p in facts.paragraphs if flat(p.text) not in text]
    assert missing == []
    for amount in facts.amounts:
        digits = amount.text.removeprefix("€").strip()
        assert re.search(rf"€ ?{re.escape(digits)}(?![\d.,])", text), amount


@pytest.mark.parametrize("variant", VARIANTS)
def test_import_on_each_variant_runs(corpus, variant, spec):
    for ex in EXAMPLES:
        result = import_report(corpus[ex, variant], spec)
        assert result.report.recognised > 0


def test_the_middelen_table_rows_are_read_faithfully(corpus):
    def rows(variant: str) -> list[tuple[str, ...]]:
        lines = read_source(corpus["000_smart_limburg", variant]).lines
        return [ln.cells for ln in lines if ln.cells and ln.cells[0].startswith(("vanuit", "Ontvangen"))]

    assert rows("docx_tekens")[1] == ("Ontvangen bedrag Terugploegregeling* (basisbedrag en uitkering reserve)",
                                      "€", "€ 81.739", "€")
    assert rows("docx_extra_kolom")[1][1:] == ("(basisbedrag en uitkering reserve)", "€", "€ 81.739", "€", "€")
    split = rows("docx_euro_los")  # "€" and the amount in two cells; the header spans both
    assert split[0] == ("vanuit SWV:", "PO3104 (WM)", "", "PO3105 (MH)", "", "PO3106 (PS)", "")
    assert split[1][3:5] == ("€", "81.739")
    header = rows("docx_vinkjes_in_kop")[0]  # ticks in the header, columns in another order
    assert header == ("vanuit SWV:", "☐ PO3106 (PS)", "☒ PO3105 (MH)", "☐ PO3104 (WM)")
    lines = read_source(corpus["000_smart_limburg", "docx_tabel_gesplitst"]).lines
    first = next(ln for ln in lines if ln.cells and ln.cells[0].startswith("Ontvangen"))
    assert first.page_break_before and first.where.startswith("tabel 2")
    tabbed = [ln for ln in read_source(corpus["000_smart_limburg", "txt_word"]).lines if ln.tabbed]
    assert any(ln.cells and ln.cells[0].startswith("Ontvangen bedrag Terugploeg") for ln in tabbed)
    piped = [ln for ln in read_source(corpus["000_smart_limburg", "md_pandoc"]).lines if ln.cells]
    assert any(ln.cells[0].startswith("vanuit SWV") for ln in piped)


# -- tick boxes --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, want", [
    ("SCHOLEN IN SWV: [x] PO3104 [ ] PO3105 [X] PO3106", "SCHOLEN IN SWV: ☒ PO3104 ☐ PO3105 ☒ PO3106"),
    ("☑ PO3104 □ PO3105 ✔ PO3106", "☒ PO3104 ☐ PO3105 ☒ PO3106"),
    ("✓ Ja", "☒ Ja"),
    ("■ PO3104 (WM)", "☒ PO3104 (WM)"),
    ("\uf0fe PO3104 \uf0a8 PO3105", "☒ PO3104 ☐ PO3105"),
])
def test_every_tick_form_in_text_becomes_a_box(text, want):
    assert clean(text) == want


@pytest.mark.parametrize("text", ["■ Een opsommingsteken voor een zin", "zie [1] en [a]", "x = 3", "array[ i ]x"])
def test_text_that_is_not_a_tick_stays(text):
    assert clean(text) == text


def _docx(tmp_path: Path, *paragraph_xml: str) -> list[Line]:
    doc = docx.Document()
    for xml in paragraph_xml:
        doc.element.body.insert(len(doc.element.body) - 1, parse_xml(xml))
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return read_source(path).lines


def _p(inner: str) -> str:
    return f"<w:p {NS}>{inner}</w:p>"


def _checkbox(checked: str, glyph: str) -> str:
    return (f"<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"{checked}\"/></w14:checkbox></w:sdtPr>"
            f"<w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>")


def test_a_checkbox_content_control_is_read_from_its_state_not_its_glyph(tmp_path):
    lines = _docx(tmp_path, _p(f"{_checkbox('1', '☐')}<w:r><w:t xml:space=\"preserve\"> PO3104 </w:t></w:r>"
                               f"{_checkbox('0', '☒')}<w:r><w:t xml:space=\"preserve\"> PO3105</w:t></w:r>"))
    assert lines[0].text == "☒ PO3104 ☐ PO3105"


def test_legacy_form_field_checkboxes(tmp_path):
    def field(state: str) -> str:
        return (f"<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:checkBox>{state}</w:checkBox></w:ffData>"
                "</w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>"
                "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")

    lines = _docx(tmp_path, _p(field('<w:default w:val="0"/><w:checked/>') + "<w:r><w:t>A</w:t></w:r>"
                               + field('<w:default w:val="1"/>') + "<w:r><w:t>B</w:t></w:r>"
                               + field('<w:default w:val="1"/><w:checked w:val="0"/>') + "<w:r><w:t>C</w:t></w:r>"
                               + field('<w:default w:val="0"/>') + "<w:r><w:t>D</w:t></w:r>"))
    assert lines[0].text == "☒ A☒ B☐ C☐ D"


@pytest.mark.parametrize("font, char, want", [
    ("Wingdings", "F0FE", "☒"), ("Wingdings", "F0A8", "☐"), ("Wingdings", "F078", "☒"),
    ("Wingdings 2", "F053", "☒"), ("Wingdings 2", "F0A3", "☐"), ("MS Gothic", "2612", "☒"),
    ("Segoe UI Symbol", "2610", "☐"), ("Segoe UI Symbol", "2611", "☒"),
])
def test_symbol_tick_boxes(tmp_path, font, char, want):
    lines = _docx(tmp_path, _p(f'<w:r><w:sym w:font="{font}" w:char="{char}"/><w:t xml:space="preserve"> PO3104</w:t></w:r>'))
    assert lines[0].text == f"{want} PO3104"


def test_ticks_in_a_table_header_cell(tmp_path):
    row = (f"<w:tbl {NS}><w:tr><w:tc><w:p><w:r><w:t>vanuit SWV:</w:t></w:r></w:p></w:tc>"
           f"<w:tc><w:p>{_checkbox('1', '☒')}<w:r><w:t xml:space=\"preserve\"> PO3104 (WM)</w:t></w:r></w:p></w:tc>"
           f"<w:tc><w:p>{_checkbox('0', '☐')}<w:r><w:t xml:space=\"preserve\"> PO3105 (MH)</w:t></w:r></w:p></w:tc>"
           "</w:tr></w:tbl>")
    lines = _docx(tmp_path, row)
    assert lines[0].cells == ("vanuit SWV:", "☒ PO3104 (WM)", "☐ PO3105 (MH)")


def test_html_and_task_boxes_in_markdown():
    lines = md_lines('SCHOLEN IN SWV: <input checked="" type="checkbox" /> PO3104 <input type="checkbox" disabled>'
                     ' PO3105\n\n- [x] PO3106\n')
    assert [ln.text for ln in lines] == ["SCHOLEN IN SWV: ☒ PO3104 ☐ PO3105", "• ☒ PO3106"]


# -- placeholders ------------------------------------------------------------------------------


def test_an_empty_content_control_reads_as_empty(tmp_path):
    placeholder = ("<w:sdt><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>Dit is de "
                   "plaatshouder</w:t></w:r></w:sdtContent></w:sdt>")
    lines = _docx(tmp_path, _p(f"<w:r><w:t xml:space=\"preserve\">BESTUUR: </w:t></w:r>{placeholder}"),
                  _p("<w:r><w:t>SCHOOLJAAR: Klik of tik om tekst in te voeren.</w:t></w:r>"),
                  _p("<w:r><w:t>Click or tap here to enter text.</w:t></w:r>"))
    assert [ln.text for ln in lines] == ["BESTUUR:", "SCHOOLJAAR:"]


def test_a_filled_content_control_is_read(tmp_path):
    filled = "<w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>Stichting X</w:t></w:r></w:sdtContent></w:sdt>"
    lines = _docx(tmp_path, _p(f"<w:r><w:t xml:space=\"preserve\">BESTUUR: </w:t></w:r>{filled}"))
    assert lines[0].text == "BESTUUR: Stichting X"


# -- Markdown residue --------------------------------------------------------------------------


@pytest.mark.parametrize("md, want", [
    ("**Resultaat:** De eindresultaten", "Resultaat: De eindresultaten"),
    ("**Resultaat: De eindresultaten liggen", "Resultaat: De eindresultaten liggen"),
    ("boven het gemiddelde.**", "boven het gemiddelde."),
    ("***Belangrijk***", "Belangrijk"),
    ("__Resultaat:__ tekst", "Resultaat: tekst"),
    ("_schuin_ begin", "schuin begin"),
    ("leer\\- en ontwikkelproces", "leer- en ontwikkelproces"),
    ("1\\. Een dekkend aanbod", "1. Een dekkend aanbod"),
    ("\\#hashtag en \\_ teken", "#hashtag en _ teken"),
    ("Duiden &amp; Doen&nbsp;nu", "Duiden & Doen nu"),
    ("<strong>vet</strong> en <em>schuin</em>", "vet en schuin"),
])
def test_markdown_markup_is_removed(md, want):
    assert inline(md) == want


@pytest.mark.parametrize("md", [
    "een_woord_met_underscores blijft",
    "Ontvangen bedrag Terugploegregeling\\*",
    "\\*Zie bekostigingsbeschikking(en) SWV 2023-2024",
    "5 * 3 = 15",
    "Duiden&Doen",
    "kosten < 5 en > 3",
])
def test_real_characters_in_markdown_stay(md):
    assert inline(md) == md.replace("\\*", "*")


def test_markdown_headings_and_tab_rows():
    lines = md_lines("##Kop zonder spatie\n\nLabel\tWaarde\tMeer\n")
    assert lines[0].text == "Kop zonder spatie" and lines[0].heading
    assert lines[1].cells == ("Label", "Waarde", "Meer") and lines[1].tabbed


# -- Symbol-font bullets -----------------------------------------------------------------------


def test_symbol_bullets_are_list_items_on_their_own_lines():
    lines = text_lines("Doelen:\n\uf0b7\tEen dekkend aanbod\no\tBasisondersteuning\n"
                       "Ook: \uf0b7 een \uf0a7 twee\n\uf0d8\tpijl\n")
    assert [ln.text for ln in lines] == ["Doelen:", "• Een dekkend aanbod", "• Basisondersteuning", "Ook:",
                                         "• een", "• twee", "• pijl"]
    assert all(ln.cells is None for ln in lines)


def test_a_typed_bullet_inside_a_sentence_is_not_split():
    assert split_bullets("Richting • Ruimte • Resultaat") == ["Richting • Ruimte • Resultaat"]


def test_symbol_bullets_in_word(tmp_path):
    lines = _docx(tmp_path, _p('<w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:tab/><w:t>Eerste</w:t></w:r>'),
                  _p('<w:r><w:t xml:space="preserve">\uf0b7\tTweede</w:t></w:r>'))
    assert [(ln.text, ln.cells) for ln in lines] == [("• Eerste", None), ("• Tweede", None)]


# -- hyphenation -------------------------------------------------------------------------------


@pytest.mark.parametrize("left, right, want", [
    ("de school-", "besturen werken", "de schoolbesturen werken"),
    ("de onderwijs-", "inspectie", "de onderwijsinspectie"),
    ("Noord-", "Limburg", "Noord-Limburg"),  # a capital: a real compound, hyphen kept
    ("de SO-", "scholen", "de SO-scholen"),  # an abbreviation
    ("de niet-", "methodegebonden toetsen", "de niet-methodegebonden toetsen"),  # a hyphenated prefix
    ("een auto-", "ongeluk", "een auto-ongeluk"),  # a vowel clash
    ("een 2F-", "score", "een 2F-score"),
    ("de 12-", "jarige", "de 12-jarige"),
])
def test_a_word_cut_at_a_line_break_is_whole_again(left, right, want):
    assert glue(left, right) == want


@pytest.mark.parametrize("left, right", [
    ("sprake van leer-", "en werkgeluk"),  # suspended compounds
    ("SO-", "en SBO-scholen"),
    ("PO-", "of VO-scholen"),
    ("taal-", "tot rekenonderwijs"),
    ("tenzij -", "Schooladvies PO"),  # a dash, not a hyphen
    ("schooljaar 2023-", "2024"),
    ("een zin.", "volgende"),
])
def test_real_hyphens_and_suspended_compounds_stay(left, right):
    assert glue(left, right) is None


def test_hyphenation_in_wrapped_text_and_word_line_breaks(tmp_path):
    text = ("Het samenwerkingsverband ondersteunt de school-\nbesturen en de leer- en\n"
            "ontwikkelprocessen van kinderen in Noord-\nLimburg en in de hele regio met veel zorg.\n")
    lines = text_lines(text * 3)
    joined = join([Piece(ln, ln.text) for ln in lines], Layout.of("txt", lines))
    assert "schoolbesturen" in joined and "leer- en ontwikkelprocessen" in joined and "Noord-Limburg" in joined
    docx_lines = _docx(tmp_path, _p('<w:r><w:t>de school-</w:t><w:br/><w:t>besturen en de leer-</w:t><w:br/>'
                                    '<w:t>en werkgeluk</w:t></w:r>'))
    assert [ln.text for ln in docx_lines] == ["de schoolbesturen en de leer-", "en werkgeluk"]


def test_soft_hyphens_are_removed(tmp_path):
    assert clean("school\u00adbesturen") == "schoolbesturen"
    lines = _docx(tmp_path, _p("<w:r><w:t>school</w:t><w:softHyphen/><w:t>besturen</w:t></w:r>"))
    assert lines[0].text == "schoolbesturen"


def test_a_cell_spanning_columns_keeps_the_columns(tmp_path):
    tbl = (f"<w:tbl {NS}><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>PO3104</w:t></w:r>"
           "</w:p></w:tc><w:tc><w:p><w:r><w:t>PO3105</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    assert _docx(tmp_path, tbl)[0].cells == ("PO3104", "", "PO3105")


# -- what the reader leaves out is named ----------------------------------------------------------


def test_placeholder_text_and_unknown_symbols_are_named(tmp_path):
    path = tmp_path / "v.txt"
    path.write_text("BESTUUR: Klik of tik om tekst in te voeren.\nIets \ue123 onleesbaars\n\ue124\tals opsomming\n",
                    encoding="utf-8")
    source = read_source(path)
    assert [ln.text for ln in source.lines] == ["BESTUUR:", "Iets onleesbaars", "• als opsomming"]
    assert [(f.code, f.severity) for f in source.findings] == [("I050", "info"), ("I051", "waarschuwing")]
    assert "regel 1" in source.findings[0].message and "E123" in source.findings[1].message
    cell = (f"<w:tbl {NS}><w:tr><w:tc><w:p><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:p></w:tc>"
            "</w:tr></w:tbl>")
    doc = docx.Document()
    doc.element.body.insert(0, parse_xml(cell))
    doc.save(str(tmp_path / "v.docx"))
    assert [f.code for f in read_source(tmp_path / "v.docx").findings] == ["I050"]


def test_a_hyphen_is_only_joined_with_the_line_right_below():
    lines = text_lines("Een lange regel die eindigt met een afgebroken woord zoals herbe-\n"
                       "oordeling), en die verder gaat tot aan de rechter kantlijn van de pagina.\n"
                       "en dan een regel die begint met tiveerbare en verder gaat tot de kantlijn.\n")
    layout = Layout.of("txt", lines)
    assert "herbeoordeling)" in join([Piece(ln, ln.text) for ln in lines], layout)
    skipped = join([Piece(lines[0], lines[0].text), Piece(lines[2], lines[2].text)], layout)
    assert "herbetiveerbare" not in skipped and "herbe- en dan" in skipped


def test_pdf_lines_pasted_into_word_as_paragraphs(tmp_path):
    lines = _docx(tmp_path, _p("<w:r><w:t>Het werk van de school-</w:t></w:r>"),
                  _p("<w:r><w:t>besturen in de leer-</w:t></w:r>"), _p("<w:r><w:t>en werkgroepen</w:t></w:r>"))
    assert [ln.text for ln in lines] == ["Het werk van de schoolbesturen in de leer-", "en werkgroepen"]
