"""`xltoolkit merge INPUTS... -o OVERZICHT.xlsx [--beschikkingen REGISTER] [--report DIR] [--json]`.

Exit code 0 when every workbook found was taken into the overview, 1 when some were not (they are
listed on the sheet Problemen: unreadable, another template version, a duplicate set aside), 2 when
the merge could not run (an input or the register does not exist or cannot be read, no workbook
found, the overview cannot be written or made). A workbook with a value the overview cannot hold
(an impossible character, a number too large to show) is taken, that value replaced, and the
value is listed on Problemen (M015, M016): one board's file never stops the merge.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from xltoolkit.cli.output import SEVERITY_WORD, Format, print_json
from xltoolkit.findings import Finding

if TYPE_CHECKING:
    from xltoolkit.services.merge import MergeResult

MAX_SHOWN = 30  # problems listed in the terminal; all of them are on the sheet Problemen


def command(
    inputs: list[Path] = typer.Argument(..., metavar="WERKBOEKEN", help="Ingeleverde werkboeken en/of mappen (mappen worden doorzocht, ook submappen)."),
    output: Path = typer.Option(..., "--output", "-o", metavar="BESTAND", help="Het overzicht dat wordt geschreven (.xlsx)."),
    beschikkingen: Path | None = typer.Option(
        None, "--beschikkingen", metavar="REGISTER", help="Register van bekostigingsbeschikkingen van het SWV (.xlsx of .csv) om mee te vergelijken."),
    report: Path | None = typer.Option(None, "--report", metavar="MAP", help="Map voor één rapport per regio met de verhalen van alle besturen."),
    report_format: list[Format] | None = typer.Option(
        None, "--report-format", metavar="FORMAAT",
        help="Formaat van de rapporten per regio: docx, pdf, html of md; herhaal voor meer (standaard docx en md). "
             "Een PDF maakt LibreOffice; zonder LibreOffice zegt de melding waarom er geen PDF is."),
    feedback: Path | None = typer.Option(
        None, "--feedback", metavar="MAP",
        help="Map voor één brief (Word) per bestuur: wat het SWV ontving, de stand per regio, elke fout en waarschuwing "
             "met de cel om te herstellen; een bestuur zonder iets te herstellen krijgt een bevestiging. "
             "Het blad Terugkoppeling van het overzicht noemt wie welke brief krijgt."),
    feedback_template: Path | None = typer.Option(
        None, "--feedback-template", metavar="SJABLOON",
        help="Eigen teksten voor de brieven: een aangepaste kopie van templates/terugkoppeling.j2."),
    vorig_jaar: Path | None = typer.Option(
        None, "--vorig-jaar", metavar="OVERZICHT|MAP",
        help="Het overzicht van vorig jaar (.xlsx, gemaakt met merge) of de map met de werkboeken van vorig jaar: "
             "het blad Vergelijking zet dit schooljaar ernaast, per bestuur en regio, met indicatoren, kengetallen en grafieken."),
    json_output: bool = typer.Option(False, "--json", help="Uitvoer als JSON, zonder voortgangsbalk."),
) -> None:
    """Samenvoegen: alle werkboeken van de besturen in één overzicht per regio, met wat ontbreekt of niet klopt.

    Afsluitcode 0: alle gevonden werkboeken zijn opgenomen; 1: opgenomen, maar met problemen (zie het blad
    Problemen); 2: niets bruikbaars (een invoer of het register ontbreekt of is onleesbaar, geen werkboek
    gevonden, het overzicht kan niet worden geschreven).
    """
    from xltoolkit.services.merge import MergeError
    from xltoolkit.services.merge.job import merge_to
    from xltoolkit.services.merge.report import FORMATS
    from xltoolkit.spec import load_spec
    bar = _ProgressBar(enabled=not json_output)
    try:
        formats = [f.value for f in report_format] if report_format else list(FORMATS)
        result = merge_to(inputs, output, register=beschikkingen, report_folder=report, report_formats=formats,
                          feedback_folder=feedback, feedback_template=feedback_template, previous=vorig_jaar,
                                  spec=load_spec(), progress=bar.start)
    except MergeError as exc:
        _stop(exc.finding)
    finally:
        bar.close()
    if json_output:
        print_json(result.as_dict(str(output)))
    else:
        _summary(result, output)
    raise typer.Exit(0 if result.ok else 1)


class _ProgressBar:
    """A progress bar on stderr for two or more workbooks, started once the count is known."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None  # typer's ProgressBar, once started

    def start(self, n: int) -> Callable[[int], None] | None:
        if not self.enabled or n < 2:
            return None
        self.bar = typer.progressbar(length=n, label="Werkboeken lezen", file=sys.stderr).__enter__()
        return self.bar.update

    def close(self) -> None:
        """Wipe the bar's line (and show the cursor again), also after an error: what follows
        starts on a clean line instead of after a half-drawn bar."""
        if self.bar is None:
            return
        if getattr(self.bar, "is_hidden", True):  # not a terminal: nothing was drawn over
            self.bar.__exit__(None, None, None)
        else:
            sys.stderr.write("\r\033[2K\033[?25h")
            sys.stderr.flush()
        self.bar = None


def _stop(finding: Finding) -> None:
    typer.echo(f"{finding.code}: {finding.message}", err=True)
    raise typer.Exit(2)


def _summary(s: MergeResult, output: Path) -> None:
    typer.echo(f"Samengevoegd: {_n(len(s.files), 'werkboek', 'werkboeken')} gevonden, {len(s.taken)} opgenomen, "
               f"{len(s.unusable)} niet bruikbaar, {len(s.duplicates)} dubbel of kopie.")
    if s.taken:
        others = [j for j in s.schooljaren if j != s.hoofdjaar_label]
        typer.echo(f"Schooljaar {s.hoofdjaar_label}" + (f" (ook: {', '.join(others)})" if others else "") + ".")
    if s.register is not None:
        typer.echo(f"Vergeleken met het register {s.register.naam}.")
    if s.comparison is not None:
        typer.echo(f"Vergeleken met {s.comparison.vorig_jaar} (zie het blad Vergelijking).")
    typer.echo(f"Overzicht geschreven: {output}")
    for path in s.reports:
        typer.echo(f"Rapport geschreven: {path}")
    if s.feedback is not None:
        typer.echo(f"Brieven aan de besturen: {s.letters} geschreven (zie het blad Terugkoppeling).")
    shown = [p for p in s.problems if p.finding.severity != "info"]
    if shown:
        typer.echo(f"Problemen ({len(shown)}; alle meldingen staan op het blad Problemen):")
        for p in shown[:MAX_SHOWN]:
            where = f"{p.file}: " if p.file and p.file not in p.finding.message else ""
            typer.echo(f"  {SEVERITY_WORD[p.finding.severity]:<13}{p.finding.code:<6}{where}{p.finding.message}")
        if len(shown) > MAX_SHOWN:
            typer.echo(f"  … en nog {len(shown) - MAX_SHOWN} op het blad Problemen.")
    if s.ok:
        typer.echo("Alle werkboeken zijn opgenomen.")


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
