"""Importing last year's report: the two real seeds, and the variety real documents have.

The seeds in ../shared/domain/seeds are read as they are (text extracted from Word/PDF, with its
page-break noise); the result is saved as a real workbook, read back, and must equal the example
fixture field by field (narratives compared with whitespace runs collapsed). The robustness
cases are built here from the seed text: headings in other case and spacing, sections in another
order or missing, the amount in another region column, tick boxes, page noise, other notations —
and Word (python-docx) and Markdown versions of the same report.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import SEEDS
from docx.shared import Pt

from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.model.money import Bedrag
from xltoolkit.model.values import Indicatoren, Unreadable
from xltoolkit.services.importer import ImportFailed, import_report
from xltoolkit.services.importer.log import DERIVED, EMPTY, FOUND, MISSING
from xltoolkit.spec import load_spec

SEED = {"000_smart_limburg": "000_e21f1fb2d972ccd2.txt", "004_kom_leren": "004_6b9b0c070f07460b.txt"}


def seed_path(name: str) -> Path:
    path = SEEDS / SEED[name]
    assert path.exists(), f"de echte inzending {path} ontbreekt (shared/ hoort naast het project)"
    return path


def seed_text(name: str) -> str:
    return seed_path(name).read_text(encoding="utf-8")


def flat(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def differences(got, want, spec, skip: tuple[str, ...] = ()) -> list[str]:
    """Field ids (and 'aanwending') where two submissions differ; narratives whitespace-normalised."""
    out = [f.id for f in spec.fields if f.id not in skip and flat(got.get(f.id)) != flat(want.get(f.id))]
    if tuple(got.aanwending) != tuple(want.aanwending):
        out.append("aanwending")
    return out


def imported(tmp_path: Path, name: str, text: str, suffix: str = ".txt", **kw):
    path = tmp_path / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    return import_report(path, load_spec(), **kw)


@pytest.fixture(scope="module")
def expected(tmp_path_factory, spec):
    """The example fixtures as a workbook would hold them (saved and read back)."""
    out = tmp_path_factory.mktemp("expected")
    return {name: load(save(load_example(name, spec), out / f"{name}.xlsx", spec), spec) for name in SEED}


# -- the two real seeds -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SEED))
def test_seed_imports_into_a_workbook_equal_to_the_fixture(name, tmp_path, spec, expected):
    result = import_report(seed_path(name), spec)
    sub = load(save(result.submission, tmp_path / "import.xlsx", spec), spec)
    assert differences(sub, expected[name], spec) == []
    assert result.report.unplaced == [], "elke regel hoort in een veld, in Extra informatie of in de lijst weggelaten"


def test_seed_000_amounts_indicators_and_header(spec):
    result = import_report(seed_path("000_smart_limburg"), spec)
    sub, report = result.submission, result.report
    assert sub["bestuur"] == "Stichting SMART Limburg"
    assert (sub["namens_naam"], sub["namens_functie"]) == ("Mehmet Demirbas", "dagelijks bestuurder")
    assert sub["schooljaar"] == "2023-2024"
    assert sub["ontvangen_terugploeg_PO3105"] == Bedrag(euro=Decimal("81739"))
    assert sub["ontvangen_terugploeg_PO3104"] is None and sub["ontvangen_terugploeg_PO3106"] is None
    assert [ln.bedrag.euro for ln in sub.aanwending] == [1140, 2000, 4420, 74179]
    assert sub["b_algemeen_nummers"] == Indicatoren((6, 7))
    assert sub["b_doelgroep_nummers"] == Indicatoren(nvt=True)
    # The region line lists all three regions without boxes (lost in the text): derived from the money.
    assert sub["regios"] == ("PO3105",) and report.fields["regios"].status == DERIVED
    assert sub["heeft_sbo_so"] is False and report.fields["heeft_sbo_so"].status == DERIVED
    assert sub["extra_informatie"] is None and report.extra == []
    assert report.fields["ankerpunt_1"].status == FOUND
    assert "Ankerpunt 1 - Kwaliteitsstandaard" in report.fields["ankerpunt_1"].hoe
    assert report.fields["ankerpunt_1"].plaats.startswith("regel 204")


def test_seed_004_keeps_its_gaps_typing_errors_and_annex(spec):
    result = import_report(seed_path("004_kom_leren"), spec)
    sub, report = result.submission, result.report
    for fid in ("bestuur", "namens_naam", "namens_functie", "schooljaar"):
        assert sub[fid] is None, fid
    assert report.fields["schooljaar"].status == EMPTY  # the label is there, its value is not
    assert report.fields["bestuur"].status == MISSING
    for fid in ("b_doelgroep_sturing", "b_doelgroep_nummers", "b_doelgroep_uitwerking"):
        assert sub[fid] is None and report.fields[fid].status == EMPTY
    for typo, fid in [("begleider", "ankerpunt_1"), ("onstaan", "ankerpunt_4"), ("partrner", "verwijzingen"),
                      ("fimpje", "b_knooppunt_uitwerking"), ("hioe", "b_knooppunt_uitwerking")]:
        assert typo in sub[fid], typo
    assert [ln.bedrag.euro for ln in sub.aanwending] == [0, 332894, 235669, 393602]
    [moved] = report.extra
    assert moved.plaats == "regel 302–475" and "Aanwending" in moved.reden.title()
    assert sub["extra_informatie"].startswith("Beleid op inclusie binnen kom Leren")
    assert flat(sub["extra_informatie"]).endswith("die anders naar het S(B)O zouden zijn verwezen;")
    codes = {f.code for f in report.findings}
    assert {"I010", "I012", "I014"} <= codes


def test_report_lists_every_field_and_what_was_left_out(spec):
    report = import_report(seed_path("000_smart_limburg"), spec).report
    assert set(report.fields) == {f.id for f in spec.fields}
    kinds = {s.soort for s in report.skipped}
    assert {"vaste tekst", "indicatorlijst", "introductietekst van het format", "kop"} <= kinds
    lists = [s for s in report.skipped if s.soort == "indicatorlijst"]
    assert [s.plaats for s in lists] == ["regel 469–481", "regel 512–550", "regel 567–579", "regel 627–643"]
    data = report.as_dict(import_report(seed_path("000_smart_limburg"), spec).submission)
    row = next(v for v in data["velden"] if v["veld"] == "ontvangen_terugploeg_PO3105")
    assert row["waarde"] == "81739.00" and "kolom PO3105" in row["hoe"]


def test_carry_forward_clears_money_keeps_texts_and_descriptions(spec):
    last = import_report(seed_path("000_smart_limburg"), spec).submission
    result = import_report(seed_path("000_smart_limburg"), spec, schooljaar="2025-2026")
    sub = result.submission
    assert sub["schooljaar"] == "2025-2026"
    assert all(sub[f.id] is None for f in spec.fields if f.type == "money")
    assert [ln.omschrijving for ln in sub.aanwending] == [ln.omschrijving for ln in last.aanwending]
    assert all(ln.bedrag is None for ln in sub.aanwending)
    assert sub["ankerpunt_1"] == last["ankerpunt_1"]
    assert {"I030", "I033"} <= {f.code for f in result.report.findings}
    with pytest.raises(ImportFailed) as exc:
        import_report(seed_path("000_smart_limburg"), spec, schooljaar="2025-2027")
    assert exc.value.finding.code == "I006" and "JJJJ-JJJJ" in exc.value.finding.message


def test_carry_forward_moves_this_years_counts_to_last_year(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "VERWIJZINGEN NAAR SO/SBO", "Verwijzingen naar SO dit schooljaar: 4\n\nVERWIJZINGEN NAAR SO/SBO"
    )
    plain = imported(tmp_path, "k", text)
    assert plain.submission["verwijzingen_so_dit_jaar"] == 4
    sub = imported(tmp_path, "k2", text, schooljaar="2024-2025").submission
    assert sub["verwijzingen_so_vorig_jaar"] == 4 and sub["verwijzingen_so_dit_jaar"] is None


# -- robustness, built from the seed text -----------------------------------------------------


def headings(spec) -> list[str]:
    """Every section title and field label of the spec that the seeds print as a line of its own."""
    labels = [s.title for s in spec.sections] + [f.label for f in spec.fields if f.type == "narrative"]
    return sorted({label for label in labels if label}, key=len, reverse=True)


def mangle(line: str, k: int) -> str:
    """Another case, extra spaces, other punctuation, sometimes a number in front."""
    words = line.split()
    variants = [
        "  ".join(w.capitalize() for w in words) + " :",
        " ".join(words).lower(),
        f"{k}.  " + "   ".join(words).title(),
        " ".join(words).upper().replace(" - ", " – ") + ".",
    ]
    return variants[k % len(variants)]


def test_headings_in_other_case_spacing_punctuation_and_numbering(tmp_path, spec, expected):
    text, k = seed_text("000_smart_limburg"), 0
    lines = text.split("\n")
    wanted = {" ".join(h.split()).lower() for h in headings(spec)}
    for i, line in enumerate(lines):
        if " ".join(line.split()).lower() in wanted:
            lines[i] = mangle(line, k)
            k += 1
    assert k >= 15
    result = imported(tmp_path, "koppen", "\n".join(lines))
    assert differences(result.submission, expected["000_smart_limburg"], spec) == []


def blocks(text: str, starts: list[str]) -> tuple[str, dict[str, str], str]:
    """Cut the text at the given heading lines: (before, {heading: block}, after-the-last)."""
    positions = sorted((text.index(f"\n{s}"), s) for s in starts)
    head = text[: positions[0][0]]
    out = {}
    for (a, s), (b, _) in zip(positions, positions[1:] + [(None, None)]):
        out[s] = text[a:b] if b is not None else text[a:]
    return head, out, ""


def test_sections_in_another_order(tmp_path, spec, expected):
    text = seed_text("004_kom_leren")
    order = ["THUISZITTERS", "ONONDERBROKEN LEER-EN", "AANVULLEND & SPECIFIEK VOOR NIVEAU 1", "AANVULLEND & SPECIFIEK VOOR NIVEAU 5"]
    head, parts, _ = blocks(text, order + ["AANWENDING MIDDELEN SWV"])
    shuffled = head + parts["AANVULLEND & SPECIFIEK VOOR NIVEAU 5"] + parts["ONONDERBROKEN LEER-EN"] + parts[
        "THUISZITTERS"] + parts["AANVULLEND & SPECIFIEK VOOR NIVEAU 1"] + parts["AANWENDING MIDDELEN SWV"]
    # And part B's knooppunt before algemeen.
    b_head, b_parts, _ = blocks(shuffled, ["ALGEMEEN", "DE BASIS OP ORDE", "DOELGROEPARRANGEMENTEN  -", "KNOOPPUNT  -"])
    shuffled = b_head + b_parts["KNOOPPUNT  -"] + b_parts["DE BASIS OP ORDE"] + b_parts["ALGEMEEN"] + b_parts["DOELGROEPARRANGEMENTEN  -"]
    assert len(shuffled) == len(text)
    result = imported(tmp_path, "volgorde", shuffled)
    assert differences(result.submission, expected["004_kom_leren"], spec) == []


def test_a_missing_section_is_listed_and_nothing_else_changes(tmp_path, spec, expected):
    text = seed_text("000_smart_limburg")
    start, end = text.index("THUISZITTERS"), text.index("ONONDERBROKEN LEER-EN")
    result = imported(tmp_path, "zonder", text[:start] + text[end:])
    assert differences(result.submission, expected["000_smart_limburg"], spec) == ["thuiszitters"]
    assert result.submission["thuiszitters"] is None
    assert result.report.fields["thuiszitters"].status == MISSING
    [finding] = [f for f in result.report.findings if f.code == "I010"]
    assert finding.field == "thuiszitters" and "THUISZITTERS" in finding.message and "A2 Thuiszitters" in finding.message


def test_a_missing_part_b_heading_is_inferred_and_reported(tmp_path, spec, expected):
    text = seed_text("000_smart_limburg").replace("DE BASIS OP ORDE  -  betreft alle scholen", "")
    result = imported(tmp_path, "kopweg", text)
    assert differences(result.submission, expected["000_smart_limburg"], spec) == []
    assert any(f.code == "I016" and f.field == "b_basis_sturing" for f in result.report.findings)


def test_the_amount_in_another_region_column(tmp_path, spec):
    text = seed_text("000_smart_limburg")
    row = "(basisbedrag en uitkering reserve) €        €  81.739,- €        "
    assert row in text
    moved = text.replace(row, "(basisbedrag en uitkering reserve) €  81.739,- €        €        ")
    sub = imported(tmp_path, "kolom", moved).submission
    assert sub["ontvangen_terugploeg_PO3104"] == Bedrag(euro=Decimal("81739"))
    assert sub["ontvangen_terugploeg_PO3105"] is None
    assert sub["regios"] == ("PO3104",)
    # Columns in another order in the header: the header decides.
    reordered = text.replace("PO3104 (WM)        PO3105 (MH)     PO3106 (PS)", "PO3106 (PS)        PO3104 (WM)     PO3105 (MH)")
    sub = imported(tmp_path, "volgorde", reordered).submission
    assert sub["ontvangen_terugploeg_PO3104"] == Bedrag(euro=Decimal("81739"))


@pytest.mark.parametrize("line,regios", [
    ("SCHOLEN IN SWV:  ☐ PO3104 (Westelijke Mijnstreek)   ☒ PO3105 (Maastricht-Heuvelland)   ☐ PO3106 (Parkstad)", ("PO3105",)),
    ("SCHOLEN IN SWV:  ☒ PO3104 (Westelijke Mijnstreek)   ☒ PO3105 (Maastricht-Heuvelland)   ☐ PO3106 (Parkstad)", ("PO3104", "PO3105")),
    ("SCHOLEN IN SWV:  [x] PO3104   [ ] PO3105   [ ] PO3106", ("PO3104",)),
    ("SCHOLEN IN SWV: PO3104 (Westelijke Mijnstreek) ☐   PO3105 (Maastricht-Heuvelland) ☐   PO3106 (Parkstad) ☒", ("PO3106",)),
    ("Scholen in SWV: PO3106 (Parkstad)", ("PO3106",)),
])
def test_checkbox_style_region_line(line, regios, tmp_path, spec):
    text = seed_text("000_smart_limburg")
    old = next(ln for ln in text.split("\n") if ln.startswith("SCHOLEN IN SWV"))
    result = imported(tmp_path, "vinkjes", text.replace(old, line))
    assert result.submission["regios"] == regios  # the boxes win over the money in the table
    assert result.report.fields["regios"].status == FOUND


def test_page_noise_fixed_text_and_lists_removed_make_no_difference(tmp_path, spec, expected):
    text = seed_text("004_kom_leren")
    lines = text.split("\n")
    noisy: list[str] = []
    for i, line in enumerate(lines, start=1):
        noisy.append(line)
        if i % 60 == 0:  # a page break with its number and running header
            noisy += ["", f"{i // 60}", "\f", "Jaarverslag 2023-2024 Stichting kom Leren", ""]
    result = imported(tmp_path, "ruis", "\n".join(noisy))
    assert differences(result.submission, expected["004_kom_leren"], spec) == []
    kinds = {s.soort for s in result.report.skipped}
    assert "paginaruis" in kinds
    # Without the fixed texts before part A and without the indicator lists: the same fields.
    start, end = text.index("Keuze schoolbesturen"), text.index("REKENSCHAP - EIGEN AANDEEL SCHOOLBESTUUR IN HET COLLECTIEF RESULTAAT")
    bare = text[:start] + text[end:]
    bare = re.sub(r"(?m)^\d{1,2} [A-Z(].*\n", "", bare)  # every numbered indicator line
    result = imported(tmp_path, "kaal", bare)
    assert differences(result.submission, expected["004_kom_leren"], spec) == []


def test_other_notations_for_amounts_and_purposes(tmp_path, spec, expected):
    text = seed_text("000_smart_limburg")
    replacements = {
        "1.  €  1.140 tbv Leerlingonderzoeken": "1. EUR 1.140 ten behoeve van Leerlingonderzoeken",
        "2.  €  2.000 tbv Professionalisering hoogbegaafdheid": "2. 2.000 t.b.v. Professionalisering hoogbegaafdheid",
        "3.  €  4.420 tbv Ondersteuning extern": "3. Ondersteuning extern: € 4.420",
        "4.  €  74.179 tbv": "4.\u00a0€\u00a074.179,00 T.B.V.",
        "€  81.739,- €": "EUR 81.739 €",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    sub = imported(tmp_path, "notatie", text).submission
    assert differences(sub, expected["000_smart_limburg"], spec) == []


def test_unreadable_amounts_and_pm_are_reported_not_lost(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "4.  €  74.179 tbv", "5.  €  PM tbv Inzet externe expertise\n\n6.  €  1.2.3 tbv Iets onleesbaars\n\n4.  €  74.179 tbv"
    )
    result = imported(tmp_path, "pm", text)
    lines = result.submission.aanwending
    assert [ln.omschrijving for ln in lines][3:5] == ["Inzet externe expertise", "Iets onleesbaars"]
    assert lines[3].bedrag == Bedrag(pm=True)
    assert lines[4].bedrag == Unreadable("€ 1.2.3", "bedrag")
    [finding] = [f for f in result.report.findings if f.code == "I020"]
    assert "€ 1.2.3" in finding.message and "regel" in finding.message


def test_text_belonging_to_no_field_goes_to_extra_informatie_and_is_listed(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "SCHOOLJAAR:    2023-2024",
        "SCHOOLJAAR:    2023-2024\n\nDit verslag is op 12 mei 2024 vastgesteld door de raad van toezicht.",
    )
    result = imported(tmp_path, "los", text)
    assert result.submission["extra_informatie"] == "Dit verslag is op 12 mei 2024 vastgesteld door de raad van toezicht."
    [moved] = result.report.extra
    assert moved.plaats == "regel 20" and "deel A" in moved.reden
    assert any(f.code == "I014" and "regel 20" in f.message for f in result.report.findings)


def test_total_line_is_checked_not_taken_over(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "extra handen in de klas)  \n", "extra handen in de klas)  \n\nTotaal: € 82.000\n"
    )
    result = imported(tmp_path, "totaal", text)
    assert len(result.submission.aanwending) == 4
    assert {"I024", "I025"} <= {f.code for f in result.report.findings}


def test_not_a_report_and_unsupported_files_are_refused(tmp_path, spec):
    other = tmp_path / "boodschappen.txt"
    other.write_text("Melk\nBrood\nKaas\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as exc:
        import_report(other, spec)
    assert exc.value.finding.code == "I005"
    pdf = tmp_path / "verslag.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(ImportFailed) as exc:
        import_report(pdf, spec)
    assert exc.value.finding.code == "I002" and ".txt" in exc.value.finding.message
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(b"dit is geen zip")
    with pytest.raises(ImportFailed) as exc:
        import_report(broken, spec)
    assert exc.value.finding.code == "I003"
    with pytest.raises(ImportFailed) as exc:
        import_report(tmp_path / "bestaat-niet.docx", spec)
    assert exc.value.finding.code == "I001"


def test_windows_1252_text_is_read(tmp_path, spec, expected):
    path = tmp_path / "ansi.txt"
    path.write_bytes(seed_text("004_kom_leren").replace("➢", "-").replace("è", "-").replace("Ø", "-").encode("cp1252", errors="replace"))
    sub = import_report(path, spec).submission
    assert flat(sub["ankerpunt_1"]) == flat(expected["004_kom_leren"]["ankerpunt_1"])


# -- Word (.docx) built with python-docx from the seed text ---------------------------------


MIDDELEN_ROW = re.compile(r"^(Ontvangen bedrag \w+\*)\s+(\(.*?\))\s*(€.*)$")


def seed_docx(name: str, path: Path, spec) -> Path:
    """A Word document of the seed: a paragraph per line, headings in heading styles, the
    ankerpunt labels bold with the text after them in the same paragraph, the funding part a
    real table, the aanwending an automatic numbered list, tick boxes in the header."""
    doc = docx.Document()
    titles = {" ".join(h.split()).lower() for h in headings(spec)}
    lines = [ln for ln in seed_text(name).split("\n")]
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        key = " ".join(line.split()).lower()
        if line.startswith("vanuit SWV:"):
            i = _middelen_table(doc, line, lines, i)
        elif line.startswith("SCHOLEN IN SWV"):
            doc.add_paragraph("SCHOLEN IN SWV:\t☐ PO3104 (Westelijke Mijnstreek)\t☒ PO3105 (Maastricht-Heuvelland)\t☐ PO3106 (Parkstad)")
        elif re.match(r"^\d\.\s+€", line):
            doc.add_paragraph(re.sub(r"^\d\.\s+", "", line).replace("  ", "\u00a0"), style="List Number")
        elif key.startswith("ankerpunt ") and key in titles:
            p = doc.add_paragraph()
            p.add_run(line + " ").bold = True
            while i < len(lines) and not lines[i].strip():
                i += 1
            p.add_run(lines[i].strip())
            i += 1
        elif key in titles:
            doc.add_heading(line, 2)
        else:
            doc.add_paragraph(line)
    doc.save(path)
    return path


def _middelen_table(doc, header: str, lines: list[str], i: int) -> int:
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["vanuit SWV:", "PO3104 (WM)", "PO3105 (MH)", "PO3106 (PS)"]):
        cell.text = text
    while i < len(lines):
        line = lines[i].strip()
        m = MIDDELEN_ROW.match(line)
        if not line:
            i += 1
        elif m:
            amounts = [a.strip() for a in m.group(3).split("€")[1:]]
            cells = table.add_row().cells
            cells[0].text = f"{m.group(1)} {m.group(2)}"
            for cell, amount in zip(cells[1:], amounts):
                cell.text = f"€ {amount}" if amount else ""
            i += 1
        else:
            return i
    return i


@pytest.mark.parametrize("name", sorted(SEED))
def test_word_document_made_from_the_seed(name, tmp_path, spec, expected):
    path = seed_docx(name, tmp_path / f"{name}.docx", spec)
    result = import_report(path, spec)
    sub = load(save(result.submission, tmp_path / "w.xlsx", spec), spec)
    assert differences(sub, expected[name], spec, skip=("regios",)) == []
    # 000 has a region line (here with its tick boxes); 004 has none, so its region comes from the money.
    assert sub["regios"] == ("PO3105",)
    assert result.report.fields["regios"].status == (FOUND if name.startswith("000") else DERIVED)
    assert result.report.unplaced == []
    assert result.report.fields["ontvangen_terugploeg_PO3105"].plaats.startswith("tabel 1 rij")


def test_word_features_real_documents_have(tmp_path, spec):
    """Bold label with its text, tab-separated label and value, a layout table, legacy tick
    boxes, a text box, a tracked deletion, non-breaking spaces and smart quotes."""
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "BESTUUR:", "Stichting “De Brug”"
    table.cell(1, 0).text, table.cell(1, 1).text = "NAMENS BESTUUR:", "J.\u00a0de Vries, voorzitter"
    doc.add_paragraph("SCHOOLJAAR:\t2023/2024")
    doc.add_paragraph("1. Ontwikkeling ankerpunten", style="Heading 1")
    p = doc.add_paragraph()
    p.add_run("Ankerpunt 1 – Kwaliteitsstandaard:").bold = True
    p.add_run(" Onze scholen scoren 78%\u00a0op de SOP-meting.")
    p = doc.add_paragraph("Ankerpunt 2 - Planmatig en handelingsgericht werken")
    p.runs[0].font.size = Pt(12)
    layout = doc.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "Ankerpunt 3 - Specifieke ondersteuning"
    layout.cell(0, 1).text = "Eerste alinea.\nTweede alinea met een ‘citaat’."
    deleted = doc.add_paragraph("Thuiszitters")
    _tracked_deletion(deleted, "VERWIJDERD ")
    doc.add_paragraph("Er waren geen thuiszitters.")
    doc.save(tmp_path / "echt.docx")
    result = import_report(tmp_path / "echt.docx", spec)
    sub = result.submission
    assert sub["bestuur"] == "Stichting “De Brug”"
    assert (sub["namens_naam"], sub["namens_functie"]) == ("J. de Vries", "voorzitter")
    assert sub["schooljaar"] == "2023-2024"
    assert sub["ankerpunt_1"] == "Onze scholen scoren 78% op de SOP-meting."
    assert flat(sub["ankerpunt_3"]) == "Eerste alinea. Tweede alinea met een ‘citaat’."
    assert sub["thuiszitters"] == "Er waren geen thuiszitters."
    assert "VERWIJDERD" not in str(sub.values)
    assert result.report.fields["ankerpunt_2"].status == EMPTY


def _tracked_deletion(paragraph, text: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "x")
    run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = text
    run.append(deleted_text)
    deletion.append(run)
    paragraph._p.insert(1, deletion)


def test_legacy_form_checkboxes_in_word(tmp_path, spec):
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def box(checked: bool) -> str:
        state = '<w:checked/>' if checked else ''
        return (f'<w:r {ns}><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>{state}'
                f'</w:checkBox></w:ffData></w:fldChar></w:r><w:r {ns}><w:instrText> FORMCHECKBOX </w:instrText></w:r>'
                f'<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>')

    doc = docx.Document()
    p = doc.add_paragraph("SCHOLEN IN SWV: ")
    for code, on in [("PO3104", False), ("PO3105", True), ("PO3106", True)]:
        for el in parse_xml(f"<w:p {ns}>{box(on)}</w:p>"):
            p._p.append(el)
        p.add_run(f" {code}  ")
    doc.add_paragraph("THUISZITTERS")
    doc.add_paragraph("Geen.")
    doc.save(tmp_path / "vinkjes.docx")
    assert import_report(tmp_path / "vinkjes.docx", spec).submission["regios"] == ("PO3105", "PO3106")


# -- Markdown --------------------------------------------------------------------------------


def seed_markdown(name: str, spec) -> str:
    """The seed as someone would write it in Markdown: headings, bold labels, a pipe table."""
    titles = {" ".join(h.split()).lower() for h in headings(spec)}
    out: list[str] = []
    for raw in seed_text(name).split("\n"):
        line = raw.strip()
        key = " ".join(line.split()).lower()
        m = MIDDELEN_ROW.match(line)
        if line.startswith("vanuit SWV:"):
            out += ["", "| vanuit SWV: | PO3104 (WM) | PO3105 (MH) | PO3106 (PS) |", "|---|---:|---:|---:|"]
        elif m:
            cells = [f"€ {a.strip()}" if a.strip() else "" for a in m.group(3).split("€")[1:]]
            out.append(f"| {m.group(1).replace('*', chr(92) + '*')} {m.group(2)} | " + " | ".join(cells) + " |")
        elif key in titles:
            out += ["", f"## {line}", ""]
        elif line.startswith("*"):
            out.append("\\" + line)
        elif line.startswith("• "):
            out.append("- " + line[2:])
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", sorted(SEED))
def test_markdown_made_from_the_seed(name, tmp_path, spec, expected):
    result = imported(tmp_path, name, seed_markdown(name, spec), suffix=".md")
    assert differences(result.submission, expected[name], spec) == []
    assert result.report.unplaced == []


# -- more of the variety real documents have ------------------------------------------------


def test_word_save_as_text_with_tab_separated_table(tmp_path, spec):
    """Word's "Opslaan als tekst" writes table cells separated by tabs."""
    text = seed_text("000_smart_limburg")
    text = text.replace("vanuit SWV:   PO3104 (WM)        PO3105 (MH)     PO3106 (PS)", "vanuit SWV:\tPO3104 (WM)\tPO3105 (MH)\tPO3106 (PS)")
    text = text.replace(
        "Ontvangen bedrag Terugploegregeling*        (basisbedrag en uitkering reserve) €        €  81.739,- €        ",
        "Ontvangen bedrag Terugploegregeling* (basisbedrag en uitkering reserve)\t\t\t81.739\t",
    )
    sub = imported(tmp_path, "tabs", text).submission
    assert sub["ontvangen_terugploeg_PO3106"] == Bedrag(euro=Decimal("81739"))
    assert sub["ontvangen_terugploeg_PO3105"] is None


