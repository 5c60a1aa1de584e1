"""Hypothesis strategies for submissions, generated from the spec (every field, every type)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from xltoolkit.model.money import PM, Bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import Indicatoren, Unreadable
from xltoolkit.spec import TemplateSpec

# What a person can type in a cell: no control characters (but newlines), no surrogates.
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.just("\n")
text = st.text(_chars, min_size=1, max_size=60).map(str.strip).filter(lambda t: t != "" and "\r" not in t)
formula_like = st.sampled_from(["=1+1", "+31 6 1234", "-geen-", "@bestuur", "=HYPERLINK(\"http://x\")"])
any_text = text | formula_like

amounts = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2)
money = st.one_of(
    amounts.map(lambda d: Bedrag(euro=d)),
    st.just(PM),
    st.decimals(min_value=-5000, max_value=-1, places=0).map(lambda d: Bedrag(euro=d)),
    st.sampled_from(["veel", "zie bijlage", "ongeveer vijfduizend"]).map(lambda t: Unreadable(t, "bedrag")),
)


def value_for(ftype: str, spec: TemplateSpec):
    return {
        "text": any_text,
        "narrative": any_text,
        "schooljaar": st.sampled_from(["2023-2024", "2024-2025", "23-24", "2023"]),
        "money": money,
        "count": st.integers(min_value=0, max_value=100_000),
        "percentage": st.decimals(min_value=0, max_value=1, places=4),
        "yesno": st.booleans(),
        "regions": st.lists(st.sampled_from(spec.region_codes), unique=True).map(
            lambda rs: tuple(r for r in spec.region_codes if r in rs)
        ),
        "indicators": st.one_of(
            st.just(Indicatoren(nvt=True)),
            st.lists(st.integers(min_value=1, max_value=43), min_size=1, max_size=8).map(lambda ns: Indicatoren(tuple(ns))),
        ),
    }[ftype]


def line(spec: TemplateSpec):
    region = st.sampled_from([None, *spec.region_codes, spec.lists.split_region])
    cols = {
        "text": st.none() | any_text,
        "money": st.none() | money,
        "region_choice": region,
        "category": st.none() | st.sampled_from(spec.lists.categories) | text,
    }
    return st.fixed_dictionaries({c.id: cols[c.type] for c in spec.columns}).map(Aanwendingsregel).filter(
        lambda ln: not ln.is_empty
    )


def submissions(spec: TemplateSpec):
    fields = {f.id: st.none() | value_for(f.type, spec) for f in spec.fields}
    return st.builds(
        lambda values, lines: Submission(values=values, aanwending=tuple(lines)),
        st.fixed_dictionaries(fields),
        st.lists(line(spec), max_size=30),
    )
