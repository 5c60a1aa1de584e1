"""Python's cyclic garbage collector paused while the merge builds large, short-lived structures.

Reading a batch of workbooks and writing the overview allocate hundreds of thousands of objects
(XML elements, cells, xlsxwriter's cell records) that reference counting frees on its own; hardly
any form cycles (pandas, in the batch's validation, makes a few). Meanwhile the collector keeps
walking everything still alive, the whole merge result included: ~12 % of reading and ~20 % of
writing in a timing of 1,000 boards (benchmarks/bench_merge.py shows the merge as a whole). Pausing
it for those stretches is safe: nothing is lost, the few cycles are collected a little later, when
the collector runs again, and memory stays bounded by a batch (3,000 boards: under 1 GB).
"""

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
