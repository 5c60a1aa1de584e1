"""The narrative report: content model, Markdown/HTML (golden files), Word read back, fidelity.

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
from xltoolkit.model.values import Onleesbaar, is_nvt
from xltoolkit.services.check import check
from xltoolkit.services.report import RapportContext, build_report, render_docx, render_html, render_markdown, report_context
from xltoolkit.services.report.tekst import Alinea, Lijst, blokken, toon_percentage

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
        assert build_report(sub, spec) == build_report(load_example(name), spec), name


# -- fidelity: every narrative paragraph verbatim ------------------------------------------------


def source_pieces(sub, spec):
    """(field, kind, text) for every paragraph of every narrative: a run of text lines is one
    piece that must appear as one paragraph; each list line must appear as one list item."""
    for f in spec.fields:
        value = sub.get(f.id)
        if f.type != "narrative" or not isinstance(value, str) or is_nvt(value):
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
    sections Heading 2, the fields of a section with more than one narrative Heading 3."""
    out = [(1, spec.fixed_texts[k].title) for k in spec.document["intro"]]
    for part in spec.parts:
        sections = [s for s in spec.sections if s.part == part.id]
        if part.id == spec.section_of("bestuur").part:
            continue
        out.append((1, part.title))
        for s in sections:
            narratives = [f for f in s.fields if f.type == "narrative"]
            if s.kind == "fields" and not any(f.required or sub.get(f.id) for f in s.fields):
                continue  # optional and empty (Extra informatie): left out
            out.append((2, s.title))
            if len([f for f in s.fields if not f.kengetal]) > 1:
                out += [(3, f.label) for f in narratives]
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


def test_word_funding_table_one_region(words, spec):
    rows = table_starting_with(words["000_smart_limburg"], "vanuit SWV:")
    terugploeg, doelgroep = spec.regelingen
    assert rows[0] == ["vanuit SWV:", "PO3105 (MH)"]
    assert rows[1] == [f"{terugploeg.label} {terugploeg.help}", "€ 81.739"]
    assert rows[2] == [f"{doelgroep.label} {doelgroep.help}", "—"]
    assert rows[3] == ["Totaal ontvangen", "€ 81.739"]
    assert rows[4] == ["Status ontvangen en besteed", "Sluitend"]
    lines = table_starting_with(words["000_smart_limburg"], "Nr.")
    assert lines[0] == ["Nr.", "Bedrag", "t.b.v."]
    assert lines[1] == ["1.", "€ 1.140", "Leerlingonderzoeken"]
    assert lines[4] == ["4.", "€ 74.179", "Inzet formatie (eigen ondersteuning, inzet in de knooppunten, extra handen in de klas)"]
    assert lines[5] == ["", "€ 81.739", "Totaal aanwending"]


def test_word_funding_table_three_regions(words):
    rows = table_starting_with(words["901_drie_regios"], "vanuit SWV:")
    assert rows[0] == ["vanuit SWV:", "PO3104 (WM)", "PO3105 (MH)", "PO3106 (PS)"]
    assert rows[1][1:] == ["€ 468.216", "€ 195.090", "€ 312.144"]
    # each region's spent rests on the pro-rata share of a line without region: indicatief; the
    # verdict is on the total, said under the table
    assert rows[-1] == ["Status ontvangen en besteed", "Indicatief", "Indicatief", "Indicatief"]
    paragraphs = [p.text for p in words["901_drie_regios"].paragraphs]
    assert any(p.startswith("Totaal over alle regio's: Sluitend (ontvangen € 975.450, besteed € 975.450).") for p in paragraphs)
    lines = table_starting_with(words["901_drie_regios"], "Nr.")
    assert lines[0] == ["Nr.", "Bedrag", "t.b.v.", "Regio"]
    assert lines[4][3] == "verdeeld: PO3104 € 96.500, PO3105 € 41.250, PO3106 € 64.000"
    assert lines[9][1:] == ["€ 14.900", "Bovenschoolse coördinatie passend onderwijs", "naar rato over de regio's"]
    assert lines[-1][1] == "€ 975.450"


def test_word_funding_table_pm_line(words):
    rows = table_starting_with(words["902_sbo_so_bestuur"], "vanuit SWV:")
    assert rows[1:4] == [rows[1][:1] + ["€ 86.420"], rows[2][:1] + ["€ 1.248.730"], ["Totaal ontvangen", "€ 1.335.150"]]
    assert rows[4] == ["Status ontvangen en besteed", "Onbepaald"]
    lines = table_starting_with(words["902_sbo_so_bestuur"], "Nr.")
    pm = lines[7]
    assert pm[:2] == ["7.", "€ PM"] and "verdeelsleutel wordt in het voorjaar van 2025 vastgesteld" in pm[2]
    assert lines[-1][1] == "€ 1.335.150 + PM"


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
    assert "**NAMENS BESTUUR:** Mehmet Demirbas, dagelijks bestuurder" in md
    assert "**SCHOOLJAAR:** 2023-2024" in md
    assert "☐ PO3104 (Westelijke Mijnstreek)  ☒ PO3105 (Maastricht-Heuvelland)  ☐ PO3106 (Parkstad)" in md
    header = [[c.text for c in row.cells] for row in words["000_smart_limburg"].tables[0].rows]
    assert header[0] == ["BESTUUR:", "Stichting SMART Limburg"]
    assert header[3][1].splitlines()[1] == "☒ PO3105 (Maastricht-Heuvelland)"


