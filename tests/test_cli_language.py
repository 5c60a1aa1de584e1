"""Every word the command line shows a user is Dutch: help of every command, usage lines and
the errors typer raises before a command runs (missing argument, bad choice, unknown option).

The check is a list of English words that a Dutch sentence never uses; option names (`--help`),
metavars and what the user typed (quoted) are taken out first, since they are not sentences.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from xltoolkit.cli import app
from xltoolkit.cli.language import translate

ENGLISH = {
    "usage", "options", "arguments", "commands", "show", "this", "message", "exit", "error",
    "missing", "invalid", "value", "required", "default", "try", "for", "such", "option",
    "possible", "not", "does", "exist", "directory", "path", "input", "should",
    "valid", "integer", "got", "unexpected", "aborted", "choose", "from", "mean", "file",
}
COMMANDS = [name for name, cmd in ((c.name, c) for c in app.registered_commands) if not cmd.hidden]


def english_words(text: str) -> set[str]:
    """English words in `text`, after removing option names, quoted input and file names."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)
    text = re.sub(r"(?<![\w])--?[\w-]+", " ", text)
    text = re.sub(r"\S+\.(?:xlsx|xlsm|csv|docx|pdf|md|html|txt)\b", " ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_the_word_list_catches_typer_english():
    """The check itself: typer's own English is found, so a passing run means something."""
    assert english_words("Usage: xltoolkit [OPTIONS]\nError: Missing argument 'FILE'.") >= {"Usage", "Error", "Missing"}
    assert english_words("--help  Show this message and exit.") >= {"Show", "message", "exit"}
    assert not english_words("Typ 'xltoolkit validate --help' voor hulp. Het werkboek (.xlsx) van een bestuur.")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_dutch(command):
    args = ["--help"] if command is None else [command, "--help"]
    code, out = run(*args)
    assert code == 0, out
    assert out.startswith("Gebruik: "), out
    assert not english_words(out), f"Engelse woorden in de hulp van {command or 'xltoolkit'}: {english_words(out)}\n{out}"


ERRORS = [
    ["validate"],  # missing argument
    ["merge", "x.xlsx"],  # missing required option
    ["validate", "--bestaat-niet", "x.xlsx"],  # unknown option
    ["valideer"],  # unknown command
    ["report", "x.xlsx", "--format", "rtf"],  # a choice that does not exist
    ["addin", "--port", "acht"],  # not a number
    ["codes", "een", "twee"],  # extra arguments
    ["build", "-o"],  # option without its value
]


@pytest.mark.parametrize("args", ERRORS, ids=[" ".join(a) for a in ERRORS])
def test_errors_are_dutch(args):
    code, out = run(*args)
    assert code == 2, out
    assert "Fout: " in out, out
    assert not english_words(out), f"Engelse woorden bij {' '.join(args)}: {english_words(out)}\n{out}"


def test_translate_keeps_what_it_does_not_know():
    assert translate("Iets onbekends.") == "Iets onbekends."
    assert translate("Invalid value for 'X': 'a' is not one of 'b', 'c'.") == \
        "Ongeldige waarde voor 'X': 'a' is geen geldige keuze; kies uit 'b', 'c'."


def test_old_command_name_still_works():
    """`meldingen` was the first name of `codes`: old scripts keep working, the help shows one name."""
    code, out = run("meldingen")
    assert code == 0 and "L001" in out
    assert "meldingen" not in run("--help")[1].split("Opdrachten")[-1]


def test_installed_command_speaks_dutch(tmp_path):
    """The real entry point (not only the test runner) shows errors in Dutch with exit code 2."""
    proc = subprocess.run([sys.executable, "-m", "xltoolkit", "validate"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    assert "Fout: Argument 'WERKBOEK' ontbreekt." in proc.stderr, proc.stderr


def test_the_cli_offers_exactly_the_formats_the_report_service_writes():
    """One list of formats: the CLI's choice (kept light for start-up) equals the service's."""
    from xltoolkit.cli.output import Format
    from xltoolkit.services.report.output import FORMATS

    assert tuple(f.value for f in Format) == FORMATS
