"""The whole merge job, as the CLI and the Samenvoegen button both run it: check the output, find
the workbooks, read the register, merge, write the reports and the overview.

One sequence for every front-end; they differ only in where the settings come from and how the
outcome is shown. Raises `SamenvoegFout` with a finding when the merge cannot run at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.services.beschikkingen import RegisterError, read_register
from xltoolkit.services.merge import SamenvoegFout, controleer_uitvoer, maak_overzicht, vind_bestanden, voeg_samen
from xltoolkit.services.merge.report import FORMATEN, schrijf_rapporten
from xltoolkit.services.merge.result import Samenvoeging
from xltoolkit.spec import TemplateSpec, load_spec

# Called once with the number of workbooks found; returns the callback for "one more read" (or None).
Voortgang = Callable[[int], Callable[[int], None] | None]


def samenvoegen_naar(inputs: Iterable[str | Path], uitvoer: Path, *, register: Path | None = None,
                     rapportmap: Path | None = None, rapportformaten: Sequence[str] = FORMATEN,
                     spec: TemplateSpec | None = None, voortgang: Voortgang | None = None) -> Samenvoeging:
    spec = spec or load_spec()
    inputs = list(inputs)
    refused = controleer_uitvoer(uitvoer)
    if refused is not None:
        raise SamenvoegFout(refused)
    vondst = vind_bestanden(inputs, uitsluiten=[uitvoer, *([rapportmap] if rapportmap else [])])
    if vondst.ontbreekt:
        raise SamenvoegFout(make("M002", invoer=vondst.ontbreekt[0]))
    if not vondst.kandidaten:
        raise SamenvoegFout(make("M001", invoer=", ".join(str(p) for p in inputs)))
    try:
        beschikkingen = read_register(register, spec) if register is not None else None
    except RegisterError as exc:
        raise SamenvoegFout(exc.finding) from exc
    tick = voortgang(len(vondst.kandidaten)) if voortgang else None
    result = voeg_samen(vondst, register=beschikkingen, spec=spec, voortgang=tick)
    if rapportmap is not None:
        schrijf_rapporten(result, rapportmap, rapportformaten)  # first: a report that fails is listed in the overview's Problemen
    data = maak_overzicht(result)  # after the reports: their problems are on the sheet Problemen
    try:
        atomic_write_bytes(uitvoer, data)
    except OSError as exc:
        raise SamenvoegFout(make("M060", uitvoer=str(uitvoer), detail=exc.strerror or str(exc))) from exc
    return result
