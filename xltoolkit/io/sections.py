"""The sheets of the template's sections: header fields, narratives, key figures, process parts.

Layout follows the official document: the section's fixed text first (grey, locked), then per
field its label, a help line and the input cell. Every input is named after its spec field.
"""

from __future__ import annotations

from typing import Any

from xltoolkit.io.formulas import MONEY_ERROR, empty_test, money_entry
from xltoolkit.io.names import MARKS_NAME
from xltoolkit.io.sheet import FIRST_COL, LAST_COL, SheetWriter, text_height
from xltoolkit.model.values import Indicatoren, Unreadable
from xltoolkit.spec import Field, Section, TemplateSpec

SHORT_COL, SHORT_COL_END = 2, 4  # C:E for short inputs
NARRATIVE_MIN_LINES = 6


def write_section(sw: SheetWriter, spec: TemplateSpec, section: Section, values: dict[str, Any], lists: dict[str, str]) -> None:
    part = spec.part(section.part)
    sw.title(section.title, " — ".join(x for x in (part.title, part.subtitle) if x))
    if section.kind == "process" and part.intro and section == spec.process_sections[0]:
        for block in spec.fixed_texts[part.intro].blocks:
            sw.paragraph(block.text)
        sw.gap()
    for text in section.intro:
        sw.paragraph(text)
    if section.intro:
        sw.gap()
    for f in section.fields:
        write_field(sw, spec, f, values.get(f.id), lists)
    if section.kind == "process":
        write_indicator_list(sw, spec, section)


def write_field(sw: SheetWriter, spec: TemplateSpec, f: Field, value: Any, lists: dict[str, str]) -> None:
    label = f"Kengetal (optioneel) — {f.label}" if f.kengetal else f.label
    if f.type == "narrative":
        sw.label(label + ("" if f.required or "optioneel" in label else " (optioneel)"))
        if f.intro:
            sw.paragraph(f.intro)
        sw.help_line(f.help)
        text = value.tekst if isinstance(value, Unreadable) else value
        height = text_height(text, min_lines=NARRATIVE_MIN_LINES)
        r, c = sw.input_cell(f.id, f.type, value, sw.st.narrative_input, FIRST_COL, LAST_COL, height)
    elif f.type == "regions":
        r, c = write_regions(sw, spec, f, value, lists)
    elif f.type == "indicators":
        r, c = write_indicators(sw, spec, f, value, lists)
    else:
        r, c = write_short(sw, spec, f, label, value, lists)
    mark_on_fout(sw, f.id, r, c, r, _last_col(spec, f, c))
    if f.required:
        mark_if_empty(sw, spec, f, r, c)
    sw.gap()


def write_short(sw: SheetWriter, spec: TemplateSpec, f: Field, label: str, value: Any, lists: dict[str, str]) -> tuple[int, int]:
    st = sw.st
    fmt = {
        "money": st.money_input, "count": st.count_input, "percentage": st.percent_input,
        "yesno": st.choice_input,
    }.get(f.type, st.text_input)
    sw.ws.write_string(sw.row, FIRST_COL, label, st.label)
    sw.ws.merge_range(sw.row, SHORT_COL_END + 1, sw.row, LAST_COL, f.help, st.help)
    sw.ws.set_row(sw.row, max(text_height(label, 30), text_height(f.help, 50)))
    end = SHORT_COL_END if f.type in ("text", "schooljaar") else SHORT_COL
    r, c = sw.input_cell(f.id, f.type, value, fmt, SHORT_COL, end)
    if f.type == "money":
        sw.cents(r, c, r, c)
    add_validation(sw, spec, f, r, c, lists)
    return r, c


def write_regions(sw: SheetWriter, spec: TemplateSpec, f: Field, value: Any, lists: dict[str, str]) -> tuple[int, int]:
    st = sw.st
    sw.ws.write_string(sw.row, FIRST_COL, f.label, st.label)
    for i, region in enumerate(spec.regions):
        sw.ws.write_string(sw.row, SHORT_COL + i, region.label, st.subtitle)
    sw.ws.set_row(sw.row, 42)
    sw.row += 1
    r = sw.row
    sw.ws.merge_range(r, SHORT_COL + len(spec.regions), r, LAST_COL, f.help, st.help)
    ticked = value if isinstance(value, tuple) else None
    for i, region in enumerate(spec.regions):
        cell_value: bool | Unreadable | None = None if ticked is None else (region.code in ticked)
        if isinstance(value, Unreadable) and i == 0:
            cell_value = value
        sw.write_value(r, SHORT_COL + i, "yesno", cell_value, st.choice_input)
    sw.ws.set_row(r, 30)
    sw.name(f.id, r, SHORT_COL, r, SHORT_COL + len(spec.regions) - 1)
    sw.ws.data_validation(r, SHORT_COL, r, SHORT_COL + len(spec.regions) - 1, {
        "validate": "list", "source": lists["yesno"],
        "input_title": "Scholen in deze regio?", "input_message": "Kies Ja of Nee.",
        "error_title": "Ja of Nee", "error_message": "Kies Ja of Nee uit de lijst.",
    })
    sw.row += 1
    return r, SHORT_COL


