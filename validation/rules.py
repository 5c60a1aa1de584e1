"""The validation rules: for each tidy frame, which rows pass, and what the finding then says.

A rule is a finding code (its severity and Dutch text live in catalogus/validatie.yaml), the frame
it looks at, a vectorised check (True = the row is fine) and the message parameters for a row
that fails. `schemas.py` turns these into pandera checks; nothing here prints or raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

import pandas as pd

from xltoolkit.model.money import Bedrag, format_bedrag, format_euro
from xltoolkit.model.values import format_percentage
from xltoolkit.spec import TemplateSpec

Ok = Callable[[pd.DataFrame], pd.Series]
Params = Callable[[pd.Series, TemplateSpec], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    code: str
    frame: str
    ok: Ok
    params: Params = field(default=lambda row, spec: {})
    # Where the finding points; default: the row's own sheet, cell and field.
    where: Callable[[pd.Series], tuple[str, str, str | None]] = field(
        default=lambda row: (row["sheet"], row["cell"], row.get("field"))
    )


def _label(row: pd.Series, spec: TemplateSpec) -> dict[str, Any]:
    return {"label": row["label"]}


def _amount(value: Any) -> str:
    return format_bedrag(value, cents=None) if isinstance(value, Bedrag) else str(value)


def _line(row: pd.Series, spec: TemplateSpec) -> dict[str, Any]:
    return {"regel": int(row["regel"]), "label": f"Aanwending regel {int(row['regel'])}", "waarde": _amount(row["bedrag"])}


# -- texts -------------------------------------------------------------------------------------


def _required_empty(df: pd.DataFrame) -> pd.Series:
    """Required and empty — unless V018 already says it better (indicator chosen, no worked-out text)."""
    return df["required"] & df["tekst"].isna() & ~df["uitwerking_van_gekozen"]


def _relevant(row: pd.Series) -> bool:
    return isinstance(row["relevance"], str)


def _placeholder(spec: TemplateSpec) -> Callable[[Any, str], str | None]:
    patterns = [p.lower() for p in spec.settings["placeholders"]]

    def found(text: Any, fixed: str) -> str | None:
        if not isinstance(text, str):
            return None
        low = text.lower()
        for p in patterns:
            if p in low:
                return p
        norm = re.sub(r"\s+", " ", low).strip()
        for piece in re.split(r"(?<=[.?!])\s+", fixed.lower()):
            piece = re.sub(r"\s+", " ", piece).strip()
            if len(piece) >= 25 and piece in norm:
                return piece[:60]
        return None

    return found


def text_rules(spec: TemplateSpec) -> list[Rule]:
    min_chars, max_words = spec.settings["narrative_min_chars"], spec.settings["narrative_max_words"]
    placeholder = _placeholder(spec)
    sbo_hint = "Uw bestuur heeft SBO/SO-scholen, dus dit onderdeel is verplicht."
    return [
        Rule("V012", "teksten", lambda df: ~(_required_empty(df) & df["nvt_toegestaan"] & ~df["sbo_so_onbekend"]), _label),
        Rule("V001", "teksten", lambda df: ~(_required_empty(df) & ~(df["nvt_toegestaan"] & ~df["sbo_so_onbekend"])),
             lambda row, spec: {"label": row["label"], "hulp": sbo_hint if _relevant(row) and not row["nvt_toegestaan"] else row["help"]}),
        Rule("V011", "teksten", lambda df: ~(df["nvt"] & df["required"] & ~df["nvt_toegestaan"]),
             lambda row, spec: {"label": row["label"], "reden": "uw bestuur heeft SBO/SO-scholen" if _relevant(row)
                                else "dit onderdeel geldt voor alle besturen"}),
        Rule("V013", "teksten", lambda df: ~(df["tekst"].notna() & ~df["nvt"] & (df["tekens"] < min_chars)),
             lambda row, spec: {"label": row["label"], "tekens": int(row["tekens"])}),
        Rule("V014", "teksten", lambda df: ~(df["woorden"] > max_words),
             lambda row, spec: {"label": row["label"], "woorden": int(row["woorden"]), "max": max_words}),
        Rule("V015", "teksten", lambda df: pd.Series([placeholder(t, f) is None for t, f in zip(df["tekst"], df["fixed"])], index=df.index),
             lambda row, spec: {"label": row["label"], "tekst": placeholder(row["tekst"], row["fixed"])}),
    ]


# -- received money ----------------------------------------------------------------------------


def _cents_above(limit: int) -> Ok:
    return lambda df: df["cents"].map(lambda c: c is not None and not pd.isna(c) and c > limit)


def money_rules(frame: str, params: Params, spec: TemplateSpec) -> list[Rule]:
    """Rules every amount obeys: not negative, not absurdly high, whole cents."""
    limit = int(spec.settings["max_amount_cents"])
    return [
        Rule("V007", frame, lambda df: ~df["cents"].map(lambda c: c is not None and not pd.isna(c) and c < 0), params),
        Rule("V009", frame, lambda df: df["twee_decimalen"].astype(bool), params),
        Rule("V008", frame, lambda df: ~_cents_above(limit)(df),
             lambda row, spec: {**params(row, spec), "grens": format_euro(Decimal(limit) / 100)}),
    ]


def received_rules(spec: TemplateSpec) -> list[Rule]:
    return [
        Rule("V029", "bedragen", lambda df: ~((df["regeling"] == "doelgroep") & _cents_above(0)(df) & df["geen_sbo_so"])),
        *money_rules("bedragen", lambda row, spec: {"label": row["label"], "waarde": _amount(row["bedrag"])}, spec),
    ]


# -- aanwending ----------------------------------------------------------------------------------


def aanwending_rules(spec: TemplateSpec) -> list[Rule]:
    """Rules on single lines. Whether a line's region fits the board's regions and whether split
    parts add up is the reconciliation's business (R010-R016); validate() includes its findings."""
    return [
        Rule("V020", "aanwending", lambda df: ~(~df["leeg"] & df["omschrijving"].isna()), _line),
        Rule("V026", "aanwending", lambda df: ~(df["omschrijving"].notna() & df["leeg"] & ~df["heeft_delen"]), _line),
        Rule("V010", "aanwending", lambda df: ~(df["pm"] & df["toelichting"].isna()), _line),
        Rule("V021", "aanwending", lambda df: df["dubbel_van"].isna(),
             lambda row, spec: {**_line(row, spec), "eerder": int(row["dubbel_van"])}),
        Rule("V024", "aanwending", lambda df: ~(df["verdeeld"] & ~df["heeft_delen"]), _line),
        *money_rules("aanwending", _line, spec),
    ]