def test_received_amounts_written_per_region_below_the_row(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "(basisbedrag en uitkering reserve) €        €  81.739,- €        ",
        "(basisbedrag en uitkering reserve)\nPO3104 (Westelijke Mijnstreek): € 12.000\nPO3106 (Parkstad): € 69.739,-",
    )
    result = imported(tmp_path, "perregio", text)
    sub = result.submission
    assert sub["ontvangen_terugploeg_PO3104"] == Bedrag(euro=Decimal("12000"))
    assert sub["ontvangen_terugploeg_PO3106"] == Bedrag(euro=Decimal("69739"))
    assert sub["regios"] == ("PO3104", "PO3106")
    assert result.report.unplaced == [] and result.report.extra == []


def test_word_table_turned_around_and_layout_table(tmp_path, spec):
    doc = docx.Document()
    doc.add_paragraph("Stichting Voorbeeld — jaarverslag 2023")  # a line of the board's own: extra
    layout = doc.add_table(rows=3, cols=2)
    cells = [("BESTUUR", "Stichting Voorbeeld"), ("SCHOOLJAAR", "2023-2024"),
             ("Thuiszitters", "Er was één thuiszitter.\nDie is inmiddels geplaatst.")]
    for row, (label, value) in zip(layout.rows, cells):
        row.cells[0].text, row.cells[1].text = label, value
    doc.add_paragraph("Aanwending middelen SWV", style="Heading 2")
    table = doc.add_table(rows=3, cols=3)
    rows = [("Regio", "Terugploegregeling", "Doelgroepfinanciering"),
            ("PO3104 (Westelijke Mijnstreek)", "€ 100.000", "—"),
            ("PO3106 (Parkstad)", "€ 50.000,00", "€ 7.500")]
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.add_paragraph("€ 150.000 ten behoeve van Formatie", style="List Number")
    doc.add_paragraph("€ 7.500 t.b.v. Doelgroeparrangement (PO3106)", style="List Number")
    doc.save(tmp_path / "gedraaid.docx")
    result = import_report(tmp_path / "gedraaid.docx", spec)
    sub = result.submission
    assert (sub["bestuur"], sub["schooljaar"]) == ("Stichting Voorbeeld", "2023-2024")
    assert sub["thuiszitters"] == "Er was één thuiszitter.\n\nDie is inmiddels geplaatst."
    assert sub["ontvangen_terugploeg_PO3104"] == Bedrag(euro=Decimal("100000"))
    assert sub["ontvangen_terugploeg_PO3106"] == Bedrag(euro=Decimal("50000.00"))
    assert sub["ontvangen_doelgroep_PO3106"] == Bedrag(euro=Decimal("7500"))
    assert sub["ontvangen_doelgroep_PO3104"] is None
    assert [(ln.omschrijving, ln.regio) for ln in sub.aanwending] == [("Formatie", None), ("Doelgroeparrangement", "PO3106")]
    assert sub["extra_informatie"] == "Stichting Voorbeeld — jaarverslag 2023"
    assert result.report.unplaced == []


