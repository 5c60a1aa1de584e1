"""The import invariant: nothing of a report lands silently nowhere.

For every report variant — the corpus in tests/importcorpus (the four example boards written as
Word with checkbox content controls, legacy form fields, Wingdings boxes, funding tables cut up
in other ways, hyphenation…; Markdown as pandoc and mammoth export it; Word's "save as text")
and variants edited into the two real seeds here — the import must satisfy:

- every euro amount in the source is in the workbook (a received cell, an aanwending line or
  its part per region) or in a finding that quotes it;
- every paragraph of the board's text is in a field, a line's purpose or toelichting, or Extra
  informatie; the template's fixed texts are in the sjabloontekst list and never in Extra
  informatie; headings and labels are never in Extra informatie; a key figure is in its field;
- the ticked regions equal the source's ticks;
- the workbook content equals that of the clean example (corpus) or the seed's fixture.

What the source says is recorded by the generator when it writes the file (`source_facts`),
not read back by the importer's own readers. A variant the importer still loses something of
is marked xfail(strict=True) with the reason, so a fix is noticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from importcorpus import build, examples, source_facts, variants
from test_import import differences, imported, seed_text

from xltoolkit.examples import load_example
from xltoolkit.model.money import Bedrag
from xltoolkit.services.importer import Result, import_report
from xltoolkit.services.importer.log import FOUND
from xltoolkit.services.importer.match import words
from xltoolkit.services.importer.middelen_table import MARKED, amount_value

pytestmark = pytest.mark.slow  # slow: skipped by the quick run (docs/ontwikkelaars.md#tests-en-benchmarks), CI runs it

# Variants whose loss is known and not yet fixed: the reason, and who owns the fix.
KNOWN_LOSSES: dict[str, str] = {}


def squash(text: str | None) -> str:
    """Text compared without case, accents, punctuation, spaces or hyphenation."""
    return "".join(words(text or ""))


def money_in(result: Result) -> set[Decimal]:
    sub = result.submission
    values: list[Any] = list(sub.values.values())
    values += [v for line in sub.aanwending for v in line.values.values()]
    return {v.euro for v in values if isinstance(v, Bedrag) and v.euro is not None}


def texts_in(result: Result) -> list[str]:
    sub = result.submission
    out = [v for v in sub.values.values() if isinstance(v, str)]
    out += [str(line.values.get(k) or "") for line in sub.aanwending for k in ("omschrijving", "toelichting")]
    return out


def lost_amounts(amounts: Iterable[tuple[str, Decimal]], result: Result) -> list[str]:
    """Amounts (text as written, value) found neither in the workbook nor in a finding."""
    money = money_in(result)
    said = " ".join(" ".join(f.message.split()) for f in result.report.findings)
    return [text for text, euro in amounts if euro not in money and " ".join(text.split()) not in said]


class Extra:
    """Extra informatie by paragraph: a short text is in it only as a whole paragraph."""

    def __init__(self, text: str | None) -> None:
        self.paragraphs = [squash(p) for p in (text or "").split("\n") if p.strip()]

    def __contains__(self, text: str) -> bool:
        return text in self.paragraphs or (len(text) >= 40 and any(text in p for p in self.paragraphs))


def lost_paragraphs(facts, result: Result, spec) -> list[str]:
    sub, report = result.submission, result.report
    board = squash(" ".join(texts_in(result)))
    template = squash(" ".join(s.tekst for s in sorted(report.skipped, key=_position)))
    extra = Extra(sub["extra_informatie"])
    out = []
    for p in facts.paragraphs:
        text = squash(p.text)
        if not text:
            continue
        if p.kind in ("field", "kengetal") and p.field and spec.field(p.field).type not in ("narrative", "text"):
            if sub.get(p.field) is None:
                out.append(f"{p.field} leeg ('{p.text[:40]}')")
        elif p.kind == "field":
            if text not in board:
                out.append(f"tekst van {p.field or 'het bestuur'} nergens: '{p.text[:50]}'")
        elif p.kind == "fixed":
            if text in extra:
                out.append(f"sjabloontekst in Extra informatie: '{p.text[:50]}'")
            elif text not in template and text not in board:
                out.append(f"sjabloontekst nergens: '{p.text[:50]}'")
        elif p.kind in ("heading", "label") and text in extra:
            out.append(f"{p.kind} in Extra informatie: '{p.text[:50]}'")
    return out


def _position(skipped) -> int:
    """Where a left-out text starts in the source ("regel 12–30", "alinea 7"), to read them in order."""
    m = re.match(r"(?:regel|alinea)\s+(\d+)", skipped.plaats)
    return int(m.group(1)) if m else 10**9


def ticked(result: Result) -> tuple[str, ...]:
    return tuple(result.submission["regios"] or ())


# -- the corpus -------------------------------------------------------------------------------


def _variant_params() -> list:
    return [pytest.param(v, marks=pytest.mark.xfail(strict=True, reason=KNOWN_LOSSES[v])) if v in KNOWN_LOSSES else v
            for v in variants()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("importcorpus")


@pytest.mark.parametrize("variant", _variant_params())
@pytest.mark.parametrize("example", examples())
def test_corpus_variant_loses_nothing(example, variant, corpus, spec):
    path = build(example, variant, corpus, spec)
    facts = source_facts(path)
    result = import_report(path, spec)
    amounts = [(a.text, Decimal(a.euro)) for a in facts.amounts]
    assert lost_amounts(amounts, result) == []
    assert lost_paragraphs(facts, result, spec) == []
    assert ticked(result) == tuple(c for c in spec.region_codes if c in facts.ticked)
    assert differences(result.submission, load_example(example, spec), spec) == []
    assert result.report.unplaced == []


def test_the_invariant_can_fail(corpus, spec):
    """The checks see a loss: a result without the received amount and with a fixed text in
    Extra informatie is reported, not passed."""
    path = build("000_smart_limburg", "docx_tekens", corpus, spec)
    facts = source_facts(path)
    result = import_report(path, spec)
    values = {k: (None if isinstance(v, Bedrag) and k.startswith("ontvangen") else v) for k, v in result.submission.values.items()}
    fixed = next(p.text for p in facts.paragraphs if p.kind == "fixed" and len(p.text) > 60)
    values["extra_informatie"] = fixed
    broken = Result(type(result.submission)(values=values, aanwending=result.submission.aanwending), result.report)
    amounts = [(a.text, Decimal(a.euro)) for a in facts.amounts]
    assert lost_amounts(amounts, broken) == ["€ 81.739"]
    assert any("sjabloontekst in Extra informatie" in p for p in lost_paragraphs(facts, broken, spec))


# -- variants edited into the real seeds ------------------------------------------------------


def seed_amounts(text: str) -> list[tuple[str, Decimal]]:
    out = []
    for m in MARKED.finditer(text):
        value = amount_value(m.group())
        if isinstance(value, Bedrag) and value.euro is not None:
            out.append((m.group(), value.euro))
    return out


SEED_HEADER = "vanuit SWV:   PO3104 (WM)        PO3105 (MH)     PO3106 (PS) "
SEED_ROW = "(basisbedrag en uitkering reserve) €        €  81.739,- €        "
PM_LINE = "4.  €  74.179 tbv"
PM_TEXT = ("5.  €  PM tbv Inzet externe expertise\n\n"
           "De kosten hangen af van de aanvragen in het voorjaar.\n\n"
           "Zodra die bekend zijn, stellen we het bedrag vast.\n\n")


def seed_variants() -> dict[str, tuple[str, dict[str, Any]]]:
    """name -> (text of seed 000, the fields that differ from its fixture and their values)."""
    text = seed_text("000_smart_limburg")
    ticks = text.replace(SEED_HEADER, "vanuit SWV: ☐ PO3104 (WM) ☒ PO3105 (MH) ☐ PO3106 (PS)")
    extra_column = ticks.replace(SEED_ROW, "(basisbedrag en uitkering reserve) €        €  81.739,- €        €  ")
    moved = text.replace(SEED_ROW, "(basisbedrag en uitkering reserve) €  81.739,- €        €        €  ")
    moved = moved.replace(SEED_HEADER, "vanuit SWV: ☐ PO3104 (WM) ☒ PO3105 (MH) ☐ PO3106 (PS)")
    typos = text.replace("De inhoud van het ondersteuningsplan is leidend", "De inhoud van het ondersteunings-\nplan is leidend")
    typos = typos.replace("geeft de wijze aan waarop", "geeft de wijze aan warop")
    return {
        "vinkjes_in_de_kop": (ticks, {}),
        "extra_eurokolom": (extra_column, {}),
        "extra_eurokolom_bedrag_vooraan": (moved, {}),
        "sjabloontekst_met_tikfouten": (typos, {}),
    }


@pytest.mark.parametrize("name", sorted(seed_variants()))
def test_seed_variant_loses_nothing(name, tmp_path, spec):
    text, changed = seed_variants()[name]
    result = imported(tmp_path, name, text)
    want = load_example("000_smart_limburg", spec)
    assert lost_amounts(seed_amounts(text), result) == []
    assert differences(result.submission, want, spec) == sorted(changed, key=[f.id for f in spec.fields].index)
    assert ticked(result) == ("PO3105",)
    if "☒" in text:  # the ticks in the table's header say it, not the money
        assert result.report.fields["regios"].status == FOUND
    assert result.submission["extra_informatie"] is None and result.report.extra == []
    assert result.report.unplaced == []


def test_seed_with_a_pm_line_and_its_explanation(tmp_path, spec):
    text = seed_text("000_smart_limburg").replace(PM_LINE, PM_TEXT + PM_LINE)
    result = imported(tmp_path, "pm", text)
    pm = [ln for ln in result.submission.aanwending if isinstance(ln.bedrag, Bedrag) and ln.bedrag.pm]
    assert [(ln.omschrijving, ln.values["toelichting"]) for ln in pm] == [(
        "Inzet externe expertise",
        "De kosten hangen af van de aanvragen in het voorjaar. Zodra die bekend zijn, stellen we het bedrag vast.")]
    assert lost_amounts(seed_amounts(text), result) == []
    assert result.submission["extra_informatie"] is None and result.report.extra == []


def test_an_amount_without_a_column_is_a_warning_that_quotes_it(tmp_path, spec):
    """Two amounts in the middle of a row with four amount columns and no ticks anywhere: they
    fit under the three regions in two ways, so neither can be placed."""
    text = seed_text("000_smart_limburg").replace(SEED_ROW, "(basisbedrag en uitkering reserve) €  €  1.000 €  81.739,- €  ")
    result = imported(tmp_path, "zonderkolom", text)
    warnings = [f for f in result.report.findings if f.code == "I070"]
    assert [re.search(r"'(€[^']*)'", f.message).group(1) for f in warnings] == ["€ 1.000", "€ 81.739,-"]
    assert all("regel 390" in f.message and f.severity == "waarschuwing" for f in warnings)
    assert lost_amounts(seed_amounts(text), result) == []
    assert result.submission["extra_informatie"] is None
