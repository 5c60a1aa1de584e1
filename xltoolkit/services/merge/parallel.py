"""Read many files on every core: a process pool, each worker running `read.read_batch` on a
batch of files (small batches: validation is far cheaper per board in a batch, and the batches
still spread evenly over the cores).

Processes, not threads: loading, validating and reconciling is pure Python, so threads would
share one interpreter lock and use one core. On Linux the workers are forked (they start in
milliseconds with everything already imported); elsewhere they are spawned (Windows knows no
fork, and macOS frameworks are not fork-safe), which costs a second or two per worker once.

A file that makes a worker process die (it should not happen: reading never executes anything,
and zip bombs are refused, but memory can run out) breaks the pool. The files that had not come
back are then read again one by one, each in a fresh process, so only the culprit is lost (M012)
and the batch goes on. Results come back in the order of the files, whatever order the workers
finish in.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from xltoolkit.findings import make
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.merge.model import Candidate, FileResult
from xltoolkit.services.merge.read import init_worker, read_batch, read_one
from xltoolkit.spec import TemplateSpec

MIN_FILES_FOR_POOL = 4  # below this, starting processes costs more than it saves
MAX_BATCH = 100  # files per task: validation costs ~35 ms a pass plus ~2 ms a board, so 100 share it well; still small enough to balance
Progress = Callable[[int], None]


def processors() -> int:
    """The cores this process may use (on Linux the CPU affinity, not just what the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def read_all(candidates: list[Candidate], spec: TemplateSpec, register: Register | None,
             workers: int | None = None, progress: Progress | None = None) -> list[FileResult]:
    """Read every file; `progress(1)` after each one (for a progress bar)."""
    tick = progress or (lambda n: None)
    workers = min(workers or processors(), len(candidates))
    if workers <= 1 or len(candidates) < MIN_FILES_FOR_POOL:
        return _sequential(candidates, spec, register, tick)
    results: dict[int, FileResult] = {}
    broken: list[int] = []
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=init_worker, initargs=(spec, register)) as pool:
        futures = {pool.submit(read_batch, [candidates[i] for i in batch]): batch for batch in _batches(len(candidates), workers)}
        for future in as_completed(futures):
            batch = futures[future]
            try:
                for i, g in zip(batch, future.result()):
                    results[i] = g
            except BrokenProcessPool:
                broken.extend(batch)
                continue
            except Exception:  # e.g. a result that could not be sent back: retry these files one by one
                broken.extend(batch)
                continue
            tick(len(batch))
    for i in sorted(broken):
        results[i] = _isolated(candidates[i], spec, register)
        tick(1)
    return [results[i] for i in range(len(candidates))]


def _batches(n: int, workers: int) -> list[list[int]]:
    """Indexes 0..n-1 in consecutive batches: at least four per worker, at most MAX_BATCH files."""
    size = max(1, min(MAX_BATCH, -(-n // (workers * 4))))
    return [list(range(i, min(n, i + size))) for i in range(0, n, size)]


def _sequential(candidates: list[Candidate], spec: TemplateSpec, register: Register | None, tick: Progress) -> list[FileResult]:
    init_worker(spec, register)
    out = read_batch(candidates)
    tick(len(out))
    return out


def _isolated(candidate: Candidate, spec: TemplateSpec, register: Register | None) -> FileResult:
    """One file in a process of its own: if that process dies too, this file was the cause."""
    try:
        with ProcessPoolExecutor(1, mp_context=_context(), initializer=init_worker, initargs=(spec, register)) as pool:
            return pool.submit(read_one, candidate).result()
    except BrokenProcessPool:
        return FileResult(candidate, error=make("M012", bestand=candidate.label), status="niet_bruikbaar")


def _failed(candidate: Candidate, exc: Exception) -> FileResult:
    detail = f"{type(exc).__name__}: {exc}"[:200]
    return FileResult(candidate, error=make("M011", bestand=candidate.label, detail=detail), status="niet_bruikbaar")


def _context():
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)
