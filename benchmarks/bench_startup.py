"""How fast commands start (issue 15), whole processes, measured side by side in ONE run.

    python benchmarks/bench_startup.py [--rounds 7]

Times `xltoolkit --help`, `xltoolkit --version` and `xltoolkit validate FILE --json` (FILE: an
example board saved as a workbook) against `python -c "import pandas"` and
`python -c "import pandas, pandera"`. Each round runs every command once, in turn, so a machine
that slows down (it is shared) slows all of them alike; the figures are medians over the rounds
and each ratio is the median of the ratios round by round. Goals: `--help` and `--version` at most
0.5x `import pandas`; `validate FILE` at most 1.5x `import pandas, pandera`. Prints figures; it is
not a test (tests/test_startup.py checks what is imported).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
GOALS: list[tuple[str, str, float | None]] = [
    ("--help", "import pandas", 0.5), ("--version", "import pandas", 0.5), ("validate FILE", "import pandas, pandera", 1.5),
    ("import xltoolkit.cli", "import pandas", None),  # no goal of its own: the first measurement (2.6x)
]


def xltoolkit() -> list[str]:
    """The installed command of THIS Python's environment, as a user runs it: the script beside the
    interpreter (not whatever `xltoolkit` PATH finds first: a pyenv shim, itself a shell script that
    starts pyenv, adds its own start-up to every figure), else the module."""
    here = Path(PY).parent
    for name in ("xltoolkit", "xltoolkit.exe"):
        if (here / name).is_file():
            return [str(here / name)]
    return [PY, "-m", "xltoolkit"]


def commands(workbook: Path) -> dict[str, list[str]]:
    cli = xltoolkit()
    return {
        "python -c pass": [PY, "-c", "pass"],
        "import pandas": [PY, "-c", "import pandas"],
        "import pandas, pandera": [PY, "-c", "import pandas, pandera.pandas"],
        "import xltoolkit.cli": [PY, "-c", "import xltoolkit.cli"],
        "--help": [*cli, "--help"],
        "--version": [*cli, "--version"],
        "validate FILE": [*cli, "validate", str(workbook), "--json"],
    }


def run(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def example_workbook(folder: Path) -> Path:
    from xltoolkit.examples import example_names, load_example
    from xltoolkit.io import save
    from xltoolkit.spec import load_spec

    name = example_names()[0]
    return save(load_example(name, load_spec()), folder / f"{name}.xlsx", load_spec())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_startup_") as tmp:
        cmds = commands(example_workbook(Path(tmp)))
        for cmd in cmds.values():  # warm-up: the disk cache and .pyc files, not counted
            run(cmd)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(args.rounds):
            for name, cmd in cmds.items():
                times[name].append(run(cmd))
    print(f"Python {sys.version.split()[0]}, {args.rounds} rounds, whole processes (medians)")
    for name, ts in times.items():
        print(f"  {name:<24} {statistics.median(ts):6.3f} s   (min {min(ts):.3f}, max {max(ts):.3f})")
    print()
    for ours, theirs, goal in GOALS:
        ratio = statistics.median(a / b for a, b in zip(times[ours], times[theirs]))
        verdict = "" if goal is None else f"  (goal <= {goal}x: {'ok' if ratio <= goal else 'MISSED'})"
        label = f'python -c "{ours}"' if ours.startswith("import") else f"xltoolkit {ours}"
        print(f"  {label:<32} / python -c \"{theirs}\": {ratio:4.2f}x{verdict}")


if __name__ == "__main__":
    main()
