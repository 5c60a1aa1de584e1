"""The SWV merge: every board's workbook into one overview, robust and fast.

    s = samenvoegen(["inleveringen/"], register=read_register("beschikkingen.xlsx"))
    schrijf_overzicht(overzicht(s), Path("overzicht.xlsx"))
    s.ok, s.opgenomen, s.problemen

1. `vind_bestanden` finds the workbooks (files or folders, recursively, .xlsx/.xlsm only, no links
   followed, deterministic order);
2. `lees_alle` reads them on every core: each worker loads, validates and reconciles one file and
   returns plain data; a broken file becomes a problem, never an exception;
3. `kies_dubbele` decides between two workbooks of one board and school year (choose.py says how);
4. `overzicht` turns the outcome into sheets of tables (pure data), `schrijf_overzicht` lays them
   out as an .xlsx with native charts, atomically and byte-for-byte reproducibly; `maak_overzicht`
   does both so that a board whose content still breaks the layout is left out, not the overview.

Headless: nothing here prints. The inputs are only ever read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from xltoolkit.findings import Finding, FindingError, make
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.merge import middelen, sheets
from xltoolkit.services.merge.choose import hoofd_schooljaar, kies_dubbele, kop_problemen, schooljaar
from xltoolkit.services.merge.clean import WAARDE_CODES
from xltoolkit.services.merge.find import SUFFIXES, Vondst, vind_bestanden
from xltoolkit.services.merge.marker import is_overzicht
from xltoolkit.services.merge.model import (
    SOORT_BESTAND,
    SOORT_CONTROLE,
    SOORT_REGISTER,
    SOORT_SJABLOON,
    SOORT_WAARDE,
    STATUS_WOORD,
    Gelezen,
    Kandidaat,
    Probleem,
)
from xltoolkit.services.merge.parallel import lees_alle, processors
from xltoolkit.services.merge.read import fout_detail
from xltoolkit.services.merge.result import Samenvoeging, sorteer_problemen
from xltoolkit.services.merge.table import Overzicht
from xltoolkit.services.merge.workbook import overzicht_bytes, schrijf_overzicht
from xltoolkit.spec import TemplateSpec, load_spec

TEMPLATE_CODES = {"L007"}  # unusable because of the template version: listed as such


class SamenvoegFout(FindingError):
    """The merge cannot start (an input does not exist); `finding` says why."""



def samenvoegen(inputs: Iterable[str | Path], *, register: Register | None = None, uitsluiten: Iterable[str | Path] = (),
                spec: TemplateSpec | None = None, workers: int | None = None,
                voortgang: Callable[[int], None] | None = None) -> Samenvoeging:
    """Find, read and combine. Raises `SamenvoegFout` when an input does not exist."""
    vondst = vind_bestanden(inputs, uitsluiten)
    if vondst.ontbreekt:
        raise SamenvoegFout(make("M002", invoer=vondst.ontbreekt[0]))
    return voeg_samen(vondst, register=register, spec=spec, workers=workers, voortgang=voortgang)


def voeg_samen(vondst: Vondst, *, register: Register | None = None, spec: TemplateSpec | None = None,
               workers: int | None = None, voortgang: Callable[[int], None] | None = None) -> Samenvoeging:
    """Read what `vind_bestanden` found (`voortgang(1)` after each file) and decide what is taken."""
    spec = spec or load_spec()
    gelezen = lees_alle(vondst.kandidaten, spec, register, workers, voortgang)
    problems = list(vondst.problemen) + _file_problems(gelezen)
    problems += kies_dubbele(gelezen)
    taken = [g for g in gelezen if g.status == "opgenomen"]
    hoofdjaar = hoofd_schooljaar(taken)
    problems += kop_problemen(taken, hoofdjaar)
    s = Samenvoeging(spec, gelezen, [], hoofdjaar, register)
    if register is not None:
        problems += [Probleem(register.naam, SOORT_REGISTER, f) for f in register.findings]
        problems += middelen.zonder_werkboek(s)[1]
    s.problemen = sorteer_problemen(problems)
    return s


def controleer_uitvoer(path: Path) -> Finding | None:
    """The overview must be an .xlsx, and may only replace an earlier overview, never another file:
    not even a board's workbook that carries the overview's marker (marker.py checks the content)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return make("M062", uitvoer=str(path), voorstel=str(path.with_suffix(".xlsx")))
    if path.exists() and not is_overzicht(path):
        return make("M061", uitvoer=str(path), voorstel=str(path.with_name(f"{path.stem}-overzicht.xlsx")))
    return None


