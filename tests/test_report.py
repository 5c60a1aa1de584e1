"""The narrative report: content model, Markdown/HTML (golden files), Word read back, fidelity;
and its annex "Bijlage analyse", which carries the analysis the report itself leaves out.

Every report here is made from a real workbook: the example board saved with `save` and read
back with `load`, exactly what `xltoolkit report` does. Golden files live in tests/golden/;
after a deliberate change, regenerate them with XLTOOLKIT_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from xltoolkit.examples import example_names, load_example
from xltoolkit.io import load, save
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import Unreadable
from xltoolkit.services.check import check
from xltoolkit.services.report import (
    build_bijlage,
    build_report,
    render_bijlage,
    render_docx,
    render_html,
    render_markdown,
    report_context,
)
from xltoolkit.services.report.text import BulletList, TextParagraph, show_percentage, split_blocks

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("XLTOOLKIT_UPDATE_GOLDEN") == "1"
REAL_BOARDS = ["000_smart_limburg", "004_kom_leren"]
LIST_LINE = re.compile(r"^(?:[•-]\s+|\d{1,3}\.\s+)")


@pytest.fixture(scope="module")
def subs(example_workbooks, spec) -> dict[str, Submission]:
    return {name: load(path, spec) for name, path in example_workbooks.items()}


def rapport(sub, spec):
    return build_report(sub, spec, report_context(check(sub, spec)))


@pytest.fixture(scope="module")
def reports(subs, spec):
    return {name: rapport(sub, spec) for name, sub in subs.items()}


@pytest.fixture(scope="module")
def markdown(reports):
    return {name: render_markdown(r) for name, r in reports.items()}


@pytest.fixture(scope="module")
def words(reports):
    return {name: docx.Document(io.BytesIO(render_docx(r))) for name, r in reports.items()}


def norm(text: str) -> str:
    return " ".join(text.split())


# -- golden files ------------------------------------------------------------------------------


def normalise_golden(text: str) -> str:
    """Line endings and the version stamp in the HTML's metadata do not count."""
    text = text.replace("\r\n", "\n")
    return re.sub(r"xltoolkit [\w.+-]+, sjabloon [\w.]+", "xltoolkit VERSIE, sjabloon VERSIE", text)


@pytest.mark.parametrize("name", example_names())
@pytest.mark.parametrize("ext", ["md", "html"])
def test_golden(name, ext, reports):
    actual = normalise_golden(render_markdown(reports[name]) if ext == "md" else render_html(reports[name]))
    path = GOLDEN / f"{name}.{ext}"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path.name} ontbreekt: draai de tests met XLTOOLKIT_UPDATE_GOLDEN=1 en bekijk het resultaat"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} wijkt af (XLTOOLKIT_UPDATE_GOLDEN=1 om bij te werken)"


def test_workbook_and_yaml_give_the_same_report(subs, spec):
    """Nothing is lost on the way through the workbook: the report equals the one from the YAML."""
    for name, sub in subs.items():
        assert build_report(sub, spec) == build_report(load_example(name, spec), spec), name


# -- fidelity: every narrative paragraph verbatim ------------------------------------------------


def source_pieces(sub, spec):
    """(field, kind, text) for every paragraph of every narrative: a run of text lines is one
    piece that must appear as one paragraph; each list line must appear as one list item."""
    for f in spec.fields:
        value = sub.get(f.id)
        if f.type != "narrative" or not isinstance(value, str):
            continue
        for paragraph in re.split(r"\n[ \t]*\n", value.strip()):
            run: list[str] = []
            for line in (ln.strip() for ln in paragraph.split("\n") if ln.strip()):
                if LIST_LINE.match(line):
                    if run:
                        yield f.id, "alinea", " ".join(run)
                        run = []
                    yield f.id, "item", line
                else:
                    run.append(line)
            if run:
                yield f.id, "alinea", " ".join(run)


def item_text(line: str) -> str:
    """A bullet line without its bullet; a numbered line keeps its number (the board's own)."""
    return norm(re.sub(r"^[•-]\s+", "", line))


@pytest.mark.parametrize("name", REAL_BOARDS)
def test_fidelity_markdown(name, subs, markdown, spec):
    md = markdown[name]
    paragraphs = {norm(b) for b in re.split(r"\n\s*\n", md)}
    items = {norm(ln[2:]) for ln in md.splitlines() if ln.startswith("- ")}
    items |= {norm(ln) for ln in md.splitlines() if re.match(r"\d{1,3}\. ", ln)}
    pieces = list(source_pieces(subs[name], spec))
    assert len(pieces) > 30
    for field, kind, text in pieces:
        found = norm(text) in paragraphs if kind == "alinea" else item_text(text) in items
        assert found, f"{field}: niet letterlijk in de Markdown: {text[:80]!r}"


