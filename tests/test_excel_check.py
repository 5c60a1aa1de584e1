"""Every file the project writes opens in Excel and Word without a repair prompt, checked by
excel-check (../shared/tools/excel-check: Microsoft's Open XML SDK validator, the ISO 29500 schemas,
Excel's stricter rules and the VBA project; add-in manifests against the OfficeApp XSDs).

Why a validator: our writers (xlsxwriter for the workbooks and the overview, our own XML edits for
`--write`, python-docx for the reports, Jinja for the manifest) can each make a file that Python
reads back happily while Excel or Word "repairs" it, drops a part or refuses it. Only Microsoft's
rules see that, and only a run on the files as written proves them.

The files are made once per session, from the spec and the example boards plus two boards of our
own: everything a person can type (RAND) and the empty master as downloaded (LEEG). They are made
through the CLI's own commands (in-process, so no interpreter start per command), then checked in
ONE excel-check run, since each run starts .NET once. A second run, `--self-test`, breaks copies of
our own files and requires every pass to catch them: a checker that can no longer fail would
otherwise pass everything. It starts as soon as its files exist and runs beside the rest.
A missing or broken checker FAILS these tests, it never skips them. EXCEL_CHECK overrides the
checker's path (a relative path is taken from the repository root).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from test_compare import maak_vorig_jaar
from test_merge import maak_inleveringen, maak_register
from typer.testing import CliRunner

from xltoolkit.cli import app
from xltoolkit.examples import example_names, load_example
from xltoolkit.io import write_master
from xltoolkit.model.money import PM, Bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import Indicatoren, Unreadable
from xltoolkit.spec import TemplateSpec

pytestmark = pytest.mark.slow  # slow: skipped by the quick run (docs/ontwikkelaars.md#tests-en-benchmarks), CI runs it

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EXCEL_CHECK = REPO.parent / "shared" / "tools" / "excel-check" / "excel-check"
CHECK_TIMEOUT = 900  # seconds; a first run installs the checker's runtime from PyPI (.ci/run does that beforehand)

# The passes excel-check must have run on each kind of file: a pass it silently left out proves nothing.
PASSES = {
    ".xlsx": {"sdk", "xsd", "excel-rules"},
    ".xlsm": {"sdk", "xsd", "excel-rules", "vba"},
    ".docx": {"sdk", "xsd", "opc-rules"},
    ".xml": {"manifest"},
}

RAND = "randgevallen"  # everything a person can type into the workbook, in one board
LEEG = "leeg"  # the master as a board downloads it, nothing filled in yet
BESTUREN = [*example_names(), RAND, LEEG]
MACRO_BESTUREN = (RAND, LEEG)  # also as .xlsm: a --write must keep the VBA project and the buttons valid
REGISTER = "{register}"  # stands for the register of beschikkingen in a command
# check, fix, check again: the later --writes replace what the first wrote (the same code for any
# board, so only on REWRITE_BESTUREN)
REWRITE = "validate+reconcile+validate --write"
REWRITE_BESTUREN = (RAND, LEEG)
WRITEBACKS: dict[str, list[list[str]]] = {
    "validate --write": [["validate", "--write"]],
    "reconcile --write": [["reconcile", "--write", "--beschikkingen", REGISTER]],
    REWRITE: [["validate", "--write"], ["reconcile", "--write"], ["validate", "--write"]],
}
COMMITTED = sorted((REPO / "workbook").glob("*.xls[xm]"))
# --self-test's files: one of each kind, so each pass is shown to fail (sdk, xsd, excel-rules, vba; opc-rules; manifest)
SELF_TEST_BASES = ("werkboek/verantwoording-passend-onderwijs.xlsm", "report/000_smart_limburg.docx", "manifest/dev")


def _extensions(bestuur: str) -> tuple[str, ...]:
    return (".xlsx", ".xlsm") if bestuur in MACRO_BESTUREN else (".xlsx",)


def _writebacks(bestuur: str) -> list[str]:
    return [step for step in WRITEBACKS if step != REWRITE or bestuur in REWRITE_BESTUREN]


def _case_ids() -> list[str]:
    """Every file or group of files checked, named by the command that wrote it (known before any is made)."""
    ids = [f"werkboek/{p.name}" for p in COMMITTED] + ["manifest/dev", "manifest/prod"]
    for bestuur in BESTUREN:
        for ext in _extensions(bestuur):
            if bestuur != LEEG:  # the empty master is the committed workbook
                ids.append(f"gevuld/{bestuur}{ext}")
            ids += [f"{step}/{bestuur}{ext}" for step in _writebacks(bestuur)]
        ids.append(f"report/{bestuur}.docx")
    return [*ids, "merge -o/inleveringen", "merge --report/inleveringen", "merge -o/goed", "merge --vorig-jaar/goed"]


CASE_IDS = _case_ids()


def randgevallen(spec: TemplateSpec) -> Submission:
    """A board that types everything a cell takes: XML's special characters, emoji, leading and
    trailing spaces, tabs and blank lines, texts that look like formulas, a text of 32,000 characters,
    PM, negative and unreadable amounts, the largest amount, repeated indicators, and more aanwending
    lines than the table has rows, with split regions and categories of its own."""
    values = dict(load_example("901_drie_regios", spec).values)
    values.update({
        "bestuur": "Stichting <Onderwijs> & \"Zorg\" 'Zuid' 😀 — één",
        "namens_naam": "  spaties rondom  ",
        "namens_functie": "=1+1",
        "schooljaar": "23-24",
        "heeft_sbo_so": True,
        "ankerpunt_1": ("Een lange tekst met <tags> & \"aanhalingstekens\". " * 700)[:32000],
        "ankerpunt_2": "regel 1\nregel 2\n\n\tingesprongen\n  ",
        "ankerpunt_3": "@bestuur",
        "ankerpunt_4": "-geen-",
        "sop_ankerpunt_1": Decimal(0),
        "sop_ankerpunt_2": Decimal(1),
        "sop_ankerpunt_3": Decimal("0.3333"),
        "thuiszitters_aantal": 0,
        "teruggeplaatst_aantal": 100_000,
        "ontvangen_terugploeg_PO3104": PM,
        "ontvangen_terugploeg_PO3105": Bedrag(euro=Decimal(-5000)),
        "ontvangen_terugploeg_PO3106": Unreadable("veel", "bedrag"),
        "ontvangen_doelgroep_PO3104": Bedrag(euro=Decimal("999999999.99")),
        "ontvangen_doelgroep_PO3105": Bedrag(euro=Decimal(0)),
        "b_algemeen_nummers": Indicatoren((1, 1, 43)),
        "extra_informatie": '=HYPERLINK("http://example.org")',
    })
    categorieen = spec.lists.categories
    regels = tuple(
        Aanwendingsregel({
            "omschrijving": ["=SUM(A1)", "+31 6 1234", f"regel {i} <&>", None][i % 4],
            "bedrag": [Bedrag(euro=Decimal(i * 1000)), PM, Unreadable("zie bijlage", "bedrag"), Bedrag(euro=Decimal(-1))][i % 4],
            "regio": [None, "PO3104", spec.lists.split_region, "PO3106"][i % 4],
            "PO3104": Bedrag(euro=Decimal(i)) if i % 4 == 2 else None,
            "PO3105": None,
            "PO3106": None,
            "categorie": [categorieen[0], "eigen categorie <x>", None, categorieen[-1]][i % 4],
            "toelichting": "toelichting\nover twee regels" if i % 3 == 0 else None,
        })
        for i in range(spec.settings.aanwending_rows + 15)
    )
    return Submission(values=values, aanwending=regels)


def _submission(bestuur: str, spec: TemplateSpec) -> Submission | None:
    if bestuur == LEEG:
        return None
    return randgevallen(spec) if bestuur == RAND else load_example(bestuur, spec)


class CommandFailed(Exception):
    """A command that should have written a file did not: the case fails with this, not the session."""


def _xltoolkit(*args: Any) -> None:
    """Run one CLI command in-process, exactly as `xltoolkit ARGS` runs it (exit 1 = findings, a file is still written)."""
    argv = [str(a) for a in args]
    result = CliRunner().invoke(app, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tb = "".join(traceback.format_exception(*result.exc_info))
        raise CommandFailed(f"xltoolkit {' '.join(argv)} raised:\n{tb}")
    if result.exit_code not in (0, 1):
        raise CommandFailed(f"xltoolkit {' '.join(argv)} -> exit {result.exit_code}:\n{result.output}")


def _make(files: dict[str, list[Path] | str], case: str, build: Callable[[], list[Path]]) -> None:
    """Record the files `build` writes for `case`, or why it wrote none (so only that case fails)."""
    try:
        made = build()
    except CommandFailed as exc:
        files[case] = str(exc)
        return
    except Exception:  # noqa: BLE001 - a crash of one writer must not hide what the other writers made
        files[case] = f"writing {case} raised:\n{traceback.format_exc()}"
        return
    missing = [str(p) for p in made if not p.exists()]
    files[case] = made if made and not missing else f"{case}: the command wrote no file {missing or ''}"


def _writeback(source: Path, target: Path, commands: list[list[str]], register: Path) -> list[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    for command in commands:
        _xltoolkit(*[register if a == REGISTER else a for a in command], target)
    return [target]


def _report(source: Path, target: Path) -> list[Path]:
    """The report and, with --bijlage, its annex "Bijlage analyse": two Word documents to check."""
    _xltoolkit("report", source, "-o", target, "--bijlage")
    return [target, target.with_name(f"{target.stem}-bijlage{target.suffix}")]


def _merge(inputs: Path, overview: Path, *options: Any) -> list[Path]:
    _xltoolkit("merge", inputs, "-o", overview, *options)
    return [overview]


def _manifests(out: Path) -> dict[str, Path]:
    """The manifest as xlwings Server renders it (as tests/test_addin_manifest.py gets it): in dev mode
    with every ribbon group, and as a board's production deployment: Entra ID sign-in (the
    WebApplicationInfo block), no Samenvoegen group, behind an https proxy."""
    from addin_support import addin, client

    _, settings = addin()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
        web = client()
        made = {"manifest/dev": web.get("/manifest.xml")}
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(settings, "environment", "prod")
            mp.setattr(settings, "enable_samenvoegen", False)  # a board's deployment: no SWV group on the ribbon
            mp.setattr(settings, "auth_providers", ["entraid"])
            mp.setattr(settings, "auth_entraid_client_id", "11111111-2222-3333-4444-555555555555")
            mp.setattr(settings, "hostname", "invoegtoepassing.swv.example")
            made["manifest/prod"] = web.get("/manifest.xml", headers={"X-Forwarded-Proto": "https"})
    paths = {}
    for case, response in made.items():
        assert response.status_code == 200, (case, response.status_code, response.text[:500])
        paths[case] = out / f"manifest-{case.rsplit('/', 1)[1]}.xml"
        paths[case].write_bytes(response.content)
    return paths


class ExcelCheckMissing(Exception):
    """The checker is not where it should be: every test that needs it fails with this reason."""


def excel_check_path() -> Path:
    """The checker: EXCEL_CHECK, else ../shared/tools/excel-check/excel-check beside the repository
    (where CI's clean checkout has it too). Missing is a failure: CI must not pass without it."""
    configured = os.environ.get("EXCEL_CHECK")
    path = Path(configured).expanduser() if configured else DEFAULT_EXCEL_CHECK
    if not path.is_absolute():
        path = REPO / path
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise ExcelCheckMissing(f"excel-check not found or not executable at {path}"
                                + (" (from EXCEL_CHECK)" if configured else f"; set EXCEL_CHECK, or put it at {DEFAULT_EXCEL_CHECK}"))
    return path


@dataclass
class SelfTest:
    """The --self-test run, started in the background; its JSON goes to a file (a pipe could fill up)."""

    process: subprocess.Popen | None
    output: Path
    problem: str = ""  # why it did not start


def _start_self_test(files: dict[str, list[Path] | str], out: Path) -> SelfTest:
    """Start `excel-check --self-test` on SELF_TEST_BASES: it needs a minute of CPU, which the second
    core gives while this process makes and checks the other files."""
    output = out / "self-test.json"
    bases = [files[case] for case in SELF_TEST_BASES]
    unmade = [b for b in bases if not isinstance(b, list)]
    if unmade:
        return SelfTest(None, output, f"its base files were not made: {unmade}")
    try:
        argv = [str(excel_check_path()), "--json", "--self-test", *(str(b[0]) for b in bases)]
    except ExcelCheckMissing as exc:
        return SelfTest(None, output, str(exc))
    with output.open("wb") as stdout, (out / "self-test.stderr").open("wb") as stderr:
        return SelfTest(subprocess.Popen(argv, stdout=stdout, stderr=stderr, cwd=REPO), output)


@dataclass
class Written:
    files: dict[str, list[Path] | str]  # by case id: the paths, or why the command wrote none
    self_test: SelfTest


def _write_everything(out: Path, spec: TemplateSpec, self_tests: list[SelfTest]) -> dict[str, list[Path] | str]:
    """Every file the project writes, by case id; starts the self-test (into `self_tests`) as soon as its files exist."""
    files: dict[str, list[Path] | str] = {f"werkboek/{p.name}": [p] for p in COMMITTED}
    try:
        for case, path in _manifests(out).items():
            files[case] = [path]
    except Exception:  # noqa: BLE001 - only the manifest cases fail
        files["manifest/dev"] = files["manifest/prod"] = f"rendering the manifest raised:\n{traceback.format_exc()}"
    register = maak_register(out / "beschikkingen.csv")
    for bestuur in BESTUREN:
        source = out / "gevuld" / f"{bestuur}.xlsx"
        for ext in _extensions(bestuur):
            filled = write_master(source.with_suffix(ext), spec, _submission(bestuur, spec), xlsm=ext == ".xlsm")
            if bestuur != LEEG:
                files[f"gevuld/{bestuur}{ext}"] = [filled]
            for step in _writebacks(bestuur):
                target = out / step.replace(" ", "_") / f"{bestuur}{ext}"
                _make(files, f"{step}/{bestuur}{ext}", lambda t=target, c=WRITEBACKS[step], s=filled: _writeback(s, t, c, register))
        report = out / "report" / f"{bestuur}.docx"
        _make(files, f"report/{bestuur}.docx", lambda s=source, r=report: _report(s, r))
        if not self_tests and all(case in files for case in SELF_TEST_BASES):
            self_tests.append(_start_self_test(files, out))  # on the second core while the rest is made and checked

    # The SWV's folder as it arrives (good boards, broken files, doubles, an old template) plus the
    # board with every edge case, against the register, with the region reports (several boards in
    # one document): the overview with every sheet filled.
    root = out / "inleveringen"
    maak_inleveringen(root, spec)
    shutil.copyfile(out / "gevuld" / f"{RAND}.xlsx", root / "inleveringen" / f"{RAND}.xlsx")
    rapporten = out / "rapporten"
    _make(files, "merge -o/inleveringen", lambda: _merge(root / "inleveringen", out / "overzicht.xlsx",
                                                         "--beschikkingen", register, "--report", rapporten))
    merged = files["merge -o/inleveringen"]
    files["merge --report/inleveringen"] = (sorted(rapporten.glob("*.docx")) or "merge --report wrote no .docx") \
        if isinstance(merged, list) else merged
    # Only good boards, no register: the overview whose problem tables are empty.
    goed = out / "goed"
    goed.mkdir()
    for name in example_names():
        shutil.copyfile(out / "gevuld" / f"{name}.xlsx", goed / f"{name}.xlsx")
    _make(files, "merge -o/goed", lambda: _merge(goed, out / "overzicht-goed.xlsx"))
    # The same boards beside last year's (test_compare.py makes them): the sheet Vergelijking and its charts.
    vorig = maak_vorig_jaar(out / "vorig-jaar", spec)
    _make(files, "merge --vorig-jaar/goed", lambda: _merge(goed, out / "overzicht-vergelijking.xlsx", "--vorig-jaar", vorig))
    assert set(files) == set(CASE_IDS), set(files) ^ set(CASE_IDS)
    return files


def _stop(self_tests: list[SelfTest]) -> None:
    """Stop a self-test still running (it was deselected, or the files failed): never leave it behind."""
    for run in self_tests:
        if run.process is not None and run.process.poll() is None:
            run.process.kill()
            run.process.wait()


@pytest.fixture(scope="session")
def written(tmp_path_factory, spec) -> Iterator[Written]:
    """Every file the project writes, made once, with the self-test running beside it."""
    out = tmp_path_factory.mktemp("excel-check")
    self_tests: list[SelfTest] = []
    try:
        files = _write_everything(out, spec, self_tests)
    except BaseException:
        _stop(self_tests)
        raise
    yield Written(files, self_tests[0] if self_tests else SelfTest(None, out / "self-test.json", "never started"))
    _stop(self_tests)


def _parse(stdout: str, returncode: int, stderr: str) -> dict:
    """excel-check's --json output; a usage or setup error (exit 2) or no JSON fails the test."""
    if returncode not in (0, 1):
        pytest.fail(f"excel-check could not run (exit {returncode}): {stderr.strip() or stdout[-2000:]}")
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:
        pass
    pytest.fail(f"excel-check printed no JSON (exit {returncode}):\n{stdout[-2000:]}\n{stderr[-2000:]}")


@pytest.fixture(scope="session")
def checked(written) -> dict[str, dict]:
    """excel-check's result for every written file, by path: all of them in one run."""
    paths = [str(p) for made in written.files.values() if isinstance(made, list) for p in made]
    try:
        argv = [str(excel_check_path()), "--json", *paths]
    except ExcelCheckMissing as exc:
        missing = str(exc)
    else:
        missing = ""
    if missing:
        pytest.fail(missing)
    try:
        proc = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=CHECK_TIMEOUT, cwd=REPO)
    except subprocess.TimeoutExpired:
        proc = None
    if proc is None:
        pytest.fail(f"excel-check took longer than {CHECK_TIMEOUT} s on {len(paths)} files")
    report = _parse(proc.stdout, proc.returncode, proc.stderr)
    results = {r["path"]: r for r in report["files"]}
    unchecked = [p for p in paths if p not in results]
    assert not unchecked, f"excel-check gave no result for {unchecked}"
    assert report["ok"] == (proc.returncode == 0) == all(r["ok"] for r in results.values())
    return results


