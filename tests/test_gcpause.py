"""The merge pauses the garbage collector while it reads a batch and writes the overview; it must
always give it back as it found it."""

from __future__ import annotations

import gc

import pytest

from xltoolkit.services.merge.gcpause import paused_gc


def test_paused_inside_and_back_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("een fout midden in een portie")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_and_writing_leave_the_collector_on(tmp_path, example_workbooks, spec):
    from xltoolkit.services.merge import build_overzicht, merge_files, workbook_bytes

    s = merge_files(list(example_workbooks.values()), spec=spec, workers=1)  # read in this process
    assert gc.isenabled() and len(s.taken) == len(example_workbooks)
    assert workbook_bytes(build_overzicht(s))[:2] == b"PK" and gc.isenabled()


def test_overlapping_merges_in_threads_pause_until_the_last_one_ends():
    """The add-in server merges in threads: the first merge to finish must not switch the collector
    back on under the other, and after both it is on."""
    import threading

    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def a():
        with paused_gc():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b():
        a_in.wait(5)
        with paused_gc():
            b_in.set()
            a_out.wait(5)
            seen.append(gc.isenabled())  # A is done, B still works

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False] and gc.isenabled()
