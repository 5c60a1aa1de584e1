"""Python's cyclic garbage collector paused while the merge builds large, short-lived structures.

Reading a batch of workbooks and writing the overview allocate hundreds of thousands of objects
(XML elements, cells, xlsxwriter's cell records) that reference counting frees on its own; none of
them form cycles. Meanwhile the collector keeps walking everything still alive, the whole merge
result included, and that cost ~12 % of reading and ~20 % of writing (benchmarks/bench_merge.py).
Pausing it for those stretches is safe: nothing is lost, cyclic garbage (if any) is only collected
a little later, when the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off inside the block (and back as it was after it, also after an error)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
