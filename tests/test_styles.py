"""The text measures the writers size columns and rows with (io/styles.py). The shortcuts that
make the overview quick to write must give exactly what measuring every word gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xltoolkit.io.styles import always_fits, never_fits, text_width, wrapped_lines

WORDS = st.lists(st.text(alphabet="aW€0 .-@—iéñ中", min_size=1, max_size=14), min_size=0, max_size=60)
TEXTS = st.builds(lambda parts, sep: sep.join(parts), WORDS, st.sampled_from([" ", "\n", " \n", "  "]))
WIDTHS = st.floats(min_value=2.0, max_value=120.0, allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, width=WIDTHS, most=st.integers(min_value=1, max_value=12))
def test_counting_stops_at_most_without_changing_what_the_caller_shows(text, width, most):
    """`most` may only cut the counting short: below it the count is the full count."""
    full = wrapped_lines(text, width)
    capped = wrapped_lines(text, width, most=most)
    assert min(capped, most) == min(full, most)
    assert capped <= full


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=80),
       width=WIDTHS, bold=st.booleans())
def test_a_text_no_longer_than_always_fits_is_one_line(text, width, bold):
    """The shortcut is only taken when even the widest characters would fit."""
    if len(text) <= always_fits(width):
        assert text_width(text, bold=bold) <= width + 1e-6
        assert wrapped_lines(text, width, bold=bold) == 1


def test_a_long_narrative_is_counted_up_to_the_cap():
    text = " ".join(["ontwikkelingsperspectief"] * 400)
    assert wrapped_lines(text, 30) > 100
    assert 10 <= wrapped_lines(text, 30, most=10) < 20


def test_always_fits_holds_for_the_widest_character_in_bold():
    """The bound is tight where it matters: the widest character, bold, exactly that many times."""
    for tenth in range(20, 1200):
        width = tenth / 10
        n = always_fits(width)
        assert text_width("@" * n, bold=True) <= width + 1e-6
        assert text_width("@" * (n + 1), bold=True) > width  # and not more cautious than needed


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), min_size=1, max_size=400),
       width=WIDTHS, bold=st.booleans(), size=st.sampled_from([9, 10, 11, 12, 16]))
def test_a_text_longer_than_never_fits_does_not_fit(text, width, bold, size):
    """The other shortcut: a paragraph longer than never_fits is not measured, because even the
    narrowest characters would not fit on one line."""
    if len(text) > never_fits(width, bold, size):
        assert text_width(text, bold=bold, size=size) > width + 1e-6


def test_never_fits_holds_for_the_narrowest_character():
    """Tight where it matters: the narrowest character, plain, exactly that many times fits, one more does not."""
    for tenth in range(20, 1200):
        width = tenth / 10
        n = never_fits(width)
        assert text_width("'" * n) <= width + 1e-6
        assert text_width("'" * (n + 1)) > width + 1e-6