def errors(result: dict) -> list[str]:
    """The errors of one file as excel-check prints them: [pass] part xpath: message (code)."""
    out = []
    for f in result["findings"]:
        if f["level"] == "error":
            where = " ".join(x for x in (f["part"], f["path"]) if x)
            out.append(f"[{f['check']}] {where}{': ' if where else ''}{f['message']}" + (f" ({f['code']})" if f["code"] else ""))
    return out


# Cases that fail today in files this test's author does not own, so main stays green until they
# are fixed. strict: the day a fix lands the xfail becomes a failure, and its entry here must go.
KNOWN_FAILURES: dict[str, str] = {}


def _param(case: str):
    reason = KNOWN_FAILURES.get(case)
    return pytest.param(case, id=case, marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])


def test_the_committed_workbooks_are_checked():
    names = {p.name for p in COMMITTED}
    assert {"verantwoording-passend-onderwijs.xlsx", "verantwoording-passend-onderwijs.xlsm",
            "swv-samenvoegen.xlsx", "swv-samenvoegen.xlsm"} <= names, names


@pytest.mark.parametrize("case", [_param(c) for c in CASE_IDS])
def test_excel_and_word_open_every_written_file_without_repair(case, written, checked):
    made = written.files[case]
    assert isinstance(made, list), made
    problems = []
    for path in made:
        result = checked[str(path)]
        expected = PASSES[path.suffix.lower()]
        if set(result["passes"]) != expected:
            problems.append(f"{path.name}: excel-check ran {sorted(result['passes'])}, expected {sorted(expected)}")
        if not result["ok"]:
            found = errors(result)
            shown = found[:40] + ([f"... and {len(found) - 40} more"] if len(found) > 40 else [])
            problems.append(f"{path.name}: {result['errors']} error(s)\n    " + "\n    ".join(shown))
    if problems:
        pytest.fail(f"{case}:\n" + "\n".join(problems), pytrace=False)