# -- indicators and key figures ------------------------------------------------------------------


def _part(row: pd.Series, spec: TemplateSpec) -> dict[str, Any]:
    return {"onderdeel": row["onderdeel"], "van": int(row["van"]), "tot": int(row["tot"])}


def indicator_rules(spec: TemplateSpec) -> list[Rule]:
    return [
        Rule("V012", "indicatoren", lambda df: ~(df["leeg"] & df["nvt_toegestaan"] & ~df["sbo_so_onbekend"]),
             lambda row, spec: {"label": f"{row['onderdeel']}: Nummer(s)"}),
        Rule("V017", "indicatoren", lambda df: ~(df["leeg"] & ~(df["nvt_toegestaan"] & ~df["sbo_so_onbekend"])), _part),
        Rule("V011", "indicatoren", lambda df: ~(df["nvt"] & ~df["nvt_toegestaan"]),
             lambda row, spec: {"label": f"{row['onderdeel']}: Nummer(s)", "reden": "dit onderdeel geldt voor uw bestuur"}),
        Rule("V016", "indicatoren", lambda df: df["buiten_bereik"].map(len) == 0,
             lambda row, spec: {**_part(row, spec), "nummer": ", ".join(map(str, row["buiten_bereik"]))}),
        Rule("V019", "indicatoren", lambda df: df["dubbel"].map(len) == 0,
             lambda row, spec: {**_part(row, spec), "nummer": ", ".join(map(str, row["dubbel"]))}),
        Rule("V018", "indicatoren", lambda df: ~((df["nummers"].map(len) > 0) & df["uitwerking_leeg"]),
             lambda row, spec: {**_part(row, spec), "nummers": ", ".join(map(str, row["nummers"]))},
             where=lambda row: (row["uitwerking_sheet"], row["uitwerking_cell"], row["uitwerking_field"])),
    ]


def kengetal_rules(spec: TemplateSpec) -> list[Rule]:
    def value(df: pd.DataFrame, kind: str) -> pd.Series:
        return df["waarde"].where(df["type"] == kind)

    return [
        Rule("V027", "kengetallen", lambda df: ~value(df, "percentage").map(lambda v: v is not None and not pd.isna(v) and not 0 <= v <= 1),
             lambda row, spec: {"label": row["label"], "waarde": format_percentage(Decimal(row["waarde"]))}),
        Rule("V028", "kengetallen", lambda df: ~value(df, "count").map(lambda v: v is not None and not pd.isna(v) and v < 0),
             lambda row, spec: {"label": row["label"], "waarde": row["waarde"]}),
    ]


def all_rules(spec: TemplateSpec) -> list[Rule]:
    return [*text_rules(spec), *received_rules(spec), *aanwending_rules(spec), *indicator_rules(spec), *kengetal_rules(spec)]
