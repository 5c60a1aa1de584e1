"""Run the `xltoolkit` command line in the test process (typer's CliRunner), as a user would see it.

A subprocess per CLI test costs a fresh interpreter and every import (seconds each); in-process
it costs only the command's own work. `run` answers like `subprocess.run(..., text=True)` did
(returncode, stdout, stderr), so a test reads the same either way. What differs from a real
process is made safe here: the working directory and environment are set for the run and put
back after it, an exception that escapes the command becomes a traceback on stderr and exit code
1 (what the interpreter would print); stdout is strict UTF-8 and stderr replaces what it cannot
encode, as Python does on a pipe. A few tests still
start the real script (tests/test_cli.py's smoke tests, start-up and concurrency tests): the
entry point, `python -m xltoolkit` and the process boundary are only tested that way.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

from typer.testing import CliRunner

# The installed script, for the tests that must run a real process.
EXE = shutil.which("xltoolkit") or str(Path(sys.executable).with_name("xltoolkit"))


def run(*args: str | Path, cwd: Path | str | None = None,
        env: Mapping[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """`xltoolkit ARGS` in this process; `cwd` and `env` (overrides) hold for this run only."""
    from xltoolkit.cli import app

    argv = [str(a) for a in args]
    runner = CliRunner(charset="utf-8")
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = runner.invoke(app, argv, env=env, catch_exceptions=True, prog_name="xltoolkit")
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["xltoolkit", *argv], result.exit_code, result.stdout, stderr)


def run_process(*args: str | Path, cwd: Path | str | None = None, timeout: float = 300,
                **kwargs) -> subprocess.CompletedProcess:
    """`xltoolkit ARGS` as a real process (the installed script), for the smoke tests."""
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout, **kwargs)

