"""`xltoolkit demo OUTDIR`: the whole job on the built-in example boards."""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.findings import count_phrase as counts


def command(outdir: Path = typer.Argument(..., metavar="MAP", help="Map voor het werkboek en de ingevulde voorbeelden.")) -> None:
    """Bouw het werkboek, vul het met de voorbeeldbesturen en voer alle stappen daarop uit."""
    from xltoolkit.examples import example_names, load_example
    from xltoolkit.io import load, master_filename, save, write_master
    from xltoolkit.io.update import apply
    from xltoolkit.services.check import check
    from xltoolkit.services.controle import controle_writeback
    from xltoolkit.services.merge.job import merge_to
    from xltoolkit.services.reconcile import reconciliation_writeback
    from xltoolkit.services.report import write_reports
    from xltoolkit.spec import load_spec
    spec = load_spec()
    outdir.mkdir(parents=True, exist_ok=True)
    master = write_master(outdir / master_filename(spec), spec)
    typer.echo(f"Master: {master}")
    boards = []
    for name in example_names():
        path = save(load_example(name, spec), outdir / f"{name}.xlsx", spec)
        boards.append(path)
        sub = load(path, spec)
        filled = sum(1 for f in spec.fields if sub.get(f.id) is not None)
        typer.echo(
            f"{path.name}: {sub.bestuur or '(bestuur ontbreekt)'}, {sub.schooljaar or '(schooljaar ontbreekt)'}; "
            f"{filled} van {len(spec.fields)} velden ingevuld, {len(sub.aanwending)} aanwendingsregels"
        )
        c = check(sub, spec)
        apply(path, controle_writeback(c, spec))
        typer.echo(f"  validatie: {counts(c.errors, c.warnings)} (blad Controle bijgewerkt)")
        apply(path, reconciliation_writeback(c.reconciliation, spec))
        typer.echo(f"  reconciliatie: {c.reconciliation.verdicts()} (blad Reconciliatie bijgewerkt)")
        written, _ = write_reports(path, c, spec)
        typer.echo(f"  rapport: {', '.join(p.name for p in written)}{' (CONCEPT)' if not c.valid else ''}")
    overview = outdir / "overzicht-swv.xlsx"
    merged = merge_to(boards, overview, spec=spec)  # the one merge sequence, as `merge` and the button
    typer.echo(f"Samengevoegd voor het SWV: {len(merged.taken)} van {len(merged.files)} werkboeken -> {overview.name}")
