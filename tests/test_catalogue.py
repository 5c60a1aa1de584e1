"""The one catalogue of findings, and the reference page generated from it."""

from __future__ import annotations

import string

from conftest import REPO

from xltoolkit.findings import catalogue, catalogue_markdown, codes_module, make


def test_reference_page_is_up_to_date():
    page = REPO / "docs" / "controles.md"
    assert page.read_text(encoding="utf-8") == catalogue_markdown(), "run: xltoolkit codes -o docs/controles.md"


def test_code_type_is_up_to_date():
    """xltoolkit/codes.py is the catalogue as a type: mypy checks every make() call against it."""
    module = REPO / "xltoolkit" / "codes.py"
    assert module.read_text(encoding="utf-8") == codes_module(), "run: xltoolkit codes --python -o xltoolkit/codes.py"


def test_every_entry_is_well_formed():
    entries = catalogue()
    assert len(entries) >= 30
    for code, e in entries.items():
        assert code[0] in "LVRPMIK" and code[1:].isdigit() and len(code) == 4, code
        assert e.ernst in ("fout", "waarschuwing", "info"), code
        assert e.titel and e.tekst, code
        fields = {f for _, f, _, _ in string.Formatter().parse(e.tekst) if f}
        params = {k: "x" for k in fields - {"blad", "cel"}}
        assert make(code, sheet="Blad", cell="A1", **params).message, code


def test_message_without_cell_names_the_sheet():
    f = make("V005", sheet="Gegevens")
    assert "blad Gegevens" in f.message and "!" not in f.message
