"""The command line's own words in Dutch: help headings, usage lines and error messages.

Our commands' help texts are Dutch already; what typer (and the click code it carries) prints
around them is English: "Usage", "Options", "Show this message and exit", "Missing argument",
"Invalid value for …". Typer passes some words through gettext, looked up at call time in each
module's `_`; `install` points those at the table below. The rest it writes itself: help and
usage go through `translate_text`, error messages through `translate` (by pattern) before
`DutchGroup` shows them. A word missing from the tables stays English, and the CLI's language
test (tests/test_cli_language.py) names it, instead of anything breaking.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from typer import Abort, TyperException, echo
from typer.core import TyperCommand, TyperGroup

# What typer passes through gettext (English message id -> Dutch); placeholders stay as they are.
DUTCH: dict[str, str] = {
    "Options": "Opties",
    "Arguments": "Argumenten",
    "Commands": "Opdrachten",
    "Error": "Fout",
    "required": "verplicht",
    "[required]": "[verplicht]",
    "default: {default}": "standaard: {default}",
    "[default: {}]": "[standaard: {}]",
    "env var: {var}": "omgevingsvariabele: {var}",
    "[env var: {}]": "[omgevingsvariabele: {}]",
    "(dynamic)": "(wisselend)",
    "(deprecated) ": "(verouderd) ",
    "Missing command.": "Geef een opdracht.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Aborted!": "Afgebroken.",
    "Aborted.": "Afgebroken.",
}

# Messages typer writes itself (no gettext), matched whole; {0}, {1} are the groups. Applied
# repeatedly, so "Invalid value for 'X': <inner>" translates the inner message too.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.DOTALL), d) for p, d in [
    (r"Value error, (.*)", "{0}"),
    (r"Invalid value for (.+?): (.*)", "Ongeldige waarde voor {0}: {1}"),
    (r"Invalid value: (.*)", "Ongeldige waarde: {0}"),
    (r"Missing argument (.+?)\. (.+)", "Argument {0} ontbreekt. {1}"),
    (r"Missing argument (.+?)\.", "Argument {0} ontbreekt."),
    (r"Missing option (.+?)\. (.+)", "Optie {0} ontbreekt. {1}"),
    (r"Missing option (.+?)\.", "Optie {0} ontbreekt."),
    (r"Missing parameter(?::)? ?(.*?)\.?", "Waarde {0} ontbreekt."),
    (r"No such option: (.+?) \(Possible options: (.+)\)", "Onbekende optie: {0}. Bedoelt u {1}?"),
    (r"No such option: (.+)", "Onbekende optie: {0}."),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", "Onverwachte extra invoer: {0}."),
    (r"(.*?) ?Did you mean (.+)\?", "{0} Bedoelt u {1}?"),
    (r"Option '(.+?)' requires an argument\.", "Optie '{0}' heeft een waarde nodig."),
    (r"Option '(.+?)' requires (\d+) arguments\.", "Optie '{0}' heeft {1} waarden nodig."),
    (r"Option '(.+?)' does not take a value\.", "Optie '{0}' neemt geen waarde."),
    (r"Could not open file (.+?): (.*)", "Kan bestand {0} niet openen: {1}"),
    (r"(.+) is not one of (.+)\.", "{0} is geen geldige keuze; kies uit {1}."),
    (r"(?:[Ff]ile|[Pp]ath|[Dd]irectory) ('.*') does not exist\.", "{0} bestaat niet."),
    (r"(?:[Ff]ile|[Pp]ath|[Dd]irectory) ('.*') is a file\.", "{0} is een bestand; geef een map."),
    (r"(?:[Ff]ile|[Pp]ath|[Dd]irectory) ('.*') is a directory\.", "{0} is een map; geef een bestand."),
    (r"(?:[Ff]ile|[Pp]ath|[Dd]irectory) ('.*') is not readable\.", "{0} is niet leesbaar."),
    (r"(?:[Ff]ile|[Pp]ath|[Dd]irectory) ('.*') is not writable\.", "{0} is niet schrijfbaar."),
    (r"Input should be a valid integer.*", "geen geheel getal."),
    (r"Input should be a valid number.*", "geen getal."),
    (r"Input should be a valid boolean.*", "geen ja/nee-waarde."),
    (r"Choose from:\s*(.*)", "Kies uit: {0}"),
    (r"Value must be an iterable\.", "Geef een of meer waarden."),
]]

# Fixed words typer writes into help and usage text without gettext.
_WORDS = [
    ("Usage: ", "Gebruik: "),
    ("Show this message and exit.", "Toon deze hulp en stop."),
    ("[OPTIONS]", "[OPTIES]"),
    ("COMMAND [ARGS]...", "OPDRACHT [ARGUMENTEN]..."),
    ("Try '", "Typ '"),
    ("' for help.", "' voor hulp."),
]


def gettext(message: str) -> str:
    return DUTCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def translate(message: str) -> str:
    """A message typer wrote itself, in Dutch when its pattern is known (else unchanged)."""
    text = message.strip()
    for _ in range(4):  # an outer message wraps at most a few inner ones
        for pattern, dutch in _PATTERNS:
            m = pattern.fullmatch(text)
            if m:
                groups = [g or "" for g in m.groups()]
                text = dutch.format(*(translate(g) if i else g for i, g in enumerate(groups))).strip()
                break
        else:
            return gettext(text)
    return text


# The type typer prints after an argument's name ("WERKBOEK <path>"): the Dutch name says it already.
_TYPE_AFTER_NAME = re.compile(r" <(?:path|list\[Path\]|str|int|float|bool|list\[str\])>")


def translate_text(text: str) -> str:
    """Help or usage text with typer's fixed English words replaced."""
    for english, dutch in _WORDS:
        text = text.replace(english, dutch)
    # Spaces of the same width, so the help column stays aligned.
    return _TYPE_AFTER_NAME.sub(lambda m: " " * len(m.group()), text)


