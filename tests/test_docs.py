"""The documentation stays true to the project: every relative link in the README and in docs/
points at a file (and, with #anker, at a heading) that exists, and every `xltoolkit <commando>` it
names is a real command with only options that command has. Docs that drift are a defect a reader
finds the hard way, so they fail here first (as sqlite-utils checks its docs against its CLI)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main

from xltoolkit.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
INLINE = re.compile(r"(`+)(.+?)\1")
COMMAND = re.compile(r"(?<![\w./\[-])xltoolkit\s+(.*)")


def _doc_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


# -- links ---------------------------------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", text, re.M)}


def _without_code(text: str) -> str:
    return INLINE.sub("", FENCE.sub("", text))


def broken_links(path: Path, text: str | None = None) -> list[str]:
    """Every relative link of one Markdown file that points nowhere, as 'target (why)'."""
    text = path.read_text(encoding="utf-8") if text is None else text
    problems = []
    for target in LINK.findall(_without_code(text)):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            problems.append(f"{target} (bestaat niet)")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            problems.append(f"{target} (geen kop met dit anker)")
    return problems


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_every_relative_link_points_at_an_existing_file(doc):
    assert broken_links(doc) == []


def test_the_link_check_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a.md").write_text("# Kop een\n", encoding="utf-8")
    text = ("[goed](a.md#kop-een) [weg](b.md) ![plaatje](img/x.png) [anker](a.md#kop-twee) "
            "[extern](https://example.org) `[code](nergens.md)`")
    assert broken_links(tmp_path / "doc.md", text) == [
        "b.md (bestaat niet)", "img/x.png (bestaat niet)", "a.md#kop-twee (geen kop met dit anker)"]


def test_the_top_page_is_short_and_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme.splitlines()
    assert len(lines) <= 100
    first_block = FENCE.search(readme)
    assert first_block is not None and readme.index(first_block.group(0)) < readme.index("\n## ")
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "pip install ." in commands[0] and "xltoolkit demo" in commands[0] and commands[1] == ".ci/run"
    for doc in ("controller", "swv", "beheer", "ontwikkelaars", "begrippen"):
        assert f"(docs/{doc}.md)" in readme


# -- commands and options ------------------------------------------------------------------------


def _commands() -> dict[str, set[str]]:
    """Visible command -> its option names (long and short), from the real CLI."""
    group = typer.main.get_command(app)
    hidden = {c.name for c in app.registered_commands if c.hidden}
    return {
        name: {opt for p in cmd.params for opt in (*p.opts, *p.secondary_opts) if opt.startswith("-")} | {"--help"}
        for name, cmd in group.commands.items()  # type: ignore[attr-defined]
        if name not in hidden
    }


COMMANDS = _commands()
GLOBAL_OPTIONS = {opt for p in typer.main.get_command(app).params for opt in p.opts} | {"--help"}


def code_snippets(text: str) -> list[str]:
    """Each line of a fenced or indented code block, and each inline code span."""
    snippets = []
    for block in FENCE.findall(text):
        snippets += block.splitlines()
    rest = FENCE.sub("", text)
    snippets += [m.group(1) for m in re.finditer(r"^(?: {4}|\t)(\S.*)$", rest, re.M)]
    snippets += [m.group(2) for m in INLINE.finditer(rest)]
    return snippets


def _words(tail: str) -> list[str]:
    """The words of one command, up to a pipe, `&&`, `;` or a comment."""
    tail = re.split(r"\s#|\s\|\s|&&|;", tail.replace("\\|", "/"))[0]
    try:
        return shlex.split(tail)
    except ValueError:
        return tail.split()


def command_problems(text: str) -> list[str]:
    """Every `xltoolkit X --y` in the code of a text where X is no command or --y no option of X;
    also `X --y` spans that start with a command name (as in "`reconcile --write`")."""
    problems = []
    for snippet in code_snippets(text):
        found = COMMAND.search(snippet)
        if found:
            words = _words(found.group(1))
        else:
            words = _words(snippet.strip())
            if len(words) < 2 or words[0] not in COMMANDS or not words[1].startswith("--"):
                continue
        if not words:
            continue
        if words[0].startswith("-"):
            problems += [f"xltoolkit {w}" for w in words if w.startswith("-") and w not in GLOBAL_OPTIONS]
            continue
        name, args = words[0], words[1:]
        if name.startswith("{"):  # a placeholder in a catalogue message: `xltoolkit {commando}`
            continue
        if name not in COMMANDS:
            problems.append(f"xltoolkit {name} (geen commando)")
            continue
        for arg in args:
            option = arg.strip("[]").split("=")[0]
            if re.fullmatch(r"--?[A-Za-z][\w-]*", option) and option not in COMMANDS[name]:
                problems.append(f"xltoolkit {name} {option} (geen optie)")
    return problems


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_every_named_command_and_option_exists(doc):
    assert command_problems(doc.read_text(encoding="utf-8")) == []


def test_the_docs_name_every_command():
    text = "\n".join(doc.read_text(encoding="utf-8") for doc in DOCS)
    named = {m.group(1) for s in code_snippets(text) if (m := re.search(r"xltoolkit\s+([a-z]+)", s))}
    assert set(COMMANDS) <= named


def test_the_command_check_finds_wrong_commands_and_options():
    text = ("`xltoolkit merge MAP -o x.xlsx --format pdf`\n\n```bash\nxltoolkit meldingen -o a.md\n"
            "xltoolkit report W.xlsx [--format docx\\|pdf] [--bijlage]   # --niet-gecontroleerd\n```\n\n"
            "`validate --schrijf` en `xltoolkit --versie` en `pip install \"xltoolkit[word]\"`")
    assert command_problems(text) == [
        "xltoolkit meldingen (geen commando)", "xltoolkit merge --format (geen optie)",
        "xltoolkit validate --schrijf (geen optie)", "xltoolkit --versie"]
