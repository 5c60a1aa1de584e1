"""The ribbon's buttons, from one source: the workbook's own buttons in the spec
(`workbook.buttons`: caption and entry point) and the scripts in `custom_scripts`.

Each button is an xlwings `@script` whose metadata names the workbook button's macro, which is
also the entry point's name in `xltoolkit.excel` (`@script(macro="validate")`); its docstring is
the tooltip. The manifest, the task pane and
`static/js/ribbon.js` all take the list from `knoppen()`, so a ribbon button and the script it
runs cannot drift apart. A button whose entry point does not exist (yet) in `xltoolkit.excel` is
left out, so Excel never shows a button that cannot work.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from xlwings.server import custom_scripts_meta

import xltoolkit.excel as excel
from xltoolkit.spec import TemplateSpec, load_spec

GROEPEN = {"bestuur": "Verantwoording", "swv": "Samenwerkingsverband"}


@dataclass(frozen=True)
class Knop:
    script: str  # the @script function: also the manifest's FunctionName and Office.actions.associate name
    label: str
    tip: str
    groep: str  # a key of GROEPEN
    macro: str  # the spec's macro for the button: the entry point of that name in xltoolkit.excel

    @property
    def beschikbaar(self) -> bool:
        return callable(getattr(excel, self.macro, None))

    def als_json(self) -> dict[str, str]:
        return {"script": self.script, "label": self.label, "tip": self.tip, "groep": self.groep}


def alle_knoppen(scripts: ModuleType, spec: TemplateSpec | None = None, swv: bool = True) -> list[Knop]:
    """Every button, available or not, in the order of the spec; a spec button without a
    script is a programming error and fails loudly."""
    spec = spec or load_spec()
    per_macro = _scripts_per_macro(scripts)
    bronnen = [(b, "bestuur") for b in spec.workbook.buttons] + ([(b, "swv") for b in spec.workbook.swv_buttons] if swv else [])
    knoppen = []
    for knop, groep in bronnen:
        naam = per_macro.get(knop.macro)
        if naam is None:
            raise LookupError(f"geen @script(macro={knop.macro!r}) in custom_scripts voor de knop {knop.caption!r}")
        knoppen.append(Knop(naam, knop.caption, _tip(getattr(scripts, naam)), groep, knop.macro))
    return knoppen


def knoppen(scripts: ModuleType, spec: TemplateSpec | None = None, swv: bool = True) -> list[Knop]:
    """The buttons Excel shows: those whose entry point exists in xltoolkit.excel."""
    return [k for k in alle_knoppen(scripts, spec, swv) if k.beschikbaar]


def groepen(lijst: list[Knop]) -> list[dict[str, Any]]:
    """The ribbon groups in order, each with its buttons (a group without buttons is left out)."""
    return [{"id": g, "label": label, "knoppen": [k for k in lijst if k.groep == g]}
            for g, label in GROEPEN.items() if any(k.groep == g for k in lijst)]


def _scripts_per_macro(scripts: ModuleType) -> dict[str, str]:
    return {m["macro"]: m["function_name"] for m in custom_scripts_meta(scripts) if m.get("macro")}


def _tip(func: Any) -> str:
    """The first paragraph of the script's docstring, on one line (the ribbon's tooltip)."""
    doc = inspect.getdoc(func) or ""
    return " ".join(doc.split("\n\n")[0].split())