def maak_overzicht(s: Samenvoeging) -> bytes:
    """The overview's bytes, whatever one board holds. Values are made writable when read
    (clean.py); should a board's content still break building or writing the overview, it is
    left out with M017 and the others are written, because one board must never cost the SWV
    the overview of all. A failure that no single board explains raises `SamenvoegFout` (M063)."""
    try:
        return overzicht_bytes(overzicht(s))
    except Exception as exc:  # noqa: BLE001 - isolated below, reported as a finding
        failure: Exception = exc
    culprits = [(g, own) for g in s.opgenomen if (own := _alone_fails(s, g)) is not None]
    for g, own in culprits:
        g.status, g.fout = "niet_bruikbaar", make("M017", bestand=g.label, detail=fout_detail(own))
        s.problemen.append(Probleem(g.label, SOORT_BESTAND, g.fout, g.bestuur, schooljaar(g)))
    if culprits:
        s.problemen = sorteer_problemen(s.problemen)
        try:
            return overzicht_bytes(overzicht(s))
        except Exception as exc:  # noqa: BLE001
            failure = exc
    raise SamenvoegFout(make("M063", detail=fout_detail(failure)))


def _alone_fails(s: Samenvoeging, g: Gelezen) -> Exception | None:
    """The exception an overview of this board alone raises, or None when it can be written."""
    try:
        overzicht_bytes(overzicht(Samenvoeging(s.spec, [g], [], s.hoofdjaar, s.register)))
    except Exception as exc:  # noqa: BLE001
        return exc
    return None


def _file_problems(gelezen: list[Gelezen]) -> list[Probleem]:
    out = []
    for g in gelezen:
        if g.fout is not None:
            soort = SOORT_SJABLOON if g.fout.code in TEMPLATE_CODES else SOORT_BESTAND
            out.append(Probleem(g.label, soort, g.fout))
            continue
        for f in g.sub.bron.findings if g.sub is not None else ():
            if f.code == "L008":
                out.append(Probleem(g.label, SOORT_SJABLOON, f, g.bestuur, schooljaar(g)))
            elif f.code in WAARDE_CODES:
                out.append(Probleem(g.label, SOORT_WAARDE, f, g.bestuur, schooljaar(g)))
        out += [Probleem(g.label, SOORT_CONTROLE, f, g.bestuur, schooljaar(g)) for f in g.stap_problemen]
    return out


def overzicht(s: Samenvoeging) -> Overzicht:
    """The consolidated workbook as data: the sheets in the order the SWV reads them."""
    spec = s.spec
    bladen = (sheets.overzicht(s), middelen.middelen(s), middelen.aanwending(s), sheets.indicatoren(s), sheets.teksten(s),
              middelen.kengetallen(s), sheets.problemen(s))
    props = {
        "title": f"Samenvoeging {spec.name}", "subject": f"Schooljaar {s.hoofdjaar_label}", "author": spec.swv,
        "company": spec.swv, "comments": f"Sjabloonversie {spec.version}; samengevoegd met xltoolkit",
    }
    return Overzicht(bladen[0].titel, bladen, props)


__all__ = [
    "Gelezen", "Kandidaat", "Overzicht", "Probleem", "STATUS_WOORD", "SUFFIXES", "SamenvoegFout", "Samenvoeging", "Vondst",
    "controleer_uitvoer", "is_overzicht", "lees_alle", "maak_overzicht", "overzicht", "overzicht_bytes", "processors", "samenvoegen",
    "schrijf_overzicht", "vind_bestanden", "voeg_samen",
]
