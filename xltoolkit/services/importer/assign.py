"""Step 4 of the pipeline: from what the recognition collected to a `Submission`. The texts
gathered under each heading are joined into their fields, the rest becomes Extra informatie
(minus the template's own texts), key figures are read from prose, the aanwending lines are
built, and what the report does not say is derived. `field_reports` (step 5) then says, per
field, how it was found or why not."""

from __future__ import annotations

from xltoolkit.codes import Code
from xltoolkit.findings import make
from xltoolkit.model.submission import Submission
from xltoolkit.services.importer.log import EMPTY, EXTRA, FOUND, MISSING, FieldReport
from xltoolkit.services.importer.paragraphs import join
from xltoolkit.services.importer.rules import aanwending, gegevens, kengetallen, text
from xltoolkit.services.importer.state import State


def assign(st: State) -> Submission:
    """The submission the recognised state describes; every decision also goes to `st.report`."""
    text.rescue_unaccounted(st)
    if st.target and st.target[0] == "nummers":
        fid = st.target[1]
        st.note(fid, EMPTY, *st.bucket_how[fid], mark=False)
    text.place_section_text(st)
    fill_fields(st)
    text.build_extra(st)
    kengetallen.figures_from_prose(st)
    lines = aanwending.build_aanwending(st)
    gegevens.derive_regions(st)
    gegevens.derive_sbo_so(st)
    values = {f.id: st.values.get(f.id) for f in st.spec.fields}
    return Submission(values=values, aanwending=tuple(lines))


def fill_fields(st: State) -> None:
    """Each field's collected pieces, joined as the source's layout says, become its value."""
    for fid, pieces in st.buckets.items():
        if fid.startswith("section:") or fid == EXTRA:
            continue
        text = join([p for _, p in pieces], st.layout) or None
        how, heading_at = st.bucket_how.get(fid, ("", ""))
        if text is None:
            st.note(fid, EMPTY, how, heading_at, mark=False)
            continue
        where = st.src.where(pieces[0][1].line, pieces[-1][1].line)
        st.set_value(fid, text, f"{how} ({heading_at})" if heading_at else how, where)


def field_reports(st: State) -> None:
    """Per field of the spec: found, empty, derived or missing, with how and where; missing and
    empty required fields get their finding."""
    for f in st.spec.fields:
        status, how, where = st.origin.get(f.id, (MISSING, "", ""))
        if status == FOUND and st.values.get(f.id) is None:
            status = EMPTY
        required = f.required and not f.kengetal
        st.report.fields[f.id] = FieldReport(f.id, f.label, st.sheet(f.id), status, how, where, required)
        if status == MISSING and f.id in st.unread_figures:
            zin, plaats = st.unread_figures[f.id]
            st.report.findings.append(make("I073", field=f.id, label=f.label, tekst=zin, plaats=plaats, sheet=st.sheet(f.id)))
            st.report.fields[f.id].hoe = f"niet herkend in de tekst: '{zin}'"
        elif status == MISSING:
            code: Code = "I010" if required else "I011"
            st.report.findings.append(make(code, field=f.id, label=f.label, sheet=st.sheet(f.id)))
        elif status == EMPTY and required:
            st.report.findings.append(make("I012", field=f.id, label=f.label, plaats=where or "het verslag", sheet=st.sheet(f.id)))
