"""Maak de voorbeeldbestanden in deze map opnieuw: `python docs/voorbeelden/maak.py`.

Why: a newcomer should be able to try every command of the docs on real files without running
`xltoolkit demo` first, so the files are committed. They are generated, never edited by hand:
`tests/test_voorbeelden.py` fails when they no longer match what this script makes from the
spec and the example boards (`xltoolkit/examples/*.yaml`).

- `004_kom_leren.xlsx`: the workbook of example board 004 (kom Leren), filled in as the board did,
  with its real defects (no board name, no signatory, no school year).
- `beschikkingen.xlsx`: a register of beschikkingen for the four example boards, in the layout
  `xltoolkit reconcile --beschikkingen` reads (Schooljaar, Bestuur, Regio, Regeling, Bedrag), with the
  amounts each board says it received.
- `besturen.csv`: the SWV's list of the four example boards (name, regions, SBO/SO, contact) that
  `xltoolkit prepare` reads, with the names the register uses.
- `004_kom_leren.docx`: the report of that board, as `xltoolkit report` writes it.
"""

from __future__ import annotations

import re
import sys
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter

if TYPE_CHECKING:
    from xltoolkit.spec import TemplateSpec

MAP = Path(__file__).resolve().parent
BESTUUR = "004_kom_leren"
WERKBOEK = MAP / f"{BESTUUR}.xlsx"
REGISTER = MAP / "beschikkingen.xlsx"
BESTUREN = MAP / "besturen.csv"
RAPPORT = MAP / f"{BESTUUR}.docx"
KOLOMMEN = ["Schooljaar", "Bestuur", "Regio", "Regeling", "Bedrag"]
# Board 004 left its name and school year empty (a real defect the example keeps); the SWV knows them.
REGISTERNAMEN = {"004_kom_leren": ("Stichting kom Leren", "2023-2024")}
VOORBEELDEN = ("000_smart_limburg", "004_kom_leren", "901_drie_regios", "902_sbo_so_bestuur")


def register_rows(spec: TemplateSpec) -> list[list[object]]:
    """One row per board, region and regeling with a received amount, as the SWV's register would hold it."""
    from xltoolkit.examples import load_example
    from xltoolkit.model.money import Bedrag

    rows: list[list[object]] = []
    for naam in VOORBEELDEN:
        sub = load_example(naam, spec)
        bestuur, jaar = REGISTERNAMEN.get(naam, (sub.bestuur, sub.schooljaar))
        for regio in spec.regions:
            for regeling in spec.regelingen:
                bedrag = sub.values.get(f"ontvangen_{regeling.id}_{regio.code}")
                if isinstance(bedrag, Bedrag) and bedrag.euro is not None:
                    rows.append([jaar, bestuur, regio.code, regeling.id, int(bedrag.euro)])
    return rows


def board_rows(spec: TemplateSpec) -> list[list[str]]:
    """The SWV's list of boards for `xltoolkit prepare`: name, regions, SBO/SO, contact, as the SWV keeps it."""
    from xltoolkit.examples import load_example

    rows = [["Bestuur", "Regio's", "SBO/SO", "Contact"]]
    for naam in VOORBEELDEN:
        sub = load_example(naam, spec)
        bestuur = REGISTERNAMEN.get(naam, (sub.bestuur, sub.schooljaar))[0]
        contact = " ".join(x for x in (sub.get("namens_naam"), f"({sub.get('namens_functie')})" if sub.get("namens_functie") else None) if x)
        rows.append([str(bestuur), ", ".join(sub.regios), "Ja" if sub.heeft_sbo_so else "Nee", contact])
    return rows


def write_boards(path: Path, rows: list[list[str]]) -> None:
    """As Excel on Dutch Windows saves "CSV (gescheiden door lijstscheidingsteken)": semicolons."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# Fixed dates, so that running this script again changes no byte unless the content changed.
VASTE_DATUM = datetime(2024, 10, 1, tzinfo=UTC)


def write_register(path: Path, rows: list[list[object]]) -> None:
    """The register as an SWV keeps it: a title row, then the header, then one row per beschikking."""
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "Register van beschikkingen (voorbeeld)", "author": "xltoolkit",
                       "created": VASTE_DATUM.replace(tzinfo=None)})
    ws = wb.add_worksheet("Beschikkingen")
    bold = wb.add_format({"bold": True})
    euro = wb.add_format({"num_format": "€ #,##0"})
    ws.write_row(0, 0, ["Bekostigingsbeschikkingen SWV PO Zuid-Limburg (voorbeeld)"], bold)
    ws.write_row(1, 0, KOLOMMEN, bold)
    for i, row in enumerate(rows, start=2):
        ws.write_row(i, 0, row[:4])
        ws.write_number(i, 4, float(row[4]), euro)  # type: ignore[arg-type]
    for col, width in enumerate((12, 46, 10, 14, 12)):
        ws.set_column(col, col, width)
    wb.close()


def fix_dates(path: Path) -> None:
    """The report is stamped with the current time (each zip part, and created/modified in
    docProps/core.xml); use a fixed one, so the committed example only changes with its content."""
    stamp = VASTE_DATUM.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    parts = [(info, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data) if info.filename == "docProps/core.xml" else data)
             for info, data in parts]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def main() -> int:
    from typer.testing import CliRunner

    from xltoolkit.cli import app
    from xltoolkit.examples import load_example
    from xltoolkit.io import save
    from xltoolkit.spec import load_spec

    spec = load_spec()
    save(load_example(BESTUUR, spec), WERKBOEK, spec)
    write_register(REGISTER, register_rows(spec))
    write_boards(BESTUREN, board_rows(spec))
    result = CliRunner().invoke(app, ["report", str(WERKBOEK), "-o", str(RAPPORT)])
    if result.exit_code != 0:
        print(result.output, file=sys.stderr)
        return 1
    fix_dates(RAPPORT)
    for pad in (WERKBOEK, REGISTER, BESTUREN, RAPPORT):
        print(f"{pad.relative_to(MAP.parent.parent)}: {pad.stat().st_size:,} bytes".replace(",", "."))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