@pytest.mark.parametrize("name", REAL_BOARDS)
def test_fidelity_word(name, subs, words, spec):
    doc = words[name]
    texts = {norm(p.text): p.style.name for p in doc.paragraphs}
    for field, kind, text in source_pieces(subs[name], spec):
        key = norm(text) if kind == "alinea" or not text.startswith(("•", "-")) else item_text(text)
        assert key in texts, f"{field}: niet letterlijk in het Word-document: {text[:80]!r}"
        if kind == "item" and text.startswith(("•", "-")):
            assert texts[key] == "List Bullet"


def test_typing_errors_survive(markdown, words):
    """The seeds' typing errors are the board's words: the report does not correct them."""
    word_text = "\n".join(p.text for p in words["004_kom_leren"].paragraphs)
    for typo in ["begleider", "fimpje", "hioe", "partrner", "onstaan"]:
        assert typo in markdown["004_kom_leren"] and typo in word_text, typo


# -- the Word document read back -------------------------------------------------------------------


def expected_headings(sub, spec):
    """(level, text) in document order, derived from the spec: fixed texts and parts are Heading 1,
    sections Heading 2, the fields of a section with more than one narrative Heading 3 (in Part B
    only the question: the elaboration has no heading on the format). Extra informatie is a label
    ("Extra Informatie:"), no heading."""
    out = [(1, spec.fixed_texts[k].title) for k in spec.document.intro]
    for part in spec.parts:
        sections = [s for s in spec.sections if s.part == part.id]
        if part.id == spec.section_of("bestuur").part:
            continue
        out.append((1, part.title))
        for s in sections:
            if s.id == "extra_informatie":
                continue
            out.append((2, s.title))
            fields = [f for f in s.fields if not f.kengetal]
            if len(fields) > 1:
                out += [(3, f.label) for f in fields if f.type == "narrative" and not f.works_out]
    return out


