"""The Excel buttons: xlwings entry points, a few lines each, calling the same core as the CLI.

The VBA macros of the .xlsm masters call these through RunPython, and the add-in's scripts call
them with the book it receives. Each reads the book by defined name, checks it once (`check`) and
writes its result back into the Controle / Reconciliatie sheets and the Start status — never into
an input cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xltoolkit.excel.alerts import alert, feedback
from xltoolkit.excel.book import apply_to_book, load_book
from xltoolkit.findings import count_phrase as counts
from xltoolkit.io.swv_workbook import NAMEN
from xltoolkit.services.check import check
from xltoolkit.services.controle import controle_writeback
from xltoolkit.services.merge.settings import KEYS as SETTING_KEYS
from xltoolkit.services.merge.settings import merge_with, settings_from
from xltoolkit.services.reconcile import reconciliation_writeback
from xltoolkit.services.report import write_reports
from xltoolkit.spec import load_spec


def _caller(book: Any | None) -> Any:
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def validate(book: Any | None = None) -> None:
    """Valideren: every rule, findings into Controle, cells with a fout marked."""
    book = _caller(book)
    with feedback(book, "Valideren"):
        spec = load_spec()
        c = check(load_book(book, spec), spec)
        apply_to_book(book, controle_writeback(c, spec))
        verdict = "Alles is in orde." if c.valid else "Zie het blad Controle; cellen met een fout zijn rood."
        alert(book, f"{counts(c.errors, c.warnings)}. {verdict}", "Valideren")


def reconcile(book: Any | None = None) -> None:
    """Reconciliatie: received and spent per region into the Reconciliatie sheet."""
    book = _caller(book)
    with feedback(book, "Reconciliatie"):
        spec = load_spec()
        result = check(load_book(book, spec), spec).reconciliation
        apply_to_book(book, reconciliation_writeback(result, spec))
        alert(book, f"{result.verdicts()}. Zie het blad Reconciliatie.", "Reconciliatie")


def report(book: Any | None = None) -> None:
    """Rapport genereren: the report .docx and its .pdf (made by Word where it is installed, else
    by LibreOffice; the message says which) next to the workbook."""
    book = _caller(book)
    with feedback(book, "Rapport genereren"):
        spec = load_spec()
        sub = load_book(book, spec)
        workbook = Path(book.fullname)
        if not workbook.is_absolute():  # not opened from a file on this PC (Excel on the web)
            alert(book, "Dit werkboek is niet als bestand op deze pc geopend. Sla het eerst op, of gebruik het "
                        "lint Passend Onderwijs om het rapport te downloaden.", "Rapport genereren")
            return
        written, docs = write_reports(workbook, check(sub, spec), spec)
        names = " en ".join(p.name for p in written)
        concept = " Het werkboek bevat nog fouten: het rapport is als CONCEPT gemarkeerd." if docs.context.concept else ""
        pdf = f" {docs.pdf_melding}" if docs.pdf_melding else ""
        alert(book, f"Rapport geschreven: {names}, in de map {written[0].parent}.{pdf}{concept}", "Rapport genereren")


def merge(book: Any | None = None, root: Path | None = None) -> None:
    """Samenvoegen (the SWV's workbook): read the settings by name, merge, write the outcome back.
    `root` (the add-in's server) confines every folder and file to one folder on that server."""
    book = _caller(book)
    with feedback(book, "Samenvoegen"):
        values = {key: book.names[NAMEN[key]].refers_to_range.value for key in SETTING_KEYS if NAMEN[key] in _names(book)}
        workbook = Path(book.fullname)
        # On a server (root given) the book's name is the caller's claim: paths count from root.
        base = root if root is not None else workbook.parent if workbook.is_absolute() else Path.cwd()
        outcome = merge_with(settings_from(values, base), load_spec(), root=root)
        for name, value in outcome.values.items():
            if name in _names(book):
                book.names[name].refers_to_range.value = value
        alert(book, str(outcome.values[NAMEN["status"]]), "Samenvoegen")


def prepare(book: Any | None = None, root: Path | None = None) -> None:
    """Klaarzetten (the SWV's workbook): a pre-filled workbook per board, with the settings read by
    name; the status goes back into its cell. `root` confines every path (see `merge`)."""
    from xltoolkit.io.swv_workbook import KLAARZETTEN_NAMEN
    from xltoolkit.model.submission import CellRef
    from xltoolkit.services.prepare.settings import prepare_from

    book = _caller(book)
    with feedback(book, "Klaarzetten"):
        present = _names(book)
        wanted = {**{k: n for k, n in KLAARZETTEN_NAMEN.items() if k != "status"}, "register": NAMEN["register"]}
        ranges = {key: book.names[name].refers_to_range for key, name in wanted.items() if name in present}
        values = {key: rng.value for key, rng in ranges.items()}
        cells = {key: CellRef(rng.sheet.name, rng.address.replace("$", ""), wanted[key]) for key, rng in ranges.items()}
        workbook = Path(book.fullname)
        base = root if root is not None else workbook.parent if workbook.is_absolute() else Path.cwd()
        outcome = prepare_from(values, base, load_spec(), cells, root=root)
        if KLAARZETTEN_NAMEN["status"] in present:
            book.names[KLAARZETTEN_NAMEN["status"]].refers_to_range.value = outcome.status
        alert(book, outcome.status, "Klaarzetten")


def _names(book: Any) -> set[str]:
    return {n.name for n in book.names}
