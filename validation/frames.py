"""Tidy DataFrames from a Submission: what the pandera schemas validate.

One frame per kind of content, one row per thing a finding can be about, and every row carries
its location (sheet, cell, field id = defined name) so a failed check becomes a finding at the
cell. Values are kept exact: money as integer cents plus flags (PM, more than two decimals),
never floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from xltoolkit.io.names import AANWENDING_NAME
from xltoolkit.model.money import Bedrag
from xltoolkit.model.relevance import relevant
from xltoolkit.model.submission import CellRef, Submission
from xltoolkit.model.values import Indicatoren, Unreadable, is_nvt
from xltoolkit.spec import Field, TemplateSpec

HEADER_INDEX = "gegevens"
AANWENDING_COLUMNS = ["field", "regel", "sheet", "cell", "row", "omschrijving", "regio", "dubbel_van", "verdeeld",
                      "heeft_delen", "toelichting", "bedrag", "leeg", "pm", "onleesbaar", "euro", "cents", "twee_decimalen"]


@dataclass(frozen=True)
class Frames:
    header: pd.DataFrame
    teksten: pd.DataFrame
    bedragen: pd.DataFrame
    aanwending: pd.DataFrame
    indicatoren: pd.DataFrame
    kengetallen: pd.DataFrame


Rows = list[dict[str, object]]
# Where each row of a stacked frame came from: (the submission's position, the row's own index in
# that submission's frame: "gegevens" for the header, the field id, or the line's position).
Origin = dict[str, list[tuple[int, object]]]


def build_frames(sub: Submission, spec: TemplateSpec) -> Frames:
    return Frames(
        header=header_frame(sub, spec),
        teksten=teksten_frame(sub, spec),
        bedragen=bedragen_frame(sub, spec),
        aanwending=aanwending_frame(sub, spec),
        indicatoren=indicatoren_frame(sub, spec),
        kengetallen=kengetallen_frame(sub, spec),
    )


def stacked_frames(subs: list[Submission], spec: TemplateSpec) -> tuple[Frames, Origin]:
    """One frame of each kind for all submissions, rows numbered 0..n, and where each row came
    from. Why not a frame per submission, concatenated: building a DataFrame costs about a
    millisecond whatever its size, six per board was most of a batch's validation; rows are
    cheap. Columns that messages quote keep their Python values (object), as a lone board's would."""
    builders = {"header": header_rows, "teksten": teksten_rows, "bedragen": bedragen_rows,
                "aanwending": aanwending_rows, "indicatoren": indicatoren_rows, "kengetallen": kengetallen_rows}
    frames, origin = {}, {}
    for name, rows_of in builders.items():
        rows: Rows = []
        where: list[tuple[int, object]] = []
        for i, sub in enumerate(subs):
            own = rows_of(sub, spec)
            rows += own
            where += [(i, _own_index(name, row, n)) for n, row in enumerate(own)]
        frames[name], origin[name] = _frame(name, rows), where
    return Frames(**frames), origin


def _own_index(name: str, row: dict[str, object], n: int) -> object:
    """A row's index in its own submission's frame (what `build_frames` gives it)."""
    if name == "header":
        return HEADER_INDEX
    return n if name == "aanwending" else row["field"]


def _frame(name: str, rows: Rows) -> pd.DataFrame:
    if name == "header":
        return pd.DataFrame(rows, dtype=object)
    if name == "aanwending":
        return pd.DataFrame(rows, columns=AANWENDING_COLUMNS)
    df = pd.DataFrame(rows)
    if name == "kengetallen" and not df.empty:
        df["waarde"] = pd.Series([row["waarde"] for row in rows], dtype=object)  # an int stays an int in a message
    return df


def location(sub: Submission, spec: TemplateSpec, field_id: str) -> CellRef:
    """Where a field is: from the loaded file when known, else its home sheet by the spec."""
    ref = sub.source.cells.get(field_id)
    if ref is not None:
        return ref
    return CellRef(spec.section_of(field_id).sheet, "", field_id)


