"""The package layout is the architecture: spec → model → io → services → front-ends, and no import
runs upward or in a circle.

A newcomer reads the layers from the folder names; this test keeps them true. Each module's imports
are read with `ast` (module level and inside functions, except those under `TYPE_CHECKING`, which
are only for the type checker), and each import must point at the module's own layer or one below.
Cycles are checked among the imports that run when a module is loaded (module level): a cycle
there makes the import order matter and breaks the lazy start-up of the CLI.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from conftest import REPO

# The source folder of each installed package (pyproject.toml's package-dir).
ROOTS = {"xltoolkit": REPO / "xltoolkit", "xltoolkit.validation": REPO / "validation", "xltoolkit.addin": REPO / "addin"}

# Lowest first. A module belongs to the longest prefix listed.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("basis", ("xltoolkit", "xltoolkit.codes", "xltoolkit.findings", "xltoolkit.spec")),
    ("model", ("xltoolkit.model",)),
    ("io", ("xltoolkit.io", "xltoolkit.examples")),
    ("validation", ("xltoolkit.validation",)),  # frames point at the workbook's defined names (io)
    ("services", ("xltoolkit.services",)),
    ("front-ends", ("xltoolkit.cli", "xltoolkit.excel", "xltoolkit.addin", "xltoolkit.__main__")),
]


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, rank = len(p), i
    assert rank >= 0, f"{module} hoort bij geen laag: zet het in LAYERS"
    return rank


def modules() -> dict[str, Path]:
    return _modules(tuple(ROOTS.items()))


@cache
def _modules(roots: tuple[tuple[str, Path], ...]) -> dict[str, Path]:
    """Every module by name (cached per set of roots: the checks ask for each import)."""
    out = {}
    for package, root in roots:
        for path in root.rglob("*.py"):
            rel = path.relative_to(root).with_suffix("").parts
            name = ".".join((package, *rel[:-1])) if rel[-1] == "__init__" else ".".join((package, *rel))
            out[name] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports(module: str, path: Path, *, top_level_only: bool) -> list[tuple[int, str]]:
    """(line, imported module) for every import of our own packages in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    known = modules()
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            one(child, top)

    def one(child: ast.AST, top: bool) -> None:
        if isinstance(child, ast.If) and _is_type_checking(child):
            for sub in child.orelse:
                one(sub, top)
            return
        if isinstance(child, ast.Import) and (top or not top_level_only):
            found.extend((child.lineno, a.name) for a in child.names)
        elif isinstance(child, ast.ImportFrom) and (top or not top_level_only):
            base = child.module or ""
            if child.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - child.level + 1] + ([base] if base else []))
            # `from pkg import mod` imports the submodule (pkg itself is already loading); any other
            # name comes from pkg's own module
            subs = [f"{base}.{a.name}" for a in child.names if f"{base}.{a.name}" in known]
            found.extend((child.lineno, s) for s in subs)
            if len(subs) < len(child.names):
                found.append((child.lineno, base))
        visit(child, top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(tree, True)
    return [(line, name) for line, name in found if name in known]


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.as_posix()


def upward_imports() -> list[str]:
    out = []
    for module, path in sorted(modules().items()):
        mine = layer_of(module)
        for line, target in imports(module, path, top_level_only=False):
            if layer_of(target) > mine:
                out.append(f"{_shown(path)}:{line}: {LAYERS[mine][0]} importeert {target} ({LAYERS[layer_of(target)][0]})")
    return out


def cycles() -> list[list[str]]:
    """Strongly connected components (Tarjan) of more than one module in the load-time import graph.
    A package importing its own submodules (`__init__` re-exporting) is not a cycle by itself, but a
    submodule importing its package's `__init__` back is, when `__init__` imports it."""
    graph = {m: sorted({t for _, t in imports(m, p, top_level_only=True) if t != m}) for m, p in modules().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, []):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            strong(v)
    return out


def test_every_module_has_a_layer():
    for module in modules():
        layer_of(module)


def test_no_import_runs_upward():
    assert upward_imports() == []


def test_no_import_cycles_at_load_time():
    assert cycles() == []


def test_the_checks_can_fail(tmp_path, monkeypatch):
    """A model module importing a service, and two modules importing each other, are both caught."""
    root = tmp_path / "xltoolkit"
    (root / "model").mkdir(parents=True)
    (root / "services").mkdir()
    for d in (root, root / "model", root / "services"):
        (d / "__init__.py").write_text("")
    (root / "model" / "a.py").write_text("from xltoolkit.services import b\n")
    (root / "services" / "b.py").write_text("from xltoolkit.services import c\n")
    (root / "services" / "c.py").write_text("import xltoolkit.services.b\n")
    monkeypatch.setitem(ROOTS, "xltoolkit", root)
    monkeypatch.delitem(ROOTS, "xltoolkit.validation")
    monkeypatch.delitem(ROOTS, "xltoolkit.addin")
    assert any("xltoolkit/model/a.py:1" in p for p in upward_imports())
    assert ["xltoolkit.services.b", "xltoolkit.services.c"] in cycles()


@pytest.mark.parametrize("name, layer", [("xltoolkit.services.merge.read", "services"), ("xltoolkit.spec", "basis"),
                                         ("xltoolkit.validation.rules", "validation"), ("xltoolkit.addin.webapp", "front-ends")])
def test_layer_of(name, layer):
    assert LAYERS[layer_of(name)][0] == layer


def test_every_package_is_shipped():
    """`pip install .` ships only the packages pyproject.toml lists: a new folder of modules that is
    missing there works in an editable install and fails for every user."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {m for m, p in modules().items() if p.name == "__init__.py"}
    assert packages - listed == set()