def install() -> None:
    """Point the gettext hooks of typer's modules (and click's, if loaded) at the Dutch table.

    Done once, before a command runs; the modules look `_` up when they print, so this also
    covers help that was already built. Only modules whose `_` is the stdlib gettext are touched.
    """
    import gettext as stdlib

    for name, module in list(sys.modules.items()):
        if not (name == "typer" or name.startswith(("typer.", "click"))):
            continue
        _replace(module, "_", stdlib.gettext, gettext)
        _replace(module, "gettext", stdlib.gettext, gettext)
        _replace(module, "ngettext", stdlib.ngettext, ngettext)


def _replace(module: Any, attr: str, original: Callable[..., str], dutch: Callable[..., str]) -> None:
    if getattr(module, attr, None) is original:
        setattr(module, attr, dutch)


class DutchCommand(TyperCommand):
    """A command whose help and usage lines are Dutch."""

    def get_help(self, ctx: Any) -> str:
        return translate_text(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return translate_text(super().get_usage(ctx))


class DutchGroup(TyperGroup):
    """The `xltoolkit` group: Dutch help, and errors shown in Dutch instead of by typer."""

    def get_help(self, ctx: Any) -> str:
        return translate_text(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return translate_text(super().get_usage(ctx))

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        install()
        def run() -> Any:
            return super(DutchGroup, self).main(args, prog_name, complete_var, False, windows_expand_args, **extra)

        if not standalone_mode:
            return run()
        try:
            result = run()
        except TyperException as exc:
            show_error(exc)
            sys.exit(exc.exit_code)
        except Abort:
            echo(gettext("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def show_error(exc: TyperException) -> None:
    """What typer's `show` prints (usage, hint, message), in Dutch."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"Typ '{ctx.command_path} {ctx.help_option_names[0]}' voor hulp.\n"
        echo(f"{ctx.get_usage()}\n{hint}", err=True)
    echo(f"Fout: {translate(exc.format_message())}", err=True)