def _loc(sub: Submission, spec: TemplateSpec, f: Field) -> dict[str, str]:
    ref = location(sub, spec, f.id)
    return {"field": f.id, "label": f.label, "sheet": ref.sheet, "cell": ref.cell, "help": f.help}


def header_frame(sub: Submission, spec: TemplateSpec) -> pd.DataFrame:
    """One row; a column per header field (the pandera schema is generated per column)."""
    return pd.DataFrame(header_rows(sub, spec), index=[HEADER_INDEX], dtype=object)


def header_rows(sub: Submission, spec: TemplateSpec) -> Rows:
    section = spec.sections[0]
    row: dict[str, object] = {}
    for f in section.fields:
        v = sub.get(f.id)
        row[f.id] = None if v is None or v == () or isinstance(v, Unreadable) else (v if not isinstance(v, tuple) else ",".join(v))
    return [row]


def _applies(f: Field, sub: Submission, spec: TemplateSpec) -> dict[str, bool | str]:
    """Relevance as columns: does the field certainly apply (then blank and n.v.t. are defects)?
    `heeft_relevantie`: it depends on an answer at all; `reden`: why it applies, for the message."""
    reden = spec.relevance[f.relevance].reden if f.relevance else "dit onderdeel geldt voor alle besturen"
    return {"van_toepassing": relevant(f, sub, spec) is True, "heeft_relevantie": f.relevance is not None, "reden": reden}


def teksten_frame(sub: Submission, spec: TemplateSpec) -> pd.DataFrame:
    """One row per narrative field."""
    return pd.DataFrame(teksten_rows(sub, spec)).set_index("field", drop=False)


def teksten_rows(sub: Submission, spec: TemplateSpec) -> Rows:
    rows: Rows = []
    for f in spec.fields:
        if f.type != "narrative":
            continue
        text = sub.get(f.id)
        text = text.tekst if isinstance(text, Unreadable) else text
        rows.append({
            **_loc(sub, spec, f),
            "tekst": text,
            "required": f.required,
            "nvt": is_nvt(text),
            **_applies(f, sub, spec),
            "uitwerking_van_gekozen": _chosen_for(f, sub, spec),
            "tekens": len(text) if text else 0,
            "woorden": len(text.split()) if text else 0,
            "fixed": "\n".join(x for x in (f.intro, f.label) if x),  # the template's own words for this field
        })
    return rows


def _money_columns(value: object) -> dict[str, object]:
    amount = value if isinstance(value, Bedrag) and value.euro is not None else None
    return {
        "bedrag": value,
        "leeg": value is None,
        "pm": isinstance(value, Bedrag) and value.pm,
        "onleesbaar": isinstance(value, Unreadable),
        "euro": amount.euro if amount else None,
        "cents": amount.cents if amount else None,
        "twee_decimalen": amount is None or amount.has_at_most_two_decimals,
    }


def _chosen_for(f: Field, sub: Submission, spec: TemplateSpec) -> bool:
    """Whether `f` works out indicators that are chosen (then V018, not V001, speaks for it)."""
    chosen = sub.get(f.works_out) if f.works_out else None
    return isinstance(chosen, Indicatoren) and bool(chosen.nummers)


def bedragen_frame(sub: Submission, spec: TemplateSpec) -> pd.DataFrame:
    """One row per received amount (regeling x region)."""
    return pd.DataFrame(bedragen_rows(sub, spec)).set_index("field", drop=False)


def bedragen_rows(sub: Submission, spec: TemplateSpec) -> Rows:
    rows: Rows = []
    for f in spec.fields:
        if f.regeling is None:
            continue
        rows.append({**_loc(sub, spec, f), "regeling": f.regeling, "regio": f.region,
                     "geen_sbo_so": sub.heeft_sbo_so is False, **_money_columns(sub.get(f.id))})
    return rows


