"""Drive LibreOffice headless through UNO: open a workbook, recalculate, read or edit it.

Runs under the system Python that has LibreOffice's `uno` module (Debian: python3-uno), not the
project's interpreter, so tests call it as a subprocess (see tests/libreoffice/__init__.py).

    /usr/bin/python3 uno_probe.py JOB.json   ->  prints a JSON result

JOB: {"file": path, "ops": [...], "save_as": path | null}; ops are
    {"op": "recalc"}
    {"op": "names", "names": [..]}         -> {name: [[values row by row]]}
    {"op": "rename_sheet", "old": .., "new": ..}
    {"op": "insert_rows", "sheet": .., "before": row (1-based), "count": n}
    {"op": "move_sheet", "sheet": .., "to": index}
    {"op": "delete_sheet", "sheet": ..}
    {"op": "sheets"}                        -> [names]
    {"op": "basic_modules", "library": ..}  -> {"vba_mode": bool, "modules": {name: {"type": .., "source": ..}}}
                                               (None when the document has no such Basic library)
    {"op": "form_buttons", "sheet": ..}     -> [{"label": .., "events": [{"method": .., "type": .., "code": ..}]}]
    {"op": "charts"}                        -> {sheet: number of charts on it}
    {"op": "cell_kinds", "sheet": .., "cells": ["A1", ..]} -> [{"kind": "empty|value|text|formula", "text": ..}]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def start_office():
    profile = tempfile.mkdtemp(prefix="lo_profile_")
    pipe = f"xltoolkit_{uuid.uuid4().hex}"
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception as err:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("LibreOffice did not start") from err
            time.sleep(0.3)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, desktop, profile


def cell_value(cell):
    from com.sun.star.table.CellContentType import EMPTY, FORMULA, TEXT, VALUE  # type: ignore

    t = cell.getType()
    if t == EMPTY:
        return None
    if t == VALUE:
        return cell.getValue()
    if t == TEXT:
        return cell.getString()
    if t == FORMULA:
        if cell.getError():
            return {"error": cell.getError()}
        # FormulaResultType2: 1 value, 2 text
        return cell.getString() if cell.FormulaResultType2 == 2 else cell.getValue()
    return cell.getString()


def run(job):
    proc, desktop, profile = start_office()
    try:
        url = uno.systemPathToFileUrl(os.path.abspath(job["file"]))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True), prop("MacroExecutionMode", 0)))
        if doc is None:
            raise RuntimeError("LibreOffice could not open the file")
        out = {}
        for i, op in enumerate(job["ops"]):
            out[str(i)] = do(doc, op)
        if job.get("save_as"):
            target = uno.systemPathToFileUrl(os.path.abspath(job["save_as"]))
            doc.storeToURL(target, (prop("FilterName", job.get("filter", "Calc MS Excel 2007 XML")),))
        doc.close(True)
        return out
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


def do(doc, op):
    kind = op["op"]
    sheets = doc.Sheets
    if kind == "recalc":
        doc.calculateAll()
        return True
    if kind == "names":
        result = {}
        for name in op["names"]:
            if not doc.NamedRanges.hasByName(name):
                result[name] = None
                continue
            rng = doc.NamedRanges.getByName(name).getReferredCells()
            if rng is None:
                result[name] = None
                continue
            addr = rng.getRangeAddress()
            sheet = sheets.getByIndex(addr.Sheet)
            rows = []
            for r in range(addr.StartRow, addr.EndRow + 1):
                rows.append([cell_value(sheet.getCellByPosition(c, r)) for c in range(addr.StartColumn, addr.EndColumn + 1)])
            result[name] = rows
        return result
    if kind == "sheets":
        return list(sheets.getElementNames())
    if kind == "rename_sheet":
        sheets.getByName(op["old"]).setName(op["new"])
        return True
    if kind == "insert_rows":
        sheet = sheets.getByName(op["sheet"])
        sheet.getRows().insertByIndex(op["before"] - 1, op["count"])
        return True
    if kind == "move_sheet":
        sheets.moveByName(op["sheet"], op["to"])
        return True
    if kind == "delete_sheet":
        sheets.removeByName(op["sheet"])
        return True
    if kind == "unprotect_all":
        for name in sheets.getElementNames():
            sheets.getByName(name).unprotect("")
        return True
    if kind == "set_cell":
        sheet = sheets.getByName(op["sheet"])
        cell = sheet.getCellRangeByName(op["cell"])
        if "formula" in op:
            cell.setFormula(op["formula"])
        elif isinstance(op.get("value"), (int, float)):
            cell.setValue(op["value"])
        else:
            cell.setString(op.get("value", ""))
        return True
    if kind == "basic_modules":
        return basic_modules(doc, op["library"])
    if kind == "form_buttons":
        return form_buttons(sheets.getByName(op["sheet"]))
    if kind == "charts":
        return {name: sheets.getByName(name).getCharts().getCount() for name in sheets.getElementNames()}
    if kind == "cell_kinds":
        return cell_kinds(sheets.getByName(op["sheet"]), op["cells"])
    raise ValueError(f"unknown op {kind}")


def cell_kinds(sheet, refs):
    """What LibreOffice made of each cell: text stays text, a formula would show as "formula"."""
    from com.sun.star.table.CellContentType import EMPTY, FORMULA, TEXT, VALUE  # type: ignore

    kinds = ((EMPTY, "empty"), (VALUE, "value"), (TEXT, "text"), (FORMULA, "formula"))  # UNO enums are not hashable
    out = []
    for ref in refs:
        cell = sheet.getCellRangeByName(ref)
        kind = next((name for value, name in kinds if cell.getType() == value), "other")
        out.append({"kind": kind, "text": cell.getString()})
    return out


MODULE_TYPES = {0: "unknown", 1: "normal", 2: "class", 3: "form", 4: "document"}  # css.script.ModuleType


def basic_modules(doc, library):
    """The modules LibreOffice imported into a Basic library of the document (for a workbook's VBA
    project: the library "VBAProject"), with their kind and the source LibreOffice holds."""
    libraries = doc.BasicLibraries
    if not libraries.hasByName(library):
        return None
    libraries.loadLibrary(library)
    lib = libraries.getByName(library)
    modules = {}
    for name in lib.getElementNames():
        kind = MODULE_TYPES.get(lib.getModuleInfo(name).ModuleType) if lib.hasModuleInfo(name) else None
        modules[name] = {"type": kind, "source": lib.getByName(name)}
    return {"vba_mode": bool(libraries.VBACompatibilityMode), "modules": modules}


def form_buttons(sheet):
    """Every form-control button on the sheet's draw page, with the script events bound to it."""
    out = []
    for form_index in range(sheet.DrawPage.Forms.getCount()):
        form = sheet.DrawPage.Forms.getByIndex(form_index)
        for i in range(form.getCount()):
            control = form.getByIndex(i)
            if not control.supportsService("com.sun.star.form.component.CommandButton"):
                continue
            events = [{"method": e.EventMethod, "type": e.ScriptType, "code": e.ScriptCode}
                      for e in form.getScriptEvents(i)]
            out.append({"label": control.Label, "events": events})
    return out


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        job = json.load(fh)
    print(json.dumps(run(job)))
