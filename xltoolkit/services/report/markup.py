"""Markdown and HTML: the content model laid out by the jinja2 templates in `templates/`.

The templates ship as package data (`xltoolkit.templates`). HTML is escaped automatically; the
stylesheet (rapport.css) is embedded, so the .html is one self-contained file that prints well.
Markdown is not escaped, so a board's text stays verbatim; only what Markdown would misread at
the start of a line (a heading mark, a quote mark, a rule) gets a backslash.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import jinja2
import markupsafe

from xltoolkit.services.report.model import Bundel, Rapport

_MD_LINE_RE = re.compile(r"^(?:#|>|[-=*_ ]{3,}$)")


@cache
def environment() -> jinja2.Environment:
    root = resources.files("xltoolkit.templates")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: root.joinpath(name).read_text(encoding="utf-8")),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md_regel"] = md_regel
    env.filters["md_vast"] = md_vast
    env.filters["md_cel"] = md_cel
    env.filters["css_tekst"] = css_tekst
    return env


def render_markdown(rapport: Rapport) -> str:
    return _tidy(environment().get_template("rapport.md.j2").render(r=rapport))


def render_html(rapport: Rapport) -> str:
    return environment().get_template("rapport.html.j2").render(r=rapport)


def render_bundel_markdown(bundel: Bundel) -> str:
    """Several boards in one Markdown file: a linked table of contents, a chapter per board."""
    return _tidy(environment().get_template("bundel.md.j2").render(b=bundel))


def render_bundel_html(bundel: Bundel) -> str:
    return environment().get_template("bundel.html.j2").render(b=bundel)


def _tidy(text: str) -> str:
    """At most one blank line between blocks, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def md_regel(line: str) -> str:
    """A line of a board's text, verbatim unless Markdown would take it for a heading, quote or rule."""
    return "\\" + line if _MD_LINE_RE.match(line) else line


def md_vast(text: str) -> str:
    """Fixed text and labels: their asterisks ("Terugploegregeling*") are literal, not emphasis."""
    return text.replace("*", "\\*")


def md_cel(text: str) -> str:
    """A table cell: a pipe would end the cell, a line break the row."""
    return md_vast(text).replace("|", "\\|").replace("\n", " ")


def css_tekst(text: str) -> markupsafe.Markup:
    """Text inside a CSS string ("..."): quotes, backslashes and "<" escaped the CSS way, so a
    board's name can neither end the string nor the <style> element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n' else c for c in text)
    return markupsafe.Markup(escaped)