@pytest.mark.parametrize("name", example_names())
def test_word_headings_in_order_with_heading_styles(name, subs, words, spec):
    doc = words[name]
    headings = [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == expected_headings(subs[name], spec)
    title = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert title == [spec.fixed_texts["titel"].title]


def table_starting_with(doc, text):
    tables = [t for t in doc.tables if t.cell(0, 0).text == text]
    assert len(tables) == 1, f"geen (of meer dan één) tabel die begint met {text!r}"
    return [[c.text for c in row.cells] for row in tables[0].rows]


def test_word_middelen_table_is_the_formats(words, spec):
    """Always the three regions' columns, "€" where a region has nothing, no total or status row;
    the spent lines as the format numbers them, without a region."""
    rows = table_starting_with(words["000_smart_limburg"], "vanuit SWV:")
    terugploeg, doelgroep = spec.regelingen
    assert rows == [
        ["vanuit SWV:", "PO3104 (WM)", "PO3105 (MH)", "PO3106 (PS)"],
        [f"{terugploeg.label} {terugploeg.help}", "€", "€ 81.739", "€"],
        [f"{doelgroep.label} {doelgroep.help}", "€", "€", "€"],
    ]
    lines = [p.text for p in words["000_smart_limburg"].paragraphs if p.style.name == "Genummerd" and "tbv" in p.text]
    assert lines[0] == "1.\t€ 1.140 tbv Leerlingonderzoeken"
    assert lines[3] == "4.\t€ 74.179 tbv Inzet formatie (eigen ondersteuning, inzet in de knooppunten, extra handen in de klas)"
    assert len(lines) == 4


def test_word_middelen_three_regions_has_no_region_or_verdict(words):
    rows = table_starting_with(words["901_drie_regios"], "vanuit SWV:")
    assert rows[1][1:] == ["€ 468.216", "€ 195.090", "€ 312.144"] and len(rows) == 3
    text = "\n".join(p.text for p in words["901_drie_regios"].paragraphs)
    assert "9.\t€ 14.900 tbv Bovenschoolse coördinatie passend onderwijs" in text.splitlines()
    for word in ("Indicatief", "Sluitend", "naar rato over de regio's", "verdeeld:", "Totaal"):
        assert word not in text, word  # (the board's own Extra Informatie says "naar rato": its words)


def test_word_middelen_table_pm_line(words):
    rows = table_starting_with(words["902_sbo_so_bestuur"], "vanuit SWV:")
    assert [r[1:] for r in rows[1:]] == [["€", "€", "€ 86.420"], ["€", "€", "€ 1.248.730"]]
    lines = [p.text for p in words["902_sbo_so_bestuur"].paragraphs if p.style.name == "Genummerd" and "tbv" in p.text]
    pm = lines[6]
    assert pm.startswith("7.\t€ PM tbv ") and "verdeelsleutel wordt in het voorjaar van 2025 vastgesteld" in pm


def test_word_page_numbers_and_layout(words):
    doc = words["000_smart_limburg"]
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert "Stichting SMART Limburg · 2023-2024" in section.footer.paragraphs[0].text
    assert doc.core_properties.title == "SCHOOLBESTUREN AAN ZET - SAMENWERKINGSPLAN"
    assert doc.core_properties.language == "nl-NL"


# -- what the report shows ---------------------------------------------------------------------------


def test_header_block(markdown, words):
    md = markdown["000_smart_limburg"]
    assert "**BESTUUR:** Stichting SMART Limburg" in md
    assert "**NAMENS BESTUUR:** Mehmet Demirbas, dagelijks bestuurder (naam ,functie)" in md
    assert "**SCHOOLJAAR:** 2023-2024" in md
    assert "☐ PO3104 (Westelijke Mijnstreek)  ☒ PO3105 (Maastricht-Heuvelland)  ☐ PO3106 (Parkstad)" in md
    header = [p.text for p in words["000_smart_limburg"].paragraphs if p.text.split(":")[0] in
              ("BESTUUR", "NAMENS BESTUUR", "SCHOOLJAAR", "SCHOLEN IN SWV")]
    assert header[0] == "BESTUUR: Stichting SMART Limburg"
    assert header[1] == "NAMENS BESTUUR: Mehmet Demirbas, dagelijks bestuurder  (naam ,functie)"
    assert norm(header[3]) == "SCHOLEN IN SWV: ☐ PO3104 (Westelijke Mijnstreek) ☒ PO3105 (Maastricht-Heuvelland) ☐ PO3106 (Parkstad)"


def test_missing_header_fields_stay_empty(markdown, words):
    """kom Leren left BESTUUR, the signatory and SCHOOLJAAR empty: on the format those lines are
    empty, and so they are in the report (the CONCEPT banner and the annex say what is missing)."""
    md = markdown["004_kom_leren"]
    assert "**BESTUUR:**\n\n**NAMENS BESTUUR:** (naam ,functie)\n\n**SCHOOLJAAR:**\n\n" in md
    assert "*Zie bekostigingsbeschikking(en) SWV\n" in md.replace("\\*", "*")
    assert "niet ingevuld" not in md
    texts = [p.text for p in words["004_kom_leren"].paragraphs]
    assert "BESTUUR: " in texts and "SCHOOLJAAR: " in texts


def test_a_blank_part_that_does_not_apply_is_nvt_and_typed_nvt_stays_as_typed(reports, spec):
    """004 has no SBO/SO and left Doelgroeparrangementen blank: that part does not apply, so the
    report writes the format's "n.v.t." (as the workbook promises); the same blank part of a board
    with SBO/SO stays blank. SMART typed "N.v.t." and "N.v.t": the report keeps them as typed."""
    doelgroep = next(o for o in reports["004_kom_leren"].delen[1].onderdelen if o.id == "b_doelgroep")
    assert [norm(i.blokken[0].tekst) if i.soort == "verhaal" else i.waarde for i in doelgroep.inhoud] == ["n.v.t."] * 3
    base = load_example("004_kom_leren", spec)
    met_sbo_so = Submission(values={**base.values, "heeft_sbo_so": True}, aanwending=base.aanwending)
    doelgroep = next(o for o in rapport(met_sbo_so, spec).delen[1].onderdelen if o.id == "b_doelgroep")
    assert [i.blokken if i.soort == "verhaal" else i.waarde for i in doelgroep.inhoud] == [(), "", ()]
    smart = reports["000_smart_limburg"]
    niveau_5 = next(o for o in smart.delen[0].onderdelen if o.id == "niveau_5")
    assert [v.blokken for v in niveau_5.inhoud] == [(TextParagraph(("N.v.t.",)),), (TextParagraph(("N.v.t",)),)]


def test_part_b_as_on_the_format(markdown, words, spec):
    """The question, "Nummer(s):" with the numbers, the elaboration without a heading of its own,
    then the part's indicator list as on the format: no checkboxes, no list of the chosen ones."""
    md = markdown["000_smart_limburg"]
    assert "Nummer(s):** 6, 7" in md and "Nummer(s):** n.v.t." in md
    assert "Uitwerking" not in md and "☒ 6" not in md and "gekozen" not in md
    listed = [p.text for p in words["000_smart_limburg"].paragraphs if p.style.name == "Indicator"]
    assert listed == [f"{n}\t{spec.indicators[n]}" for n in range(1, 44)]  # every part lists its range, 1 to 43 once
    assert f"\n1 {spec.indicators[1]}  \n2 {spec.indicators[2]}  \n" in md


def test_extra_informatie_only_when_present(markdown, words):
    """ "Extra Informatie:" as the format labels it, right after the spent lines, only when written."""
    md = markdown["004_kom_leren"]
    assert "**Extra Informatie:**" in md and "EXTRA INFORMATIE" not in md
    assert md.index("**Aanwending:**") < md.index("**Extra Informatie:**") < md.index("## REKENSCHAP - EIGEN AANDEEL SCHOOLBESTUUR IN HET COLLECTIEF PROCES")
    assert "Extra Informatie" not in markdown["000_smart_limburg"]
    assert "Extra Informatie:" in [p.text for p in words["004_kom_leren"].paragraphs]


def test_no_key_figures_in_the_report(markdown, words):
    """Key figures are no field of the format: they are in the annex, not in the report."""
    for name, md in markdown.items():
        assert "Kengetal" not in md.replace("Kengetallen TLV", ""), name
        assert not [t for t in words[name].tables if t.cell(0, 0).text == "Kengetal"], name


def test_document_order_follows_the_official_format(markdown, spec):
    md = markdown["000_smart_limburg"]
    marks = [spec.fixed_texts["keuze"].title, spec.fixed_texts["titel"].title, "**BESTUUR:**"]
    marks += [f"## {spec.fixed_texts[k].title}" for k in spec.document.intro]
    marks += [f"## {spec.part('A').title}", "### AANWENDING MIDDELEN SWV", f"## {spec.part('B').title}", "### KNOOPPUNT"]
    positions = [md.index(m) for m in marks]
    assert positions == sorted(positions)


# -- CONCEPT and region status ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def concept_sub(tmp_path_factory, spec):
    """A real workbook with a read error: text in a number cell (L020, fout)."""
    sub = load_example("000_smart_limburg", spec)
    sub.values["thuiszitters_aantal"] = Unreadable("een stuk of vijf", "aantal")
    path = save(sub, tmp_path_factory.mktemp("concept") / "concept.xlsx", spec)
    return load(path, spec)


def test_concept_marking_in_every_format(concept_sub, reports, spec):
    ctx = report_context(check(concept_sub, spec))
    assert ctx.concept and ctx.fouten == 1
    r = build_report(concept_sub, spec, ctx)
    assert r.concept_tekst in render_markdown(r)
    html = render_html(r)
    assert 'class="watermerk"' in html and '@top-center { content: "CONCEPT"' in html
    doc = docx.Document(io.BytesIO(render_docx(r)))
    assert doc.sections[0].header.paragraphs[0].text == "CONCEPT"
    assert doc.tables[0].cell(0, 0).text == r.concept_tekst
    clean = reports["000_smart_limburg"]
    assert not clean.concept and "CONCEPT" not in render_markdown(clean) + render_html(clean)
    assert docx.Document(io.BytesIO(render_docx(clean))).sections[0].header.paragraphs[0].text == ""


# -- the annex ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bijlagen(subs, spec):
    return {name: build_bijlage(check(sub, spec), spec) for name, sub in subs.items()}


def test_annex_carries_reconciliation_regions_indicators_key_figures_and_findings(bijlagen):
    md = render_bijlage(bijlagen["901_drie_regios"], "md").decode("utf-8")
    assert md.startswith("# Bijlage analyse\n")
    assert "| PO3104 (WM) | € 468.216 | € 468.216 | € 0 | Indicatief |" in md
    assert "| **Totaal** | **€ 975.450** | **€ 975.450** | **€ 0** | **Sluitend** |" in md
    assert "Totaal over alle regio's: Sluitend (ontvangen € 975.450, besteed € 975.450)." in md
    assert "| 4. | € 201.750 | Ambulante begeleiding (gedrag, taal, meer- en hoogbegaafdheid) | verdeeld: PO3104 € 96.500, PO3105 € 41.250, PO3106 € 64.000 |" in md
    assert "| 9. | € 14.900 | Bovenschoolse coördinatie passend onderwijs | zonder regio (indicatief naar rato) | Overig |" in md
    assert "## Indicatieve verdeling van regels zonder regio" in md and "| PO3104 | 48% | € 7.152 |" in md
    assert "- 36 Er is aandacht voor kwaliteit en borging van het knooppunt" in md
    assert "| SOP-score ankerpunt 3 | 72% |" in md and "| Aantal thuiszitters dit schooljaar | 2 |" in md
    assert "| R017 | info |" in md  # the findings of the check


def test_annex_of_a_board_in_one_region(bijlagen):
    md = render_bijlage(bijlagen["000_smart_limburg"], "md").decode("utf-8")
    assert "| PO3105 (MH) | € 81.739 | € 81.739 | € 0 | Sluitend |" in md and "Totaal" not in md
    assert "Indicatieve verdeling" not in md and "naar rato" not in md  # one region: nothing to spread
    assert "| 1. | € 1.140 | Leerlingonderzoeken | PO3105 (de enige regio) |" in md
    assert "- 6 Organisatie is toegerust op \"pdca\" in alle lagen" in md
    assert "Er zijn geen kengetallen ingevuld." in md


def test_annex_pm_is_onbepaald_and_missing_values_are_named(bijlagen):
    md = render_bijlage(bijlagen["902_sbo_so_bestuur"], "md").decode("utf-8")
    assert "Onbepaald" in md and "| Verwijzingen naar SBO dit schooljaar | 0 |" in md  # 0 is filled in
    kom = render_bijlage(bijlagen["004_kom_leren"], "md").decode("utf-8")
    assert "| fout |" in kom  # kom Leren's empty header: the findings say so


@pytest.mark.parametrize("name", example_names())
def test_annex_word_document(name, bijlagen):
    doc = docx.Document(io.BytesIO(render_bijlage(bijlagen[name], "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Reconciliatie per regio" and headings[-1] == "Bevindingen van de controle"
    assert doc.paragraphs[0].text == "Bijlage analyse" and doc.paragraphs[0].style.name == "Title"
    html = render_bijlage(bijlagen[name], "html").decode("utf-8")
    assert html.count("<table") == html.count("</table>") >= 1


# -- text to blocks ------------------------------------------------------------------------------------------


def test_blocks_paragraphs_line_breaks_and_lists():
    text = "Eerste alinea\nmet een regel.\n\n  \nDoelen:\n• een\n• twee\nNa de lijst\n1. Diversiteit;\n2. Relaties;\n- streepje"
    assert split_blocks(text) == (
        TextParagraph(("Eerste alinea", "met een regel.")),
        TextParagraph(("Doelen:",)),
        BulletList(("een", "twee")),
        TextParagraph(("Na de lijst",)),
        BulletList(("Diversiteit;", "Relaties;"), ("1.", "2.")),
        BulletList(("streepje",)),
    )


def test_blocks_keep_text_that_only_looks_like_a_list():
    assert split_blocks("-Soepele plaatsing\n2020-2021: 2 kinderen\n12 scholen") == (
        TextParagraph(("-Soepele plaatsing", "2020-2021: 2 kinderen", "12 scholen")),
    )


def test_percentages_in_dutch():
    assert show_percentage(Decimal("0.78")) == "78%"
    assert show_percentage(Decimal("0.785")) == "78,5%"
    assert show_percentage(Decimal("1")) == "100%"


@pytest.mark.parametrize("name", example_names())
def test_html_is_well_formed_and_self_contained(name, reports):
    """Every element closed in order; no external stylesheet, script or image to go missing."""
    from html.parser import HTMLParser

    void = {"meta", "br", "link", "img", "hr", "input"}

    class Checker(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []
            self.external: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag in ("link", "script", "img") or any(k in ("src", "href") for k, _ in attrs):
                self.external.append(tag)
            if tag not in void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack and self.stack[-1] == tag, f"</{tag}> sluit {self.stack[-1:]} af"
            self.stack.pop()

    checker = Checker()
    checker.feed(render_html(reports[name]))
    assert checker.stack == [] and checker.external == []


def test_incomplete_aanwending_lines_as_typed(tmp_path, spec):
    """A line without a description, a PM line without explanation: shown as typed; the annex
    names what is missing."""
    from xltoolkit.model.money import PM, Bedrag
    from xltoolkit.model.submission import Aanwendingsregel

    sub = load_example("000_smart_limburg", spec)
    sub.aanwending = (
        Aanwendingsregel({"bedrag": Bedrag.of(500)}),
        Aanwendingsregel({"omschrijving": "Nog te verdelen", "bedrag": PM}),
        Aanwendingsregel({"omschrijving": "Leerlingonderzoeken", "bedrag": Bedrag.of("1140.50")}),
    )
    sub = load(save(sub, tmp_path / "regels.xlsx", spec), spec)
    md = render_markdown(build_report(sub, spec))
    assert "\n1. € 500 tbv\n" in md  # as typed: no description
    assert "\n2. € PM tbv Nog te verdelen\n" in md
    assert "\n3. € 1.140,50 tbv Leerlingonderzoeken\n" in md
    assert "Totaal" not in md
    annex = render_bijlage(build_bijlage(check(sub, spec), spec), "md").decode("utf-8")
    assert "| 1. | € 500 | (niet ingevuld) |" in annex


def test_text_pasted_from_word_fits_in_every_format(tmp_path, spec):
    """Word's manual line break (vertical tab) and page break (form feed) survive a workbook as
    _x000B_/_x000C_; the report makes them a line and a paragraph break, and Word can open it."""
    sub = load_example("000_smart_limburg", spec)
    sub.values["thuiszitters"] = "Eerste regel\x0btweede regel\x0cNieuwe alinea\x01."
    sub.values["bestuur"] = "Stichting\x0bSMART"
    sub = load(save(sub, tmp_path / "plak.xlsx", spec), spec)
    r = build_report(sub, spec)
    thuis = next(o for o in r.delen[0].onderdelen if o.id == "thuiszitters").inhoud[0]
    assert thuis.blokken == (TextParagraph(("Eerste regel", "tweede regel")), TextParagraph(("Nieuwe alinea.",)))
    assert r.kop.regels[0].waarde == "Stichting SMART"
    doc = docx.Document(io.BytesIO(render_docx(r)))
    assert "Eerste regel\ntweede regel" in [p.text for p in doc.paragraphs]


# -- Markdown: a board's HTML is shown, never run ------------------------------------------------------

HOSTILE = {
    "bestuur": "Stichting <img src=x onerror=alert(1)>",
    "thuiszitters": "Wij schreven <script>alert(1)</script> en\n<img src=x onerror=alert(2)> in één tekst.\n"
                    "<!-- verborgen --> en <javascript:alert(3)> en &lt;b&gt;",
    "ononderbroken": 'Samen met A&O en "Q&A": < 5 leerlingen, 5 > 3 & meer.',
}


@pytest.fixture(scope="module")
def hostile_md(tmp_path_factory, spec):
    """The Markdown report and the region report of a real workbook that holds HTML in its texts."""
    from xltoolkit.services.report import render_bundle, report_bytes

    sub = load_example("000_smart_limburg", spec)
    sub.values.update(HOSTILE)
    sub = load(save(sub, tmp_path_factory.mktemp("html") / "html.xlsx", spec), spec)
    single = report_bytes(check(sub, spec), spec, "md")[0].decode("utf-8")
    bundle = render_bundle("Regio", "2023-2024", [rapport(sub, spec)], "md").decode("utf-8")
    return {"rapport": single, "bundel": bundle}


def rendered(md: str):
    """The HTML a CommonMark viewer makes of the Markdown (inline HTML enabled, as viewers do)."""
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text.append(data)

    parser = Tags()
    parser.feed(MarkdownIt("commonmark").render(md))
    return parser.tags, "".join(parser.text)


@pytest.mark.parametrize("soort", ["rapport", "bundel"])
def test_markdown_shows_a_boards_html_as_text(hostile_md, soort):
    tags, text = rendered(hostile_md[soort])
    assert not [t for t, _ in tags if t in ("script", "img")]
    assert not [a for _, a in tags if any(k.startswith("on") for k in a)]
    assert not [a for _, a in tags if str(a.get("href", "")).startswith("javascript:")]
    assert "<img src=x onerror=alert(1)>" in text  # the board's name, as typed
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert "<!-- verborgen -->" in text and "&lt;b&gt;" in text


def test_markdown_leaves_ordinary_text_as_typed(hostile_md):
    md = hostile_md["rapport"]
    assert HOSTILE["ononderbroken"] in md  # ampersands, quotes, "<" before a space: not touched
    assert "Wij schreven &lt;script>alert(1)&lt;/script> en" in md  # only what would open a tag
