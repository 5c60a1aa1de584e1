"""Python's cyclic garbage collector paused while the merge builds large structures.

While the results of a thousand boards pile up, and while the overview is built and written
(hundreds of thousands of cells, xlsxwriter's records of them), the collector keeps walking
everything alive, the whole merge result included: writing the overview of 1,000 boards took
0.7-1.0x the time with it paused in three runs of `python benchmarks/bench_merge_parts.py` (the
gain depends on when the collector's full passes fall). Forked workers start paused, as the parent
is when it forks them, and stay so for their life (reading takes 0.9-1.0x the time). Pausing is safe:
reference counting frees nearly all of it. The parent's cycles are collected when the collector runs
again; a worker's few (pandas makes some in a batch's validation) wait until the worker ends, which
costs little: the merge of 3,000 boards, its workers counted, stays under 1 GB (`benchmarks/bench_merge.py`
prints the peak). xlsxwriter's cycle is broken on purpose (workbook._release)."""

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
