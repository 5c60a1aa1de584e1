"""The validation rules: for each tidy frame, which rows pass, and what the finding then says.

A rule is a finding code (its severity and Dutch text live in catalogus/validatie.yaml), the frame
it looks at, a vectorised check (True = the row is fine) and the message parameters for a row
that fails. `schemas.py` turns these into pandera checks; nothing here prints or raises.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

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
    """Required, applicable to this board, and empty — unless V018 already says it better
    (indicator chosen, no worked-out text). A part that does not apply (or whose deciding question
    is unanswered: that question reports itself) may stay blank."""
    return df["required"] & df["van_toepassing"] & df["tekst"].isna() & ~df["uitwerking_van_gekozen"]


def _why_required(row: pd.Series) -> str:
    """The help text, or for a part that applies because of an answer, why it applies."""
    return f"{row['reden'][0].upper()}{row['reden'][1:]}, dus dit onderdeel is verplicht." if row["heeft_relevantie"] else row["help"]


_AROUND = " .,:;!?-–—…'\"()"  # what `_normal` strips from both ends


def _one_space(text: str) -> str:
    """Lower case, every run of whitespace one space, none at the ends (str.split's whitespace is
    the regex's \\s: the same characters, at a fraction of the cost on a long narrative)."""
    return " ".join(text.lower().split())


def _normal(text: str) -> str:
    """Lower case, one space, without the punctuation around it: how texts are compared."""
    return _one_space(text).strip(_AROUND)


class _Words:
    """Any of the phrases as whole words (so "xxx" is not found in "xxxl"). Why not just the regex:
    its alternation of look-arounds is tried at every position of every text, the bulk of a
    batch's validation; a phrase that is not even a substring cannot match, and `in` finds that
    at C speed, so the regex only runs on the rare text that holds one."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self._lowered = tuple(p.lower() for p in phrases)
        self._pattern = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in self._lowered))

    def search(self, low: str) -> re.Match[str] | None:
        if not any(p in low for p in self._lowered):
            return None
        return self._pattern.search(low)


def _words(phrases: Sequence[str]) -> _Words | None:
    return _Words(phrases) if phrases else None


@lru_cache(maxsize=256)
def _fixed_texts(fixed: str) -> frozenset[str]:
    """The template's own words for a field (intro, label), normalised: the same few per spec."""
    return frozenset(_normal(x) for x in fixed.split("\n") if x)


@lru_cache(maxsize=256)
def _help_sentences(help_text: str) -> tuple[str, ...]:
    """The help text's sentences of 25 characters or more, lower case, one space."""
    pieces = (_one_space(piece) for piece in re.split(r"(?<=[.?!])\s+", help_text))
    return tuple(piece for piece in pieces if len(piece) >= 25)


def _placeholder(spec: TemplateSpec) -> Callable[[Any, str, str], str | None]:
    """The template's own placeholder or instruction text, if that is what a narrative holds: a
    marker anywhere, a placeholder or the field's own label or intro as the *whole* text, a
    sentence of the workbook's help text, or no letter or digit at all. Ordinary Dutch inside a
    real narrative ("volgt nog", "n.t.b.") is never one."""
    markers = _words(spec.settings.placeholder_markers)
    whole = {_normal(p) for p in spec.settings.placeholder_texts}

    def found(text: Any, fixed: str, help_text: str) -> str | None:
        if not isinstance(text, str) or not text.strip():
            return None
        low = _one_space(text)
        hit = markers.search(low) if markers else None
        if hit:
            return hit.group(0)
        norm = low.strip(_AROUND)  # `_normal(text)`, from what is already lowered and spaced
        if not re.search(r"\w", norm) or norm in whole or norm in _fixed_texts(fixed):
            return text.strip()[:60]
        for piece in _help_sentences(help_text):
            if piece in low:
                return piece[:60]
        return None

    return found


def _unfinished(spec: TemplateSpec) -> Callable[[Any], str | None]:
    """A phrase inside a real narrative that says it is not finished ("nog invullen"): worth a look."""
    phrases = _words(spec.settings.unfinished_phrases)

    def found(text: Any) -> str | None:
        hit = phrases.search(text.lower()) if phrases and isinstance(text, str) else None
        return hit.group(0) if hit else None

    return found


def text_rules(spec: TemplateSpec) -> list[Rule]:
    min_chars, max_words = spec.settings.narrative_min_chars, spec.settings.narrative_max_words
    placeholder, unfinished = _placeholder(spec), _unfinished(spec)

    # Three rules ask it of the same frame (V013, V015, V030): the answer for the last frame is
    # kept, by a weak reference, so the frame itself is not kept alive (pandera tidies up after
    # a frame when it is freed, which must not be at interpreter exit).
    last: list[tuple[weakref.ref[pd.DataFrame], pd.Series]] = []

    def template_text(df: pd.DataFrame) -> pd.Series:
        if last and last[0][0]() is df:
            return last[0][1]
        result = pd.Series([placeholder(t, f, h) is not None for t, f, h in zip(df["tekst"], df["fixed"], df["help"])],
                           index=df.index, dtype=bool)
        last[:] = [(weakref.ref(df), result)]
        return result

    return [
        Rule("V001", "teksten", lambda df: ~_required_empty(df),
             lambda row, spec: {"label": row["label"], "hulp": _why_required(row)}),
        Rule("V011", "teksten", lambda df: ~(df["nvt"] & df["required"] & df["van_toepassing"]),
             lambda row, spec: {"label": row["label"], "reden": row["reden"]}),
        Rule("V013", "teksten", lambda df: ~(df["tekst"].notna() & ~df["nvt"] & (df["tekens"] < min_chars) & ~template_text(df)),
             lambda row, spec: {"label": row["label"], "tekens": int(row["tekens"])}),
        Rule("V014", "teksten", lambda df: ~(df["woorden"] > max_words),
             lambda row, spec: {"label": row["label"], "woorden": int(row["woorden"]), "max": max_words}),
        Rule("V015", "teksten", lambda df: ~template_text(df),
             lambda row, spec: {"label": row["label"], "tekst": placeholder(row["tekst"], row["fixed"], row["help"])}),
        Rule("V030", "teksten", lambda df: template_text(df) | pd.Series([unfinished(t) is None for t in df["tekst"]], index=df.index, dtype=bool),
             lambda row, spec: {"label": row["label"], "tekst": unfinished(row["tekst"])}),
    ]


# -- received money ----------------------------------------------------------------------------


def _cents_above(limit: int) -> Ok:
    return lambda df: df["cents"].map(lambda c: c is not None and not pd.isna(c) and c > limit)


def money_rules(frame: str, params: Params, spec: TemplateSpec) -> list[Rule]:
    """Rules every amount obeys: not negative, not absurdly high, whole cents."""
    limit = spec.settings.max_amount_cents
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
        Rule("V017", "indicatoren", lambda df: ~(df["leeg"] & df["van_toepassing"]), _part),
        Rule("V011", "indicatoren", lambda df: ~(df["nvt"] & df["van_toepassing"]),
             lambda row, spec: {"label": f"{row['onderdeel']}: Nummer(s)", "reden": row["reden"]}),
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
