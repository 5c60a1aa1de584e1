"""Every `make("CODE", ...)` in the code names a code of the catalogue and passes exactly the
placeholders of its message, checked before run time.

A wrong code or a misspelt parameter would otherwise fail only when that path runs (a KeyError in
the middle of a merge, or a message with a hole). The check reads the source with `ast`, so it
covers paths no other test reaches.
"""

from __future__ import annotations

import ast
import string
from dataclasses import dataclass

import pytest
from conftest import REPO

from xltoolkit.findings import catalogue

SOURCES = [REPO / "xltoolkit", REPO / "addin", REPO / "validation"]
LOCATION = {"sheet", "cell", "field"}  # make()'s own keywords: where the finding is, not message text
FILLED_BY_MAKE = {"blad", "cel"}  # placeholders make() fills from the location


@dataclass(frozen=True)
class Call:
    where: str
    code: str
    keywords: frozenset[str]
    splat: bool  # **params: the names are not known before run time


def make_calls(tree: ast.AST, where: str) -> list[Call]:
    """The calls of `make` (or `x.make`) with a literal code in `tree`."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name != "make" or not node.args or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
            continue
        keywords = frozenset(k.arg for k in node.keywords if k.arg is not None)
        splat = any(k.arg is None for k in node.keywords)
        out.append(Call(f"{where}:{node.lineno}", node.args[0].value, keywords, splat))
    return out


def all_calls() -> list[Call]:
    calls = []
    for root in SOURCES:
        for path in sorted(root.rglob("*.py")):
            calls += make_calls(ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(REPO)))
    return calls


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(calls: list[Call]) -> list[str]:
    cat = catalogue()
    out = []
    for c in calls:
        if c.code not in cat:
            out.append(f"{c.where}: {c.code} staat niet in de catalogus")
            continue
        wanted = placeholders(cat[c.code].tekst) - FILLED_BY_MAKE
        given = c.keywords - LOCATION
        if not wanted <= given and not c.splat:
            out.append(f"{c.where}: {c.code} mist {sorted(wanted - given)}")
        if given - wanted:
            out.append(f"{c.where}: {c.code} krijgt {sorted(given - wanted)}, die niet in de tekst staan")
    return out


def test_the_check_finds_wrong_codes_and_parameters():
    """The check itself can fail: an unknown code, a missing and an extra parameter are all caught."""
    code = next(iter(catalogue()))
    wanted = placeholders(catalogue()[code].tekst) - FILLED_BY_MAKE
    source = (f'make("X999")\n'
              f'make("{code}", **{{}})\n'
              f'make("{code}", {", ".join(f"{w}=1" for w in wanted)}{", " if wanted else ""}spelfout=1)\n')
    found = problems(make_calls(ast.parse(source), "voorbeeld.py"))
    assert any("X999 staat niet in de catalogus" in p for p in found)
    assert any("spelfout" in p for p in found)
    if wanted:
        assert problems(make_calls(ast.parse(f'make("{code}")'), "v.py")), "a missing parameter must be found"


def test_there_are_calls_to_check():
    assert len(all_calls()) > 100


@pytest.mark.parametrize("root", SOURCES, ids=lambda p: p.name)
def test_every_make_call_names_a_code_and_its_parameters(root):
    calls = [c for c in all_calls() if c.where.startswith(root.name)]
    assert problems(calls) == []