def test_word_numbered_headings_and_short_titles(tmp_path, spec):
    doc = docx.Document()
    doc.add_paragraph("Ontwikkeling ankerpunten", style="List Number")  # Word's own numbering: "1."
    doc.add_paragraph("Ankerpunt 1", style="Heading 3")
    doc.add_paragraph("Tekst bij één.")
    doc.add_paragraph("2.1 Ankerpunt 2 - Planmatig en handelingsgericht werken", style="Heading 3")
    doc.add_paragraph("Tekst bij twee.")
    doc.add_paragraph("Thuiszitters", style="List Number")
    doc.add_paragraph("Geen.")
    doc.add_paragraph("De basis op orde", style="Heading 2")
    doc.add_paragraph("Hoe is de sturing belegd en geborgd in de interne processen?", style="Heading 3")
    doc.add_paragraph("Via de kwaliteitscyclus.")
    doc.add_paragraph("Tenminste één van de onderstaande indicatoren uitgewerkt als voorbeeld:")
    doc.add_paragraph("Nummer(s): 14")
    doc.add_paragraph("Alle scholen sturen actief op (door)ontwikkelen /borgen ankerpunten ondersteuning")
    doc.add_paragraph("Zo werken we.")
    doc.save(tmp_path / "genummerd.docx")
    sub = import_report(tmp_path / "genummerd.docx", spec).submission
    assert (sub["ankerpunt_1"], sub["ankerpunt_2"], sub["thuiszitters"]) == ("Tekst bij één.", "Tekst bij twee.", "Geen.")
    assert sub["b_basis_sturing"] == "Via de kwaliteitscyclus."
    assert sub["b_basis_nummers"] == Indicatoren((14,))
    assert sub["b_basis_uitwerking"] == "Zo werken we."  # the chosen indicator's own text is left out