def write_indicators(sw: SheetWriter, spec: TemplateSpec, f: Field, value: Any, lists: dict[str, str]) -> tuple[int, int]:
    st = sw.st
    lo, hi = f.indicator_range  # type: ignore[misc]
    slots = spec.settings.indicator_slots
    sw.label(f.label, f.help)
    r = sw.row
    sw.ws.write_string(r, FIRST_COL, f"Nummer(s) ({lo} t/m {hi}):", st.label)
    cells = indicator_cells(value, slots)
    for i in range(slots):
        sw.write_value(r, FIRST_COL + 1 + i, "indicators", cells[i], st.choice_input)
    sw.name(f.id, r, FIRST_COL + 1, r, FIRST_COL + slots)
    nvt = " of n.v.t." if f.relevance else ""
    message = f"Kies een nummer van {lo} t/m {hi}{nvt}; de indicatoren staan onder aan dit blad."
    sw.ws.data_validation(r, FIRST_COL + 1, r, FIRST_COL + slots, {
        "validate": "list", "source": lists[f"ind_{f.section}"],
        "input_title": f"Indicator {lo} t/m {hi}", "input_message": _fit(message + " " + _indicator_digest(spec, lo, hi), 255),
        "error_title": "Nummer buiten de lijst", "error_message": _fit(f"Dit hoofdonderdeel heeft de indicatoren {lo} t/m {hi}{nvt}.", 255),
    })
    sw.row += 1
    return r, FIRST_COL + 1


def indicator_cells(value: Any, slots: int) -> list[Any]:
    """Chosen numbers spread over the slots; more numbers than slots share the last one."""
    cells: list[Any] = [None] * slots
    if isinstance(value, Unreadable):
        cells[0] = value
    elif isinstance(value, Indicatoren):
        if value.nvt:
            cells[0] = "n.v.t."
        else:
            nums = list(value.nummers)
            head, tail = nums[: slots - 1], nums[slots - 1 :]
            cells[: len(head)] = head
            if tail:
                cells[slots - 1] = tail[0] if len(tail) == 1 else ", ".join(str(n) for n in tail)
    return cells


def write_indicator_list(sw: SheetWriter, spec: TemplateSpec, section: Section) -> None:
    lo, hi = section.indicators  # type: ignore[misc]
    sw.heading(f"Procesindicatoren {lo} t/m {hi}")
    for n in range(lo, hi + 1):
        sw.ws.write_number(sw.row, FIRST_COL, n, sw.st.fixed_bold)
        sw.ws.merge_range(sw.row, FIRST_COL + 1, sw.row, LAST_COL, spec.indicators[n], sw.st.fixed)
        sw.ws.set_row(sw.row, text_height(spec.indicators[n], 95))
        sw.row += 1


def add_validation(sw: SheetWriter, spec: TemplateSpec, f: Field, r: int, c: int, lists: dict[str, str]) -> None:
    cell = sw.cell(r, c)
    rules: dict[str, dict[str, Any]] = {
        "money": {"validate": "custom", "value": money_entry(cell), "error_message": MONEY_ERROR},
        "count": {"validate": "integer", "criteria": ">=", "value": 0, "error_message": "Vul een aantal van 0 of meer in."},
        "percentage": {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
                       "error_message": "Vul een percentage van 0% tot en met 100% in."},
        "yesno": {"validate": "list", "source": lists["yesno"], "error_message": "Kies Ja of Nee."},
        "schooljaar": {
            "validate": "custom",
            "value": f'=AND(LEN({cell})=9,MID({cell},5,1)="-",VALUE(RIGHT({cell},4))-VALUE(LEFT({cell},4))=1)',
            "error_message": "Vul het schooljaar in als JJJJ-JJJJ met twee opeenvolgende jaren, bijvoorbeeld 2023-2024.",
        },
    }
    rule = rules.get(f.type)
    if not rule:
        return
    sw.ws.data_validation(r, c, r, c, {
        **rule, "ignore_blank": True,
        "input_title": _fit(f.label, 32), "input_message": _fit(f.help, 255),
        "error_title": _fit(f.label, 32),
    })


def _last_col(spec: TemplateSpec, f: Field, c: int) -> int:
    return {
        "regions": c + len(spec.regions) - 1,
        "indicators": c + spec.settings.indicator_slots - 1,
        "narrative": LAST_COL,
        "text": SHORT_COL_END,
        "schooljaar": SHORT_COL_END,
    }.get(f.type, c)


def mark_if_empty(sw: SheetWriter, spec: TemplateSpec, f: Field, r: int, c: int) -> None:
    """Conditional format: a required field that is still empty gets a red dashed border on its
    yellow (the legend on Start explains it); red fill is kept for a fout found by Valideren."""
    sw.ws.conditional_format(r, c, r, _last_col(spec, f, c),
                             {"type": "formula", "criteria": "=" + empty_test(f, spec), "format": sw.st.empty_required})


def mark_on_fout(sw: SheetWriter, key: str, r1: int, c1: int, r2: int, c2: int, by_row: bool = False) -> None:
    """Conditional format: red when validation listed `key` in the hidden list of marks.

    Highlights are data, not formatting: validation writes the keys of what has a fout into
    the list; clearing them is writing the list anew. Nothing of the input cell changes.
    """
    test = f'"{key}@"&ROW()' if by_row else f'"{key}"'
    sw.ws.conditional_format(r1, c1, r2, c2, {
        "type": "formula", "criteria": f"=COUNTIF({MARKS_NAME},{test})>0", "format": sw.st.highlight, "stop_if_true": True,
    })


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _indicator_digest(spec: TemplateSpec, lo: int, hi: int) -> str:
    return " | ".join(f"{n} {spec.indicators[n]}" for n in range(lo, hi + 1))
