"""Money is exact, and Dutch notation is read and shown the Dutch way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xltoolkit.model.money import PM, Bedrag, decimal_from_cell, format_euro, machine_amount, parse_bedrag_text


@pytest.mark.parametrize(
    "text, euro",
    [
        ("€ 81.739,-", "81739"),
        ("€  81.739,-", "81739"),
        ("132.380,00", "132380.00"),
        ("1.631.099", "1631099"),
        ("€ 1.140", "1140"),
        ("€ 0", "0"),
        ("1,5", "1.5"),
        ("12,345", "12.345"),  # three decimals are kept, validation reports them
        ("€ 1.043.575,50", "1043575.50"),
        ("1.140 euro", "1140"),
        ("EUR 250", "250"),
        ("1234.50", "1234.50"),  # English decimal from an export
        ("1,631,099.00", "1631099.00"),
        ("€ -500", "-500"),
        ("81.739,--", "81739"),
    ],
)
def test_dutch_text_is_read_exactly(text, euro):
    assert parse_bedrag_text(text) == Bedrag(euro=Decimal(euro))


@pytest.mark.parametrize("text", ["PM", "pm", "€ PM", "p.m.", "P.M."])
def test_pm(text):
    assert parse_bedrag_text(text) == PM


@pytest.mark.parametrize("text", ["veel", "€ ", "1.2.3", "81.73.9", "n.v.t.", "1,2,3"])
def test_unreadable_text_is_none(text):
    assert parse_bedrag_text(text) is None


@pytest.mark.parametrize(
    "amount, shown",
    [(Decimal("1043575"), "€ 1.043.575"), (Decimal("81739.00"), "€ 81.739"), (Decimal("132380.5"), "€ 132.380,50"),
     (Decimal("0"), "€ 0"), (Decimal("-75"), "€ -75"), (Decimal("999"), "€ 999")],
)
def test_format_euro(amount, shown):
    assert format_euro(amount) == shown


def test_machine_amount_is_a_decimal_string():
    assert machine_amount(Decimal("81739")) == "81739.00"
    assert machine_amount(Decimal("0.005")) == "0.01"


def test_cell_floats_become_the_typed_decimal():
    assert decimal_from_cell(0.1 + 0.2) == Decimal("0.3")
    assert decimal_from_cell(81739.0) == Decimal("81739")
    assert decimal_from_cell(1631099.99) == Decimal("1631099.99")
    assert sum(decimal_from_cell(x) for x in [0.1] * 10) == Decimal("1.0")


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2))
def test_format_then_parse_round_trips(amount):
    assert parse_bedrag_text(format_euro(amount, cents=True)) == Bedrag(euro=amount)


def test_bedrag_is_either_amount_or_pm():
    with pytest.raises(ValueError):
        Bedrag(euro=Decimal(1), pm=True)
    with pytest.raises(ValueError):
        Bedrag()


@pytest.mark.parametrize("fraction, shown", [(Decimal("0.78"), "78%"), (Decimal("0.785"), "78,5%"), (Decimal("1"), "100%")])
def test_percentage_is_shown_the_dutch_way_and_read_back(fraction, shown):
    from xltoolkit.model.values import format_percentage, read_percentage

    assert format_percentage(fraction) == shown and read_percentage(shown) == fraction


@pytest.mark.parametrize("text, year", [("2023-2024", "2023-2024"), ("2023/2024", "2023-2024"), ("SCHOOLJAAR: 2023 – 24", "2023-2024"),
                                        ("23-24", "2023-2024"), ("geen jaar", None), ("groep 12345-6", None)])
def test_schooljaar_in_text(text, year):
    from xltoolkit.model.values import schooljaar_in

    assert schooljaar_in(text) == year