def test_header_row_with_two_labels_and_middelen_table_with_a_total_column(tmp_path, spec):
    doc = docx.Document()
    head = doc.add_table(rows=2, cols=4)
    for row, values in zip(head.rows, [("BESTUUR:", "Stichting Twee", "SCHOOLJAAR:", "2023-2024"),
                                       ("NAMENS BESTUUR:", "A. Bakker, bestuurder", "SCHOLEN IN SWV:", "☒ PO3104 ☒ PO3106")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.add_paragraph("AANWENDING MIDDELEN SWV")
    table = doc.add_table(rows=2, cols=5)
    rows = [("vanuit SWV:", "PO3104 (WM)", "PO3105 (MH)", "PO3106 (PS)", "Totaal"),
            ("Ontvangen bedrag Terugploegregeling*", "€ 10.000", "", "€ 20.000", "€ 30.000")]
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.add_paragraph("Aanwending:")
    doc.add_paragraph("1. € 30.000 tbv Formatie")
    doc.add_paragraph("Aantal thuiszitters dit schooljaar: 3")
    doc.save(tmp_path / "twee.docx")
    result = import_report(tmp_path / "twee.docx", spec)
    sub = result.submission
    assert (sub["bestuur"], sub["schooljaar"]) == ("Stichting Twee", "2023-2024")
    assert (sub["namens_naam"], sub["namens_functie"]) == ("A. Bakker", "bestuurder")
    assert sub["regios"] == ("PO3104", "PO3106")
    assert sub["ontvangen_terugploeg_PO3104"] == Bedrag(euro=Decimal("10000"))
    assert sub["ontvangen_terugploeg_PO3105"] is None
    assert sub["ontvangen_terugploeg_PO3106"] == Bedrag(euro=Decimal("20000"))
    assert sub["thuiszitters_aantal"] == 3
    assert result.report.unplaced == [] and result.report.extra == []


def test_indicator_numbers_in_the_next_table_cell(tmp_path, spec):
    doc = docx.Document()
    doc.add_paragraph("KNOOPPUNT - betreft alle scholen")
    doc.add_paragraph("Hoe is de sturing belegd en geborgd in de interne processen?")
    doc.add_paragraph("Met een vast overleg.")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Tenminste één van de onderstaande indicatoren uitgewerkt als voorbeeld: Nummer(s):"
    table.cell(0, 1).text = "37, 38"
    doc.add_paragraph("Zo doen we dat.")
    doc.save(tmp_path / "cel.docx")
    sub = import_report(tmp_path / "cel.docx", spec).submission
    assert sub["b_knooppunt_nummers"] == Indicatoren((37, 38))
    assert sub["b_knooppunt_uitwerking"] == "Zo doen we dat."


@pytest.mark.libreoffice
def test_word_document_written_by_libreoffice(lo, tmp_path, spec, expected):
    """A .docx from another producer: LibreOffice converts the seed text to Word."""
    import shutil
    import subprocess

    source = tmp_path / "verslag.txt"
    source.write_bytes(seed_path("004_kom_leren").read_bytes())
    profile = (tmp_path / "profiel").as_uri()
    proc = subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert (tmp_path / "verslag.docx").exists(), proc.stderr
    result = import_report(tmp_path / "verslag.docx", spec)
    assert differences(result.submission, expected["004_kom_leren"], spec) == []
    assert result.report.soort == "docx" and result.report.unplaced == []


def test_a_repeated_sub_heading_is_text_not_a_running_header(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace("\nResultaat:", "\nResultaat en verbeterpunten voor volgend jaar\n\nResultaat:")
    sub = imported(tmp_path, "herhaald", text).submission
    for fid in ("ankerpunt_1", "ankerpunt_2", "ankerpunt_3", "ankerpunt_4"):
        assert "Resultaat en verbeterpunten voor volgend jaar" in sub[fid], fid


def test_a_text_too_long_for_one_cell_is_refused_not_cut(tmp_path, spec):
    text = seed_text("004_kom_leren")
    start, end = text.index("Beleid op inclusie"), text.index("REKENSCHAP - EIGEN AANDEEL SCHOOLBESTUUR IN HET COLLECTIEF PROCES")
    long = text[:end] + text[start:end] * 5 + text[end:]
    with pytest.raises(ImportFailed) as exc:
        imported(tmp_path, "lang", long)
    assert exc.value.finding.code == "I007" and "32767" in exc.value.finding.message


# -- issue 19: real reports, not only our examples -------------------------------------------


def _middelen_doc(path: Path, rows: list[tuple[str, ...]], *, scholen: str | None = None, split: bool = False,
                 merge_header: bool = False) -> Path:
    """A Word report with only a header and the funding table (`rows`, header row first)."""
    doc = docx.Document()
    doc.add_paragraph("BESTUUR: Stichting Proef")
    if scholen:
        doc.add_paragraph(scholen)
    doc.add_paragraph("AANWENDING MIDDELEN SWV")
    groups = [rows[:1], rows[1:]] if split else [rows]
    for k, group in enumerate(groups):
        if k:
            doc.add_page_break()
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(group), cols=width)
        for row, values in zip(table.rows, group):
            for cell, value in zip(row.cells, values):
                cell.text = value
        if merge_header and k == 0:
            for col in range(1, width - 1, 2):
                merged = table.cell(0, col).merge(table.cell(0, col + 1))
                merged.text = rows[0][col]
    doc.add_paragraph("Aanwending:")
    doc.add_paragraph("1. € 1.234.567 tbv Formatie")
    doc.save(path)
    return path


TERUG = "Ontvangen bedrag Terugploegregeling*"
HULP = "(basisbedrag en uitkering reserve)"


def received(sub) -> dict[str, Decimal]:
    return {k.removeprefix("ontvangen_"): v.euro for k, v in sub.values.items() if k.startswith("ontvangen_") and v is not None}


@pytest.mark.parametrize("rows,regios,where", [
    # The whole header in one cell, ticks before the regions; a note column and a trailing "€" column.
    ([("vanuit SWV: ☒ PO3104 (WM) ☐ PO3105 (MH) ☐ PO3106 (PH)",), (TERUG, HULP, "€ 1.234.567", "€", "€", "€")],
     ("PO3104",), {"terugploeg_PO3104": Decimal("1234567")}),
    # One cell per region with its box; the header's order decides, not the position.
    ([("vanuit SWV:", "☐ PO3106 (PS)", "☒ PO3104 (WM)", "☐ PO3105 (MH)"), (TERUG, "€", "€ 1.234.567", "€")],
     ("PO3104",), {"terugploeg_PO3104": Decimal("1234567")}),
    # A header with an empty cell above the note column.
    ([("vanuit SWV:", "", "☐ PO3104 (WM)", "☒ PO3105 (MH)", "☐ PO3106 (PS)"), (TERUG, HULP, "€", "€ 1.234.567", "€")],
     ("PO3105",), {"terugploeg_PO3105": Decimal("1234567")}),
])
def test_ticks_in_the_header_row_of_the_middelen_table_set_the_regions(rows, regios, where, tmp_path, spec):
    scholen = "SCHOLEN IN SWV: PO3104 (Westelijke Mijnstreek) PO3105 (Maastricht-Heuvelland) PO3106 (Parkstad)"
    result = import_report(_middelen_doc(tmp_path / "kop.docx", rows, scholen=scholen), spec)
    assert result.submission["regios"] == regios
    report = result.report.fields["regios"]
    assert report.status == FOUND and "kop van de tabel" in report.hoe and report.plaats == "tabel 1 rij 1"
    assert received(result.submission) == where
    assert result.submission["extra_informatie"] is None and result.report.extra == []
    assert "I026" not in {f.code for f in result.report.findings}  # not derived from the money


def test_ticks_at_scholen_in_swv_win_over_ticks_in_the_table_header(tmp_path, spec):
    rows = [("vanuit SWV:", "☒ PO3104 (WM)", "☐ PO3105 (MH)", "☐ PO3106 (PS)"), (TERUG, "€ 10", "€ 20", "€")]
    scholen = "SCHOLEN IN SWV: ☒ PO3104 (Westelijke Mijnstreek) ☒ PO3105 (Maastricht-Heuvelland) ☐ PO3106 (Parkstad)"
    result = import_report(_middelen_doc(tmp_path / "beide.docx", rows, scholen=scholen), spec)
    assert result.submission["regios"] == ("PO3104", "PO3105")
    assert "kop van de tabel" not in result.report.fields["regios"].hoe


@pytest.mark.parametrize("rows,kw,where", [
    # "€" and the number in two cells, under a header whose region cells span two columns.
    ([("vanuit SWV:", "PO3104 (WM)", "", "PO3105 (MH)", "", "PO3106 (PS)", ""), (TERUG, "€", "", "€", "1.234.567", "€", "")],
     {"merge_header": True}, {"terugploeg_PO3105": Decimal("1234567")}),
    # The same without merged header cells: each region's title above its "€" cell.
    ([("vanuit SWV:", "PO3104 (WM)", "", "PO3105 (MH)", "", "PO3106 (PS)", ""), (TERUG, "€", "", "€", "1.234.567", "€", "")],
     {}, {"terugploeg_PO3105": Decimal("1234567")}),
    # Header and amounts in two tables, split by a page break; the header's order decides.
    ([("vanuit SWV:", "PO3106 (PS)", "PO3104 (WM)", "PO3105 (MH)"), (TERUG, "€ 7", "€", "€ 1.234.567")],
     {"split": True}, {"terugploeg_PO3106": Decimal("7"), "terugploeg_PO3105": Decimal("1234567")}),
])
def test_middelen_tables_in_other_shapes(rows, kw, where, tmp_path, spec):
    result = import_report(_middelen_doc(tmp_path / "vorm.docx", rows, **kw), spec)
    assert received(result.submission) == where
    assert result.submission["extra_informatie"] is None and result.report.extra == []
    assert result.report.unplaced == []


def test_placing_amount_columns_by_the_header_and_the_ticks():
    from xltoolkit.services.importer.columns import place

    order = ("PO3104", "PO3105", "PO3106")
    assert place(["1", "", "", ""], order, None).cells == {"PO3104": "1", "PO3105": "", "PO3106": ""}
    assert place(["", "", "", "2"], order, None).cells == {"PO3104": "", "PO3105": "", "PO3106": "2"}
    ambiguous = place(["", "1", "", ""], order, None)  # PO3104 or PO3105: not guessed
    assert ambiguous.cells == {} and ambiguous.unplaced == ("1",)
    by_ticks = place(["", "1", "", ""], order, ("PO3105",))
    assert by_ticks.cells["PO3105"] == "1" and by_ticks.by_ticks
    assert place(["1", "", "2"], order, None).cells == {"PO3104": "1", "PO3105": "", "PO3106": "2"}


def test_aanwending_table_with_a_column_per_region_keeps_every_part(tmp_path, spec):
    doc = docx.Document()
    doc.add_paragraph("AANWENDING MIDDELEN SWV")
    rows = [("Nr.", "Omschrijving (t.b.v.)", "Bedrag (€)", "Regio", "Deel PO3104 (€)", "Deel PO3105 (€)", "Deel PO3106 (€)"),
            ("1.", "Ambulante begeleiding", "€ 201.750", "Verdeeld", "€ 96.500", "€ 41.250", "€ 64.000")]
    table = doc.add_table(rows=2, cols=7)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    doc.save(tmp_path / "delen.docx")
    [line] = import_report(tmp_path / "delen.docx", spec).submission.aanwending
    assert [line.values[c].euro for c in ("PO3104", "PO3105", "PO3106")] == [96500, 41250, 64000]


@pytest.mark.parametrize("after", [
    "\n\nDe kosten delen we met de partner; de sleutel volgt in het voorjaar.\n\nTot dan betalen we het zelf.",
    "\nDe kosten delen we met de partner; de sleutel volgt in het voorjaar. Tot dan betalen we het zelf.",
    ". De kosten delen we met de partner; de sleutel volgt in het voorjaar. Tot dan betalen we het zelf.",
])
def test_a_pm_line_takes_its_explanation_as_toelichting(after, tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "4.  €  74.179 tbv", "5.  €  PM tbv Flexibel arrangement bij de zorgpartner" + after + "\n\n4.  €  74.179 tbv")
    result = imported(tmp_path, "pm", text)
    [pm] = [ln for ln in result.submission.aanwending if ln.bedrag == Bedrag(pm=True)]
    assert pm.omschrijving == "Flexibel arrangement bij de zorgpartner"
    assert pm.values["toelichting"] == "De kosten delen we met de partner; de sleutel volgt in het voorjaar. Tot dan betalen we het zelf."
    assert result.submission["extra_informatie"] is None
    assert [ln.bedrag.euro for ln in result.submission.aanwending if not ln.bedrag.pm] == [1140, 2000, 4420, 74179]


def test_fixed_texts_with_typos_and_split_words_are_sjabloontekst(tmp_path, spec):
    text = seed_text("000_smart_limburg")
    broken = text.replace("geeft de wijze aan waarop", "geeft de wijze aan warop")
    broken = broken.replace("De inhoud van het ondersteuningsplan is leidend", "De inhoud van het ondersteunings-\nplan is leidend")
    broken = broken.replace("gekomen omdat door de deelnemende", "gekomen omdat door de alle deelnemende")  # a word too many
    assert broken.count("warop") == broken.count("de alle deelnemende") == 1
    result = imported(tmp_path, "tikfout", broken)
    assert result.submission["extra_informatie"] is None and result.report.extra == []
    sjabloon = result.report.sjabloontekst
    assert any("warop" in s.tekst for s in sjabloon)
    assert any(s.soort == "sjabloontekst" and "de alle deelnemende" in s.tekst for s in sjabloon)
    data = result.report.as_dict(result.submission)
    assert data["sjabloontekst"] and data["samenvatting"]["sjabloontekst"] == len(sjabloon)


@pytest.mark.parametrize("own", [
    # The board's own words after a copy of a fixed paragraph, on the next line: kept.
    "Het samenwerkingsverband is faciliterend bij het vormgeven van deze collectieve verantwoordelijkheid.\n"
    "Ons bestuur vindt dat het samenwerkingsverband daarin nog te weinig doet en vraagt om meer regie.",
    # A paragraph that only starts like a fixed text.
    "Het samenwerkingsverband heeft een grote mate van beleidsvrijheid, maar ons bestuur kiest voor vaste afspraken per school.",
])
def test_the_boards_own_text_next_to_fixed_text_is_not_taken_for_it(own, tmp_path, spec):
    text = seed_text("000_smart_limburg").replace("SCHOOLJAAR:    2023-2024", "SCHOOLJAAR:    2023-2024\n\n" + own)
    result = imported(tmp_path, "eigen", text)
    kept = flat(result.submission["extra_informatie"] or "")
    last = own.split("\n")[-1]
    assert flat(last) in kept


def test_key_figures_in_prose_are_read_or_said_to_be_not_recognised(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "VERWIJZINGEN NAAR SO/SBO", "VERWIJZINGEN NAAR SO/SBO\n\nDit jaar verwezen we naar het SO 12 leerlingen (vorig jaar 15).\n", 1)
    result = imported(tmp_path, "proza", text)
    sub, report = result.submission, result.report
    assert (sub["verwijzingen_so_dit_jaar"], sub["verwijzingen_so_vorig_jaar"]) == (12, 15)
    assert report.fields["verwijzingen_so_dit_jaar"].status == FOUND
    assert "naar het SO 12 leerlingen" in report.fields["verwijzingen_so_dit_jaar"].hoe
    assert {f.field for f in report.findings if f.code == "I072"} >= {"verwijzingen_so_dit_jaar", "verwijzingen_so_vorig_jaar"}
    # "geen thuiszitters" is said, but not as a figure: "niet herkend", never "staat niet in het verslag".
    [thuis] = [f for f in report.findings if f.field == "thuiszitters_aantal"]
    assert thuis.code == "I073" and "niet herkend" in thuis.message and "geen thuiszitters" in thuis.message
    assert sub["thuiszitters_aantal"] is None


def test_a_regeling_word_in_a_narrative_is_a_sentence(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        "In het schooljaar 2023-2024 waren er geen thuiszitters.",
        "In het schooljaar 2023-2024 waren er geen thuiszitters. De\nDoelgroepfinanciering zetten we in voor expertise\nin de klas.")
    sub = imported(tmp_path, "zin", text).submission
    assert "Doelgroepfinanciering zetten we in voor expertise" in sub["thuiszitters"]
    assert [ln.omschrijving for ln in sub.aanwending][-1].endswith("extra handen in de klas)")


SEED_HEADER_000 = "vanuit SWV:   PO3104 (WM)        PO3105 (MH)     PO3106 (PS) "
SEED_ROW_000 = "Ontvangen bedrag Terugploegregeling*        (basisbedrag en uitkering reserve) €        €  81.739,- €        "


@pytest.mark.parametrize("old,new,status", [
    # The amounts on the line after the row's label (a text export of the table).
    (SEED_ROW_000, "Ontvangen bedrag Terugploegregeling*        (basisbedrag en uitkering reserve)\n€        €  81.739,- €        ",
     DERIVED),
    # The header one cell per line, with its boxes; the caption alone on its line.
    (SEED_HEADER_000, "vanuit SWV:\n☐ PO3104 (WM)\n☒ PO3105 (MH)\n☐ PO3106 (PS)", FOUND),
])
def test_the_middelen_table_cut_into_lines(old, new, status, tmp_path, spec, expected):
    text = seed_text("000_smart_limburg")
    assert old in text
    result = imported(tmp_path, "regels", text.replace(old, new))
    assert differences(result.submission, expected["000_smart_limburg"], spec) == []
    assert result.report.fields["regios"].status == status
    assert result.submission["extra_informatie"] is None and result.report.extra == []


def test_a_received_amount_without_region_is_a_warning_not_a_spending_line(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(
        SEED_ROW_000, "Ontvangen bedrag Terugploegregeling*\n(basisbedrag en uitkering reserve)\n€  81.739,-")
    result = imported(tmp_path, "los", text)
    assert [ln.bedrag.euro for ln in result.submission.aanwending] == [1140, 2000, 4420, 74179]
    [warning] = [f for f in result.report.findings if f.code == "I070"]
    assert "€ 81.739,-" in warning.message and "regel 392" in warning.message and warning.severity == "waarschuwing"
    assert result.submission["extra_informatie"] is None


def test_a_flattened_aanwending_row_is_matched_to_its_header_by_type(spec):
    """PDF text keeps no columns: the pieces of a row are told apart by what they can be."""
    from xltoolkit.services.importer.middelen_table import aligned_row, header_order, typed_cells

    order = header_order("Nr. Omschrijving (t.b.v.) Bedrag (€) Regio Deel PO3104 (€) Deel PO3105 (€) Deel PO3106 (€) "
                         "Categorie Toelichting (bij PM)", spec)
    assert order == ["omschrijving", "bedrag", "regio", "PO3104", "PO3105", "PO3106", "categorie", "toelichting"]
    cells = typed_cells("4. Ambulante begeleiding (gedrag) € 201.750 Verdeeld € 96.500 € 41.250 € 64.000 Ambulante begeleiding", spec)
    assert cells == ("Ambulante begeleiding (gedrag)", "€ 201.750", "Verdeeld", "€ 96.500", "€ 41.250", "€ 64.000", "Ambulante begeleiding")
    assert list(aligned_row(cells, order, spec).values()) == ["omschrijving", "bedrag", "regio", "PO3104", "PO3105", "PO3106", "categorie"]
    # Two parts for three regions: which is whose cannot be told, so the row is not aligned.
    two = typed_cells("4. Ambulante begeleiding € 137.750 Verdeeld € 96.500 € 41.250 Ambulante begeleiding", spec)
    assert aligned_row(two, order, spec) is None


def test_a_word_cut_at_a_line_break_is_whole_for_recognition(tmp_path, spec, expected):
    """PDF text: headings' intros and fixed texts cut with a hyphen at line ends are still recognised."""
    text = seed_text("000_smart_limburg")
    cut = text.replace("zoals bijvoorbeeld de", "zoals bijvoo-\nrbeeld de").replace("basisondersteuning (SOP)", "basis-\nondersteuning (SOP)")
    assert cut.count("bijvoo-\n") == 1
    result = imported(tmp_path, "afgebroken", cut)
    assert differences(result.submission, expected["000_smart_limburg"], spec) == []
    assert result.report.extra == []