def aanwending_frame(sub: Submission, spec: TemplateSpec) -> pd.DataFrame:
    """One row per aanwending line, and one per money cell of a line (bedrag and the parts)."""
    return pd.DataFrame(aanwending_rows(sub, spec), columns=AANWENDING_COLUMNS)


def aanwending_rows(sub: Submission, spec: TemplateSpec) -> Rows:
    split = spec.lists.split_region
    rows: Rows = []
    seen: dict[tuple, int] = {}
    for i, line in enumerate(sub.aanwending, 1):
        ref = sub.source.aanwending_rows[i - 1] if i - 1 < len(sub.source.aanwending_rows) else None
        parts = [line.deel(r) for r in spec.region_codes]
        total = line.bedrag
        key = ((line.omschrijving or "").strip().lower(), repr(total), line.regio, tuple(map(repr, parts)))
        dubbel_van = seen.get(key) if total is not None else None
        seen.setdefault(key, i)
        rows.append({
            "field": AANWENDING_NAME,
            "regel": i,
            "sheet": ref.sheet if ref else spec.middelen_section.sheet,
            "cell": ref.cell if ref else "",
            "row": _row_of(ref.cell) if ref else None,
            "omschrijving": line.omschrijving,
            "regio": line.regio,
            "dubbel_van": dubbel_van,
            "verdeeld": line.regio == split,
            "heeft_delen": bool([p for p in parts if p is not None]),
            "toelichting": line.toelichting,
            **_money_columns(total),
        })
    return rows


def _row_of(cell: str) -> int | None:
    digits = "".join(c for c in cell if c.isdigit())
    return int(digits) if digits else None


def indicatoren_frame(sub: Submission, spec: TemplateSpec) -> pd.DataFrame:
    """One row per process part (hoofdonderdeel)."""
    return pd.DataFrame(indicatoren_rows(sub, spec)).set_index("field", drop=False)


def indicatoren_rows(sub: Submission, spec: TemplateSpec) -> Rows:
    rows: Rows = []
    for s in spec.process_sections:
        f, worked = s.indicator_field, s.worked_out_field
        assert f is not None and worked is not None, f"{s.id}: hoofdonderdeel zonder indicatorveld of uitwerking"
        value = sub.get(f.id)
        nummers = value.nummers if isinstance(value, Indicatoren) else ()
        lo, hi = s.indicators  # type: ignore[misc]
        uitwerking = sub.get(worked.id)
        rows.append({
            **_loc(sub, spec, f),
            "onderdeel": s.short,
            "van": lo, "tot": hi,
            "nummers": nummers,
            "leeg": value is None,
            "nvt": isinstance(value, Indicatoren) and value.nvt,
            **_applies(f, sub, spec),
            "buiten_bereik": tuple(n for n in nummers if not lo <= n <= hi),
            "dubbel": tuple(sorted({n for n in nummers if nummers.count(n) > 1})),
            "uitwerking_leeg": uitwerking is None or (isinstance(uitwerking, str) and is_nvt(uitwerking) and bool(nummers)),
            "uitwerking_field": worked.id,
            "uitwerking_cell": location(sub, spec, worked.id).cell,
            "uitwerking_sheet": location(sub, spec, worked.id).sheet,
        })
    return rows


def kengetallen_frame(sub: Submission, spec: TemplateSpec) -> pd.DataFrame:
    """One row per numeric key figure that is filled in (counts and percentages)."""
    return _frame("kengetallen", kengetallen_rows(sub, spec)).set_index("field", drop=False)


def kengetallen_rows(sub: Submission, spec: TemplateSpec) -> Rows:
    rows: Rows = []
    for f in spec.fields:
        if f.type not in ("count", "percentage"):
            continue
        v = sub.get(f.id)
        number = v if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else None
        rows.append({**_loc(sub, spec, f), "type": f.type, "waarde": number, "leeg": v is None})
    return rows
