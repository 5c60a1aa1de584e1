"""The "Aanwending middelen SWV" sheet: money received per region, the aanwending table and the
live check per region that works without Python."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xltoolkit.io import formulas as fx
from xltoolkit.io.names import AANWENDING_NAME
from xltoolkit.io.sections import mark_on_fout
from xltoolkit.io.sheet import FIRST_COL, SheetWriter, text_height
from xltoolkit.model.middelen import LiveTotals, amount, tolerance
from xltoolkit.model.money import format_euro
from xltoolkit.model.submission import Aanwendingsregel
from xltoolkit.spec import Section, TemplateSpec, received_field_id

REGION_COL = FIRST_COL + 1  # first region column of the received grid (C)


def write_middelen(sw: SheetWriter, spec: TemplateSpec, section: Section, values: dict[str, Any],
                  lines: tuple[Aanwendingsregel, ...], totals: LiveTotals, lists: dict[str, str], schooljaar: str | None) -> None:
    ws, st = sw.ws, sw.st
    part = spec.part(section.part)
    for i, col in enumerate(spec.columns):
        ws.set_column(FIRST_COL + i, FIRST_COL + i, max(col.width, 16) if i else col.width)
    sw.title(section.title, " — ".join(x for x in (part.title, part.subtitle) if x))
    for block in spec.fixed_texts[section.intro_text].blocks:  # type: ignore[index]
        sw.paragraph(block.text)
    sw.paragraph(section.help, st.help)
    sw.gap()
    _received_grid(sw, spec, values, totals)
    footnote = spec.fixed_texts[section.footnote_text].blocks[0].text  # type: ignore[index]
    sw.paragraph(footnote.format(schooljaar=schooljaar or "…"), st.help)
    sw.gap()
    sw.heading("Aanwending:")
    _aanwending_table(sw, spec, lines, lists)
    sw.gap()
    _live_check(sw, spec, totals)


def _received_grid(sw: SheetWriter, spec: TemplateSpec, values: dict[str, Any], totals: LiveTotals) -> None:
    ws, st = sw.ws, sw.st
    ws.write_string(sw.row, FIRST_COL, "vanuit SWV:", st.table_header)
    for i, region in enumerate(spec.regions):
        ws.write_string(sw.row, REGION_COL + i, f"{region.code} ({region.short})", st.table_header)
    ws.write_string(sw.row, REGION_COL + len(spec.regions), "Totaal", st.table_header)
    sw.row += 1
    sw.cents(sw.row, REGION_COL, sw.row + len(spec.regelingen), REGION_COL + len(spec.regions))
    for g in spec.regelingen:
        ws.write_string(sw.row, FIRST_COL, f"{g.label}\n{g.help}", st.label)
        ws.set_row(sw.row, 32)
        for i, region in enumerate(spec.regions):
            f = spec.received_field(g.id, region.code)
            sw.write_value(sw.row, REGION_COL + i, "money", values.get(f.id), st.money_input)
            sw.name(f.id, sw.row, REGION_COL + i)
            mark_on_fout(sw, f.id, sw.row, REGION_COL + i, sw.row, REGION_COL + i)
            _money_validation(sw, sw.row, REGION_COL + i, sw.row, REGION_COL + i, f.help)
        ids = ",".join(received_field_id(g.id, r.code) for r in spec.regions)
        cached = sum((amount(values.get(received_field_id(g.id, r.code))) for r in spec.regions), Decimal(0))
        ws.write_formula(sw.row, REGION_COL + len(spec.regions), f"=SUM({ids})", st.money_calc, float(cached))
        sw.row += 1
    ws.write_string(sw.row, FIRST_COL, "Totaal ontvangen", st.calc_bold)
    for i, rt in enumerate(totals.regions):
        ws.write_formula(sw.row, REGION_COL + i, fx.received(spec, rt.region), st.money_calc, float(rt.ontvangen))
        sw.name(fx.live_name("ontvangen", rt.region), sw.row, REGION_COL + i)
    ws.write_formula(sw.row, REGION_COL + len(spec.regions), fx.total_received(spec), st.money_calc, float(totals.ontvangen))
    sw.name(fx.live_name("ontvangen"), sw.row, REGION_COL + len(spec.regions))
    sw.row += 1


def _aanwending_table(sw: SheetWriter, spec: TemplateSpec, lines: tuple[Aanwendingsregel, ...], lists: dict[str, str]) -> None:
    ws, st = sw.ws, sw.st
    n = max(spec.settings.aanwending_rows, len(lines) + 5)
    header, first, last = sw.row, sw.row + 1, sw.row + n
    last_col = FIRST_COL + len(spec.columns) - 1
    ws.add_table(header, FIRST_COL, last, last_col, {
        "name": "tbl_aanwending", "style": "Table Style Light 1", "autofilter": False,
        "columns": [{"header": c.label, "header_format": st.table_header} for c in spec.columns],
    })
    fmt_of = {"money": st.money_input, "region_choice": st.choice_input}
    for i, col in enumerate(spec.columns):
        c = FIRST_COL + i
        fmt = fmt_of.get(col.type, st.text_input)
        for k in range(n):
            value = lines[k].get(col.id) if k < len(lines) else None
            sw.write_value(first + k, c, "money" if col.type == "money" else "text", value, fmt)
        sw.name(fx.column_name(col.id), first, c, last, c)
        _column_validation(sw, spec, col, first, c, last, lists)
        if col.type == "money":
            sw.cents(first, c, last, c)
    sw.name(AANWENDING_NAME, first, FIRST_COL, last, last_col)
    mark_on_fout(sw, AANWENDING_NAME, first, FIRST_COL, last, last_col, by_row=True)
    for k in range(n):
        ws.set_row(first + k, 30)
    sw.row = last + 1


def _column_validation(sw: SheetWriter, spec: TemplateSpec, col, first: int, c: int, last: int, lists: dict[str, str]) -> None:
    ws = sw.ws
    if col.type == "money":
        _money_validation(sw, first, c, last, c, "Bedrag in euro (0 of meer), of PM met een toelichting.")
    elif col.type == "region_choice":
        ws.data_validation(first, c, last, c, {
            "validate": "list", "source": lists["regio"], "input_title": "Regio van deze regel",
            "input_message": f'Kies de regio, of "{spec.lists.split_region}" en vul de delen per regio in. '
                             "Leeg: naar rato verdeeld over de regio's waaruit u geld ontving.",
            "error_message": "Kies een regio uit de lijst.",
        })
    elif col.type == "category":
        ws.data_validation(first, c, last, c, {
            "validate": "list", "source": lists["categorie"], "error_type": "information",
            "input_title": "Categorie (optioneel)", "input_message": "Kies een categorie; een eigen omschrijving mag ook.",
            "error_message": "Deze categorie staat niet in de lijst; u kunt hem toch gebruiken.",
        })


def _money_validation(sw: SheetWriter, r1: int, c1: int, r2: int, c2: int, message: str) -> None:
    cell = sw.cell(r1, c1)
    sw.ws.data_validation(r1, c1, r2, c2, {
        "validate": "custom", "value": fx.money_entry(cell),
        "ignore_blank": True, "input_title": "Bedrag", "input_message": message[:255],
        "error_title": "Geen geldig bedrag", "error_message": fx.MONEY_ERROR,
    })


def _live_check(sw: SheetWriter, spec: TemplateSpec, totals: LiveTotals) -> None:
    ws, st = sw.ws, sw.st
    sw.heading("Controle per regio (rekent automatisch mee, ook zonder Python)")
    words = spec.lists.statuses
    sw.paragraph(
        "Regels zonder regio worden naar rato van het ontvangen bedrag over de regio's verdeeld (kolom Aandeel zonder regio). "
        f"Delen meerdere regio's zo'n regel, dan is dat aandeel een verdeling en geen feit: de status van een regio is dan "
        f"{words.indicatief}, tenzij de eigen regels van de regio het oordeel al bepalen, en het oordeel staat bij Totaal. "
        f"Een verschil tot en met {format_euro(tolerance(spec))} telt als sluitend (afronding).",
        st.help,
    )
    heads = ["Regio", "Ontvangen", "Toegewezen", "Aandeel zonder regio", "Besteed", "Verschil", "Status"]
    for i, h in enumerate(heads):
        ws.write_string(sw.row, FIRST_COL + i, h, st.table_header)
    sw.row += 1
    first = sw.row
    for rt in totals.regions:
        region = spec.region(rt.region)
        ws.write_string(sw.row, FIRST_COL, region.label, st.calc_bold)
        cells = [
            ("ontvangen", f"={fx.live_name('ontvangen', rt.region)}", rt.ontvangen, False),
            ("toegewezen", fx.allocated(spec, rt.region), rt.toegewezen, True),
            ("aandeel", fx.share(rt.region), rt.share, True),
            ("besteed", fx.spent(rt.region), rt.besteed, True),
            ("verschil", fx.difference(rt.region), rt.verschil, True),
        ]
        for i, (kind, formula, cached, named) in enumerate(cells):
            ws.write_formula(sw.row, FIRST_COL + 1 + i, formula, st.money_calc, float(cached))
            if named:
                sw.name(fx.live_name(kind, rt.region), sw.row, FIRST_COL + 1 + i)
        ws.write_formula(sw.row, FIRST_COL + 6, fx.status(spec, rt.region), st.calc, words.word(rt.status))
        sw.name(fx.live_name("status", rt.region), sw.row, FIRST_COL + 6)
        sw.row += 1
    ws.write_string(sw.row, FIRST_COL, "Totaal", st.calc_bold)
    ws.write_formula(sw.row, FIRST_COL + 1, f"={fx.live_name('ontvangen')}", st.money_calc, float(totals.ontvangen))
    ws.write_formula(sw.row, FIRST_COL + 4, fx.total_spent(), st.money_calc, float(totals.besteed))
    sw.name(fx.live_name("besteed"), sw.row, FIRST_COL + 4)
    ws.write_formula(sw.row, FIRST_COL + 5, fx.difference(None), st.money_calc, float(totals.verschil))
    sw.name(fx.live_name("verschil"), sw.row, FIRST_COL + 5)
    ws.write_formula(sw.row, FIRST_COL + 6, fx.status(spec, None), st.calc, words.word(totals.status))
    sw.name(fx.live_name("status"), sw.row, FIRST_COL + 6)
    last = sw.row
    sw.row += 1
    ws.write_string(sw.row, FIRST_COL, "Niet aan een regio toegewezen", st.calc_bold)
    ws.write_formula(sw.row, FIRST_COL + 1, fx.unallocated(spec), st.money_calc, float(totals.unassigned))
    sw.name(fx.live_name("niet_toegewezen", "alle"), sw.row, FIRST_COL + 1)
    sw.cents(first, FIRST_COL + 1, sw.row, FIRST_COL + 5)
    sw.row += 1
    # the difference is red only where it is a verdict (an indicatief difference is an allocation's)
    status = sw.cell(first, FIRST_COL + 6)
    off = ",".join(f'{status}="{words.word(k)}"' for k in ("tekort", "overschot"))
    ws.conditional_format(first, FIRST_COL + 5, last, FIRST_COL + 5, {"type": "formula", "criteria": f"=OR({off})", "format": st.bad})
    mark_status(sw, spec, first, FIRST_COL + 6, last, FIRST_COL + 6)
    ws.set_row(first - 1, text_height("Aandeel zonder regio", 14))


def mark_status(sw: SheetWriter, spec: TemplateSpec, r1: int, c1: int, r2: int, c2: int) -> None:
    """Status cells: green when sluitend, red when tekort or overschot."""
    words = spec.lists.statuses
    for word, fmt in ((words.sluitend, sw.st.ok), (words.tekort, sw.st.bad), (words.overschot, sw.st.bad)):
        sw.ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{word}"', "format": fmt})


def write_live_helpers(sw: SheetWriter, spec: TemplateSpec, totals: LiveTotals, col: int) -> None:
    """The live check's intermediate verdict inputs, on the hidden lists sheet: whether a PM or
    unreadable amount blocks a verdict, and whether a region's verdict is only indicatief.
    The status formulas read them by name; their cached values are `model.middelen`'s."""
    ws = sw.ws
    ws.write_string(4, col, "live controle")
    rows: list[tuple[str, str, float]] = [(fx.live_name("tekst", "verdeling"), fx.text_in_allocation(spec), totals.tekst_verdeling)]
    for rt in totals.regions:
        rows.append((fx.live_name("onbepaald", rt.region), fx.onbepaald(spec, rt.region), int(rt.onbepaald)))
        rows.append((fx.live_name("indicatief", rt.region), fx.indicatief(spec, rt.region), int(rt.indicatief)))
    rows.append((fx.live_name("onbepaald"), fx.onbepaald(spec, None), int(totals.onbepaald)))
    for i, (name, formula, cached) in enumerate(rows, start=5):
        ws.write_string(i, col, name)
        ws.write_formula(i, col + 1, formula, None, cached)
        sw.name(name, i, col + 1)
