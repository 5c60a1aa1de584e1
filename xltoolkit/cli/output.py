"""How the CLI shows findings and amounts: one place, so every command looks the same."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Any

import typer

from xltoolkit.findings import Finding


class Format(StrEnum):
    """The report formats a command can write (`report --format`, `merge --report-format`)."""

    docx = "docx"
    pdf = "pdf"
    html = "html"
    md = "md"


SEVERITY_WORD = {"fout": "FOUT", "waarschuwing": "WAARSCHUWING", "info": "INFO"}


def print_findings(findings: list[Finding]) -> None:
    for f in findings:
        place = f.location or "-"
        typer.echo(f"  {SEVERITY_WORD[f.severity]:<13}{f.code:<6}{place:<34}{f.message}")


def print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