def test_excel_check_can_still_fail(written):
    """--self-test on our own files (a workbook with VBA, a report, a manifest): each must pass, and
    each broken variant of it must be caught by the passes named for it. Exit 0 alone is not trusted."""
    run = written.self_test
    if run.process is None:
        pytest.fail(f"excel-check --self-test did not start: {run.problem}")
    try:
        returncode = run.process.wait(timeout=CHECK_TIMEOUT)
    except subprocess.TimeoutExpired:
        run.process.kill()
        returncode = None
    if returncode is None:
        pytest.fail(f"excel-check --self-test took longer than {CHECK_TIMEOUT} s")
    stderr = run.output.with_name("self-test.stderr").read_text(errors="replace")
    report = _parse(run.output.read_text(errors="replace"), returncode, stderr)
    failed_bases = [b["path"] for b in report["bases"] if not b["ok"]]
    assert not failed_bases, f"base files that do not pass prove nothing: {failed_bases}"
    missed = [f"{Path(v['base']).name}: {v['name']} ({v['what']}) caught by {v['caught_by'] or 'nothing'}, expected {v['expect']}"
              for v in report["variants"] if not v["ok"]]
    assert not missed, "excel-check no longer catches:\n" + "\n".join(missed)
    kinds = {".xlsm", ".docx", ".xml"}
    tested = {Path(v["base"]).suffix for v in report["variants"]}
    assert tested == kinds, f"no broken variants made of {sorted(kinds - tested)}"
    every_pass = set().union(*PASSES.values())
    caught_by = {c for v in report["variants"] for c in v["caught_by"]}
    assert every_pass <= caught_by, f"passes never seen failing: {sorted(every_pass - caught_by)}"
    assert report["ok"] and returncode == 0, f"exit {returncode}: {stderr[-2000:]}"