def test_missing_header_fields_are_visible(markdown, words):
    """kom Leren left BESTUUR, the signatory and SCHOOLJAAR empty: the report says so, in red in Word."""
    md = markdown["004_kom_leren"]
    assert "**BESTUUR:** _(niet ingevuld)_" in md and "**SCHOOLJAAR:** _(niet ingevuld)_" in md
    assert "*Zie bekostigingsbeschikking(en) SWV (niet ingevuld)" in md.replace("\\*", "*")
    header = next(t for t in words["004_kom_leren"].tables if t.cell(0, 0).text.startswith("BESTUUR"))
    cell = header.cell(0, 1)
    run = cell.paragraphs[0].runs[0]
    assert cell.text == "(niet ingevuld)" and run.italic and run.font.color.rgb is not None


def test_a_blank_part_that_does_not_apply_is_nvt_and_one_that_applies_is_visible(reports, spec):
    """004 has no SBO/SO and left Doelgroeparrangementen blank: that part does not apply, so the
    report says n.v.t.; the same blank part of a board with SBO/SO shows "(niet ingevuld)"."""
    doelgroep = next(o for o in reports["004_kom_leren"].delen[1].onderdelen if o.id == "b_doelgroep")
    assert [i.staat for i in doelgroep.inhoud] == ["nvt", "nvt", "nvt"]
    assert [norm(i.blokken[0].tekst) if i.soort == "verhaal" else i.waarde for i in doelgroep.inhoud] == ["n.v.t."] * 3
    base = load_example("004_kom_leren")
    met_sbo_so = Submission(values={**base.values, "heeft_sbo_so": True}, aanwending=base.aanwending)
    doelgroep = next(o for o in rapport(met_sbo_so, spec).delen[1].onderdelen if o.id == "b_doelgroep")
    assert [i.staat for i in doelgroep.inhoud] == ["leeg", "leeg", "leeg"]
    assert [norm(i.blokken[0].tekst) if i.soort == "verhaal" else i.waarde for i in doelgroep.inhoud] == ["(niet ingevuld)"] * 3
    smart = reports["000_smart_limburg"]
    niveau_5 = next(o for o in smart.delen[0].onderdelen if o.id == "niveau_5")
    assert [(v.staat, v.blokken) for v in niveau_5.inhoud] == [("nvt", (Alinea(("n.v.t.",)),))] * 2  # typed "N.v.t." and "N.v.t"


def test_chosen_indicators_and_full_list(markdown, words, spec):
    md = markdown["000_smart_limburg"]
    assert "Nummer(s):** 6, 7" in md
    assert f"- 6 {spec.indicators[6]}" in md and f"- 7 {spec.indicators[7]}" in md
    assert f"- ☒ 6 **{spec.indicators[6]}**" in md and f"- ☐ 1 {spec.indicators[1]}" in md
    listed = [p.text for p in words["000_smart_limburg"].paragraphs if p.style.name == "Indicator"]
    assert len(listed) == len(spec.indicators)  # every part lists its whole range, 1 to 43 once
    assert listed[5] == f"☒\t6 {spec.indicators[6]}" and listed[0] == f"☐\t1 {spec.indicators[1]}"
    assert "Nummer(s):** _n.v.t._" in md  # Doelgroeparrangementen


def test_extra_informatie_only_when_present(markdown):
    assert "### EXTRA INFORMATIE" in markdown["004_kom_leren"]
    assert "EXTRA INFORMATIE" not in markdown["000_smart_limburg"]


def test_key_figures_where_filled_in(markdown):
    md = markdown["901_drie_regios"]
    assert "| SOP-score ankerpunt 3 | 72% |" in md and "| Aantal thuiszitters dit schooljaar | 2 |" in md
    assert "**Kengetallen**" not in markdown["000_smart_limburg"]  # SMART filled in none
    assert "| Verwijzingen naar SBO dit schooljaar | 0 |" in markdown["902_sbo_so_bestuur"]  # 0 is filled in


def test_document_order_follows_the_official_format(markdown, spec):
    md = markdown["000_smart_limburg"]
    marks = [spec.fixed_texts["keuze"].title, spec.fixed_texts["titel"].title, "**BESTUUR:**"]
    marks += [f"## {spec.fixed_texts[k].title}" for k in spec.document["intro"]]
    marks += [f"## {spec.part('A').title}", "### AANWENDING MIDDELEN SWV", f"## {spec.part('B').title}", "### KNOOPPUNT"]
    positions = [md.index(m) for m in marks]
    assert positions == sorted(positions)


