"""Python's cyclic garbage collector paused while the merge builds large structures.

While the results of a thousand boards pile up, and while the overview is built and written
(hundreds of thousands of cells, xlsxwriter's records of them), the collector keeps walking
everything alive, the whole merge result included: writing the overview of 1,000 boards took
0.7-1.0x the time with it paused in three runs of `python benchmarks/bench_merge_parts.py` (the
gain depends on when the collector's full passes fall). Reading in a worker
gains nothing (its heap is small), but forked workers start paused anyway, as the parent is when
it forks them. Pausing is safe: reference counting frees nearly all of it; the few cycles (pandas,
in the batch's validation, makes some) are collected when the collector runs again. Memory stays
bounded (3,000 boards: under 1 GB, `benchmarks/bench_merge.py`)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The collector is one switch for the whole process, and the add-in server merges in threads: two
# merges that overlap must not leave it off. So the pauses are counted: the first turns it off (if it
# was on), the last one out turns it back on.
_lock = threading.Lock()
_depth = 0
_was_on = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off inside the block; back as it was when the last overlapping block ends (in
    any thread, also after an error). Nests."""
    global _depth, _was_on
    with _lock:
        if _depth == 0:
            _was_on = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_on:
                gc.enable()
