"""Markdown and HTML: the content model laid out by the jinja2 templates in `templates/`.

The templates ship as package data (`xltoolkit.templates`). HTML is escaped automatically; the
stylesheet (rapport.css) is embedded, so the .html is one self-contained file that prints well.

Markdown keeps a board's text as typed wherever it can: it is read raw and edited further. Two
things are changed, only where Markdown would misread the text:

- what Markdown would take for structure at the start of a line (a heading mark, a quote mark,
  a rule) gets a backslash (`md_line`);
- HTML: Markdown viewers render inline HTML, so a board's "<script>" or "<img onerror=...>" would
  run in the SWV's viewer. Every value the Markdown templates print passes `md_html`, which
  writes "<" as "&lt;" where it would open a tag, comment or autolink, and "&" as "&amp;" where
  it would start an entity. "A&O", quotes, "< 5 leerlingen" and "5 > 3" stay as typed. It is
  applied once, to each printed value (the templates' own markup is not a value), so nothing is
  escaped twice.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import jinja2
import markupsafe

from xltoolkit.services.report.bijlage import Bijlage
from xltoolkit.services.report.model import Bundle, Report

_MD_LINE_RE = re.compile(r"^(?:#|>|[-=*_ ]{3,}$)")
_HTML_OPEN_RE = re.compile(r"<(?=[A-Za-z/!?])")  # a tag, closing tag, comment, declaration, PI or autolink
_ENTITY_RE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # "&lt;", "&#60;", "&#x3C;"; not "A&O" or "Q&A"


@cache
def environment() -> jinja2.Environment:
    """The environment of the HTML templates (escaped by jinja2)."""
    env = _environment(autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False))
    env.filters["css_tekst"] = css_text
    return env


@cache
def markdown_environment() -> jinja2.Environment:
    """The environment of the Markdown templates: every printed value passes `md_html` once.

    `finalize` escapes each value; returning it as Markup, with autoescape on, tells jinja2 it
    is done. A macro's output is Markup too (autoescape), so printing a macro, whose values were
    escaped inside it, does not escape them again."""
    return _environment(autoescape=True, finalize=_md_finalize)


def _environment(**options) -> jinja2.Environment:
    root = resources.files("xltoolkit.templates")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: root.joinpath(name).read_text(encoding="utf-8")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        **options,
    )
    env.filters["md_regel"] = md_line
    env.filters["md_vast"] = md_fixed
    env.filters["md_cel"] = md_cell
    return env


def _md_finalize(value: object) -> markupsafe.Markup:
    if isinstance(value, markupsafe.Markup):
        return value
    return markupsafe.Markup(md_html(str(value)))


def render_markdown(rapport: Report) -> str:
    return _tidy(markdown_environment().get_template("rapport.md.j2").render(r=rapport))


def render_html(rapport: Report) -> str:
    return environment().get_template("rapport.html.j2").render(r=rapport)


def render_bijlage_markdown(bijlage: Bijlage) -> str:
    """The annex "Bijlage analyse" as Markdown."""
    return _tidy(markdown_environment().get_template("bijlage.md.j2").render(b=bijlage))


def render_bijlage_html(bijlage: Bijlage) -> str:
    return environment().get_template("bijlage.html.j2").render(b=bijlage)


def render_bundle_markdown(bundel: Bundle) -> str:
    """Several boards in one Markdown file: a linked table of contents, a chapter per board."""
    return _tidy(markdown_environment().get_template("bundel.md.j2").render(b=bundel))


def render_bundle_html(bundel: Bundle) -> str:
    return environment().get_template("bundel.html.j2").render(b=bundel)


def _tidy(text: str) -> str:
    """At most one blank line between blocks, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def md_html(text: str) -> str:
    """Text that a Markdown viewer shows as typed instead of running it as HTML: "<" where it
    would open a tag becomes "&lt;", "&" where it would start an entity becomes "&amp;"."""
    return _HTML_OPEN_RE.sub("&lt;", _ENTITY_RE.sub("&amp;", text))


def md_line(line: str) -> str:
    """A line of a board's text, verbatim unless Markdown would take it for a heading, quote or rule."""
    return "\\" + line if _MD_LINE_RE.match(line) else line


def md_fixed(text: str) -> str:
    """Fixed text and labels: their asterisks ("Terugploegregeling*") are literal, not emphasis."""
    return text.replace("*", "\\*")


def md_cell(text: str) -> str:
    """A table cell: a pipe would end the cell, a line break the row."""
    return md_fixed(text).replace("|", "\\|").replace("\n", " ")


def css_text(text: str) -> markupsafe.Markup:
    """Text inside a CSS string ("..."): quotes, backslashes and "<" escaped the CSS way, so a
    board's name can neither end the string nor the <style> element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n' else c for c in text)
    return markupsafe.Markup(escaped)
