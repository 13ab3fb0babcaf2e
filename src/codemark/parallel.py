"""Work shared among forked processes, for registers of thousands of signatories.

Python runs one thread of Python at a time, so checking files and rendering
pages use both processors only in separate processes. Workers are forked:
they start with everything the parent has loaded (the code, the register),
so nothing is sent to them but a number, and what they return comes back in
the order it was asked for, whichever worker finishes first.

A small register (London has well under a hundred public bodies) is worked
through in this process: starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

LEAST = 1000  # fewer items than this are worked through in this process
MOST_WORKERS = 4  # each worker holds its share of the pages it renders in memory


def workers_for(items: int) -> int:
    """How many processes to share ``items`` among: one per processor, for many items."""
    return min(os.cpu_count() or 1, MOST_WORKERS) if items >= LEAST else 1


def chunks(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """``items`` cut into ``parts`` runs of consecutive items, as even as can be."""
    size, extra = divmod(len(items), parts)
    cut, out = 0, []
    for part in range(parts):
        end = cut + size + (part < extra)
        out.append(items[cut:end])
        cut = end
    return out


class _SharedPickler(pickle.Pickler):
    """Pickles the objects the parent already has (the code's criteria, kinds...) by number."""

    def __init__(self, file: io.BytesIO, shared: dict[int, int]) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.shared = shared

    def persistent_id(self, obj: Any) -> int | None:
        return self.shared.get(id(obj))


class _SharedUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: list[object]) -> None:
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, pid: Any) -> object:
        return self.shared[pid]


_job: Callable[[int], bytes] | None = None  # what forked workers do; set only while they run


def _run(index: int) -> bytes:
    assert _job is not None
    return _job(index)


def map_forked(
    function: Callable[[T], R],
    parts: Sequence[T],
    workers: int,
    shared: Iterable[object] = (),
) -> list[R]:
    """``[function(part) for part in parts]``, each part in one of ``workers`` forked processes.

    Results come back pickled; the ``shared`` objects, which the parent holds
    already, are sent as a number and come back as the parent's own object,
    so a signatory's answers point at the parent's criteria, not at copies.
    """
    global _job
    if workers <= 1 or len(parts) <= 1:
        return [function(part) for part in parts]
    table = list(shared)
    numbers = {id(obj): number for number, obj in enumerate(table)}

    def job(index: int) -> bytes:
        out = io.BytesIO()
        _SharedPickler(out, numbers).dump(function(parts[index]))
        return out.getvalue()

    _job = job
    # Objects made before the fork stay out of the workers' cycle collector: a
    # collection writes to every object it scans, which would copy the parent's
    # memory page by page into each worker.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(_run, range(len(parts))))
    finally:
        _job = None
        gc.unfreeze()
    return [_SharedUnpickler(io.BytesIO(data), table).load() for data in results]