# -- CONCEPT and region status ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def concept_sub(tmp_path_factory, spec):
    """A real workbook with a read error: text in a number cell (L020, fout)."""
    sub = load_example("000_smart_limburg")
    sub.values["thuiszitters_aantal"] = Onleesbaar("een stuk of vijf", "aantal")
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


def test_region_status_comes_from_the_context(subs, spec):
    r = build_report(subs["901_drie_regios"], spec, RapportContext(False, {"PO3104": "Tekort", "PO3105": "Sluitend", "PO3106": "Overschot"}))
    middelen = next(o for o in r.delen[0].onderdelen if o.id == "middelen").inhoud[0]
    assert middelen.status == ("Tekort", "Sluitend", "Overschot")
    assert "| Status ontvangen en besteed | Tekort | Sluitend | Overschot |" in render_markdown(r)
    without = build_report(subs["901_drie_regios"], spec)
    assert next(o for o in without.delen[0].onderdelen if o.id == "middelen").inhoud[0].status == ()  # no row at all


# -- text to blocks ------------------------------------------------------------------------------------------


def test_blocks_paragraphs_line_breaks_and_lists():
    text = "Eerste alinea\nmet een regel.\n\n  \nDoelen:\n• een\n• twee\nNa de lijst\n1. Diversiteit;\n2. Relaties;\n- streepje"
    assert blokken(text) == (
        Alinea(("Eerste alinea", "met een regel.")),
        Alinea(("Doelen:",)),
        Lijst(("een", "twee")),
        Alinea(("Na de lijst",)),
        Lijst(("Diversiteit;", "Relaties;"), ("1.", "2.")),
        Lijst(("streepje",)),
    )


def test_blocks_keep_text_that_only_looks_like_a_list():
    assert blokken("-Soepele plaatsing\n2020-2021: 2 kinderen\n12 scholen") == (
        Alinea(("-Soepele plaatsing", "2020-2021: 2 kinderen", "12 scholen")),
    )


def test_percentages_in_dutch():
    assert toon_percentage(Decimal("0.78")) == "78%"
    assert toon_percentage(Decimal("0.785")) == "78,5%"
    assert toon_percentage(Decimal("1")) == "100%"


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


def test_incomplete_aanwending_lines_are_visible(tmp_path, spec):
    """A line without a description, a PM line without explanation: shown, and marked as missing."""
    from xltoolkit.model.money import PM, Bedrag
    from xltoolkit.model.submission import Aanwendingsregel

    sub = load_example("000_smart_limburg")
    sub.aanwending = (
        Aanwendingsregel({"bedrag": Bedrag.of(500)}),
        Aanwendingsregel({"omschrijving": "Nog te verdelen", "bedrag": PM}),
        Aanwendingsregel({"omschrijving": "Leerlingonderzoeken", "bedrag": Bedrag.of("1140.50")}),
    )
    sub = load(save(sub, tmp_path / "regels.xlsx", spec), spec)
    r = build_report(sub, spec)
    md = render_markdown(r)
    assert "1. € 500 t.b.v. (niet ingevuld)" in md
    assert "2. € PM t.b.v. Nog te verdelen — (niet ingevuld)" in md
    assert "3. € 1.140,50 t.b.v. Leerlingonderzoeken" in md
    assert "**Totaal aanwending: € 1.640,50 + PM**" in md
    middelen = next(o for o in r.delen[0].onderdelen if o.id == "middelen").inhoud[0]
    assert [a.leeg for a in middelen.regels] == [True, True, False]


def test_text_pasted_from_word_fits_in_every_format(tmp_path, spec):
    """Word's manual line break (vertical tab) and page break (form feed) survive a workbook as
    _x000B_/_x000C_; the report makes them a line and a paragraph break, and Word can open it."""
    sub = load_example("000_smart_limburg")
    sub.values["thuiszitters"] = "Eerste regel\x0btweede regel\x0cNieuwe alinea\x01."
    sub.values["bestuur"] = "Stichting\x0bSMART"
    sub = load(save(sub, tmp_path / "plak.xlsx", spec), spec)
    r = build_report(sub, spec)
    thuis = next(o for o in r.delen[0].onderdelen if o.id == "thuiszitters").inhoud[0]
    assert thuis.blokken == (Alinea(("Eerste regel", "tweede regel")), Alinea(("Nieuwe alinea.",)))
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
    from xltoolkit.services.report import render_bundel, report_bytes

    sub = load_example("000_smart_limburg")
    sub.values.update(HOSTILE)
    sub = load(save(sub, tmp_path_factory.mktemp("html") / "html.xlsx", spec), spec)
    single = report_bytes(check(sub, spec), spec, "md")[0].decode("utf-8")
    bundle = render_bundel("Regio", "2023-2024", [rapport(sub, spec)], "md").decode("utf-8")
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
