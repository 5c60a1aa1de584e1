"""The overview's sheets with figures: Middelen per regio, Aanwending, Kengetallen.

Money stays exact: sums are Decimal sums of what reconciliation computed per board (received,
spent and difference per region, the pro-rata rule included), never float sums. Totals are kept
per school year, so a late workbook of last year never inflates this year's totals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xltoolkit.findings import make
from xltoolkit.model.money import Bedrag, format_euro
from xltoolkit.model.values import Unreadable
from xltoolkit.services.beschikkingen import Register, normalise_name
from xltoolkit.services.compare import terugploeg
from xltoolkit.services.merge.choose import NO_SCHOOLJAAR, schooljaar
from xltoolkit.services.merge.model import KIND_REGISTER, FileResult, Problem
from xltoolkit.services.merge.result import MergeResult, jaar_label
from xltoolkit.services.merge.sheets import SHEET_NAME, board_order, header_columns, header_values, register_state
from xltoolkit.services.merge.table import Chart, Column, Kind, Sheet, Table
from xltoolkit.services.reconcile import Regio
from xltoolkit.services.reconcile.model import regeling_name

ZERO = Decimal(0)
NO_CATEGORIE = "(geen categorie)"


# -- Middelen per regio -------------------------------------------------------------------------


def middelen_sheet(s: MergeResult) -> Sheet:
    spec, register = s.spec, s.register
    regelingen = [(g.id, regeling_name(spec, g.id)) for g in spec.regelingen]
    pairs = [(g, reg) for g in sorted(s.taken, key=board_order(s)) if g.reconciliation is not None
             for reg in g.reconciliation.regions]
    jaren, region_order = s.schooljaren, {c: i for i, c in enumerate(spec.region_codes)}
    pairs.sort(key=lambda p: (jaren.index(jaar_label(p[0])), region_order[p[1].region]))  # stable: board order stays
    totals = _totals(s, pairs)
    totaal = Table("TotaalPerRegio", "Totaal per regio", _total_columns(register is not None), tuple(totals),
                   "Opgeteld over de opgenomen besturen, per schooljaar. Verschil = ontvangen min besteed. Indicatief = "
                   "besteed rust op de verdeling naar rato van regels zonder regio; het oordeel staat bij het totaal van het bestuur."
                   + (" Beschikt = alle beschikkingen van die regio in het register." if register is not None else ""))
    per_board = Table("MiddelenPerBestuur", "Per bestuur en regio", _board_columns(regelingen, register is not None),
                      tuple(_board_row(s, g, reg, regelingen) for g, reg in pairs),
                      "Besteed volgt de reconciliatie: regels van de regio, delen van verdeelde regels, en naar rato "
                      "het aandeel in regels zonder regio. Status totaal bestuur = het oordeel over alle regio's samen.")
    tables = [totaal, per_board]
    if register is not None:
        tables.append(Table("AlleenInRegister", "In het register, zonder werkboek",
                            (Column("Schooljaar", width=20), Column("Bestuur (register)", width=46), Column("Regio", width=10),
                               Column("Regeling", width=24), Column("Beschikt", "bedrag", 14)),
                              tuple(zonder_werkboek(s)[0]),
                              "Besturen met een beschikking voor dit schooljaar van wie geen werkboek is opgenomen."))
    if register is not None and terugploeg.is_split(register):  # basisbedrag and uitkering reserve, where the register says
        tables.append(terugploeg.table(register, spec, [j for j in s.schooljaren if j != NO_SCHOOLJAAR], jaar_eerst=True))
    series = ("Ontvangen", "Besteed") + (("Beschikt (register)",) if register is not None else ())
    main = [i for i, row in enumerate(totals) if row[0] == s.hoofdjaar_label]
    charts = (Chart("column", f"Middelen per regio, {s.hoofdjaar_label}", totaal.name, "Regio", series, main[0], main[-1],
                    "euro"),) if main else ()
    note = "Ontvangen en besteed per bestuur en regio" + (
        f", vergeleken met het register {register.naam}." if register is not None else ".")
    return Sheet(SHEET_NAME["middelen"], "Middelen per regio", note, (), tuple(tables), charts)


def _totals(s: MergeResult, pairs: list[tuple[FileResult, Regio]]) -> list[tuple[Any, ...]]:
    """Per school year and region: boards, received, spent, difference (exact sums), how many close."""
    spec, register = s.spec, s.register
    out = []
    for jaar in s.schooljaren:
        for code in spec.region_codes:
            mine = [reg for g, reg in pairs if jaar_label(g) == jaar and reg.region == code]
            if not mine:
                continue
            ontvangen = sum((r.ontvangen for r in mine), ZERO)
            closing = sum(1 for r in mine if r.status in ("sluitend", "leeg"))
            indicatief = sum(1 for r in mine if r.status == "indicatief")
            row: list[Any] = [jaar, code, spec.region(code).name, len(mine), ontvangen, sum((r.besteed for r in mine), ZERO),
                              sum((r.verschil for r in mine), ZERO), closing, len(mine) - closing - indicatief, indicatief]
            if register is not None:
                beschikt = _register_total(register, jaar, code)
                row += [beschikt, None if beschikt is None else ontvangen - beschikt]
            out.append(tuple(row))
    return out


def _total_columns(with_register: bool) -> tuple[Column, ...]:
    cols = [Column("Schooljaar", width=20), Column("Regio", width=10), Column("Naam", width=24), Column("Besturen", "aantal", 9),
            Column("Ontvangen", "bedrag", 15), Column("Besteed", "bedrag", 15), Column("Verschil", "bedrag", 14),
            Column("Sluitend", "aantal", 9), Column("Niet sluitend", "aantal", 11), Column("Indicatief", "aantal", 10)]
    if with_register:
        cols += [Column("Beschikt (register)", "bedrag", 15), Column("Ontvangen min beschikt", "bedrag", 15)]
    return tuple(cols)


def _board_columns(regelingen: list[tuple[str, str]], with_register: bool) -> tuple[Column, ...]:
    cols = [Column("Schooljaar", width=20), Column("Regio", width=10), Column("Bestuur", width=46), Column("Bestand", width=40),
            *(Column(f"Ontvangen {naam}", "bedrag", 15) for _, naam in regelingen),
            Column("Ontvangen", "bedrag", 15), Column("Besteed", "bedrag", 15), Column("Verschil", "bedrag", 14), Column("Status", width=14),
            Column("Status totaal bestuur", width=13)]
    if with_register:
        cols += [*(Column(f"Beschikt {naam}", "bedrag", 15) for _, naam in regelingen), Column("Beschikt", "bedrag", 15),
                 Column("Verschil met beschikking", "bedrag", 15), Column("Register", width=20)]
    return tuple(cols)


def _board_row(s: MergeResult, g: FileResult, reg: Regio, regelingen: list[tuple[str, str]]) -> tuple[Any, ...]:
    row: list[Any] = [jaar_label(g), reg.region, g.bestuur, g.label,
                      *(reg.ontvangen_per_regeling.get(gid, ZERO) for gid, _ in regelingen),
                      reg.ontvangen, reg.besteed, reg.verschil,
                      *((g.reconciliation.text(reg.status), g.reconciliation.text(g.reconciliation.totaal.status))
                        if g.reconciliation is not None else ("", ""))]
    if s.register is not None:
        v = g.reconciliation.register if g.reconciliation is not None else None
        found = v is not None and v.koppeling is not None and v.koppeling.gevonden is not None
        mine = {rr.regeling: rr for rr in (v.regels if v is not None else ()) if rr.region == reg.region}
        per = [mine[gid].beschikking if gid in mine else (ZERO if found else None) for gid, _ in regelingen]
        beschikt = sum((p for p in per if p is not None), ZERO) if found else None
        if not found:
            state = register_state(g)
        else:
            state = "Klopt" if all(rr.matches for rr in mine.values()) else "Wijkt af"
        row += [*per, beschikt, None if beschikt is None else reg.ontvangen - beschikt, state]
    return tuple(row)


def _register_total(register: Register, jaar: str, code: str) -> Decimal | None:
    if jaar == NO_SCHOOLJAAR:
        return None
    return sum((b.bedrag for b in register.beschikkingen if b.regio == code and b.schooljaar in (None, jaar)), ZERO)


def zonder_werkboek(s: MergeResult) -> tuple[list[tuple[Any, ...]], list[Problem]]:
    """Decisions in the register for boards of whom no workbook was taken (per school year of the merge)."""
    register, spec = s.register, s.spec
    rows: list[tuple[Any, ...]] = []
    problems: list[Problem] = []
    if register is None:
        return rows, problems
    for jaar in [j for j in s.schooljaren if j != NO_SCHOOLJAAR]:
        matched = set()
        for g in s.taken:
            v = g.reconciliation.register if g.reconciliation is not None else None
            if schooljaar(g) == jaar and v is not None and v.koppeling is not None and v.koppeling.gevonden:
                matched.add(normalise_name(v.koppeling.gevonden))
        for naam in register.besturen(jaar):
            if normalise_name(naam) in matched:
                continue
            bedragen = register.bedragen(naam, jaar)
            for code in spec.region_codes:
                for regeling in spec.regelingen:
                    if (code, regeling.id) in bedragen:
                        rows.append((jaar, naam, code, regeling_name(spec, regeling.id), bedragen[(code, regeling.id)]))
            total = sum(bedragen.values(), ZERO)
            problems.append(Problem(register.naam, KIND_REGISTER, make("R028", sheet=register.naam, register=register.naam,
                                                                       bestuur=naam, bedrag=format_euro(total)), naam, jaar))
    return rows, problems


# -- Aanwending ---------------------------------------------------------------------------------


def aanwending_sheet(s: MergeResult) -> Sheet:
    spec = s.spec
    line_columns = spec.columns
    rows = []
    per_cat: dict[tuple[str, str], dict[str, Any]] = {}
    for g in sorted(s.taken, key=board_order(s)):
        for nr, ln in enumerate((ln for ln in g.sub.aanwending if not ln.is_empty), 1):  # type: ignore[union-attr]
            rows.append((*header_values(g), nr, *(_cell(ln.get(c.id)) for c in line_columns)))
            cat = ln.categorie if isinstance(ln.categorie, str) and ln.categorie.strip() else NO_CATEGORIE
            acc = per_cat.setdefault((jaar_label(g), cat), {"regels": 0, "bedrag": ZERO, "tekst": 0})
            acc["regels"] += 1
            if isinstance(ln.bedrag, Bedrag) and ln.bedrag.euro is not None:
                acc["bedrag"] += ln.bedrag.euro
            elif ln.bedrag is not None:
                acc["tekst"] += 1
    known = list(spec.lists.categories)
    cat_order = lambda c: (c == NO_CATEGORIE, known.index(c) if c in known else len(known), c)  # noqa: E731
    cat_rows = []
    for jaar in s.schooljaren:
        for cat in sorted({c for j, c in per_cat if j == jaar}, key=cat_order):
            acc = per_cat[(jaar, cat)]
            cat_rows.append((jaar, cat, acc["regels"], acc["bedrag"], acc["tekst"]))
    per_categorie = Table("BesteedPerCategorie", "Besteed per categorie",
                          (Column("Schooljaar", width=20), Column("Categorie", width=34), Column("Regels", "aantal", 9),
                           Column("Bedrag", "bedrag", 16), Column("PM of onleesbaar", "aantal", 14)),
                          tuple(cat_rows), "Bedrag = som van de regels met een bedrag; regels met PM of tekst tellen apart.")
    columns = (*header_columns(), Column("Regel", "aantal", 7),
                *(Column(c.label, _kind(c.type), min(c.width, 60)) for c in line_columns))
    all_lines = Table("Aanwendingsregels", "Alle aanwendingsregels", columns, tuple(rows),
                 "Elke regel van elk bestuur, zoals ingevuld. PM en onleesbare bedragen staan er als tekst.")
    main = [i for i, row in enumerate(cat_rows) if row[0] == s.hoofdjaar_label]
    charts = (Chart("bar", f"Besteed per categorie, {s.hoofdjaar_label}", per_categorie.name, "Categorie", ("Bedrag",),
                    main[0], main[-1], "euro", height=320),) if main else ()
    return Sheet(SHEET_NAME["aanwending"], "Aanwending", "Waaraan de besturen de middelen besteedden.", (), (per_categorie, all_lines), charts)


def _kind(column_type: str) -> Kind:
    """How the overview shows an aanwending column of this spec type."""
    kinds: dict[str, Kind] = {"money": "bedrag", "text": "lang"}
    return kinds.get(column_type, "tekst")


def _cell(value: Any) -> Any:
    """A value of an aanwending cell as the overview shows it: amounts as numbers, PM and text as text."""
    if isinstance(value, Bedrag):
        return "PM" if value.pm else value.euro
    if isinstance(value, Unreadable):
        return value.tekst
    return value


# -- Kengetallen --------------------------------------------------------------------------------


def kengetallen_sheet(s: MergeResult) -> Sheet:
    spec = s.spec
    fields = [f for f in spec.fields if f.kengetal]
    boards = sorted(s.taken, key=board_order(s))
    counts = [f for f in fields if f.type == "count"]
    percents = [f for f in fields if f.type == "percentage"]
    count_rows, percent_rows = [], []
    for jaar in s.schooljaren:
        mine = [g for g in boards if jaar_label(g) == jaar]
        for f in counts:
            values = [v for v in (g.sub.get(f.id) for g in mine if g.sub is not None) if isinstance(v, int) and not isinstance(v, bool)]
            if not values and jaar != s.hoofdjaar_label:
                continue  # another year's workbook without this figure: a row of blanks says nothing
            count_rows.append((jaar, f.label, spec.section(f.section).short, len(values), sum(values) if values else None,
                               (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1")) if values else None,
                               min(values, default=None), max(values, default=None)))
        for f in percents:
            fractions = [v for v in (g.sub.get(f.id) for g in mine if g.sub is not None) if isinstance(v, Decimal)]
            if not fractions and jaar != s.hoofdjaar_label:
                continue
            percent_rows.append((jaar, f.label, spec.section(f.section).short, len(fractions),
                                 (sum(fractions, ZERO) / len(fractions)).quantize(Decimal("0.0001")) if fractions else None,
                                 min(fractions, default=None), max(fractions, default=None)))
    aantallen = Table("KengetallenAantallen", "Aantallen: totaal over de besturen",
                      (Column("Schooljaar", width=20), Column("Kengetal", width=44), Column("Onderdeel", width=34),
                       Column("Ingevuld door", "aantal", 12), Column("Totaal", "aantal", 10), Column("Gemiddelde", "getal", 11),
                       Column("Laagste", "aantal", 9), Column("Hoogste", "aantal", 9)), tuple(count_rows),
                      "Alleen besturen die het kengetal invulden, tellen mee.")
    percentages = Table("KengetallenPercentages", "Percentages: gemiddelde over de besturen",
                        (Column("Schooljaar", width=20), Column("Kengetal", width=44), Column("Onderdeel", width=34),
                         Column("Ingevuld door", "aantal", 12), Column("Gemiddelde", "percentage", 11),
                         Column("Laagste", "percentage", 9), Column("Hoogste", "percentage", 9)), tuple(percent_rows),
                        f"SWV-norm voor de SOP-score: {spec.settings.sop_norm_percent}%.")
    columns = (*header_columns(), *(Column(f.label, "aantal" if f.type == "count" else "percentage", 14) for f in fields))
    rows = tuple((*header_values(g), *(_kengetal(g.sub.get(f.id)) for f in fields)) for g in boards)  # type: ignore[union-attr]
    per_board = Table("KengetallenPerBestuur", "Per bestuur", columns, rows, "Leeg = niet ingevuld.")
    return Sheet(SHEET_NAME["kengetallen"], "Kengetallen", "De kengetallen waar besturen ze invulden.", (),
                (aantallen, percentages, per_board))


def _kengetal(value: Any) -> Any:
    if isinstance(value, Unreadable):
        return value.tekst
    return value
