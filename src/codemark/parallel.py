"""Work shared among forked processes, for registers of thousands of signatories.

Python runs one thread of Python at a time, so checking files and rendering
pages use both processors only in separate processes. Workers are forked:
they start with everything the parent has loaded (the code, the register),
so nothing is sent to them but a number, and what they return comes back in
the order it was asked for, whichever worker finishes first.

A small register (a real code has at most a few hundred bodies) is worked
through in this process: starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

LEAST = 1000  # fewer items than this are worked through in this process
MOST_WORKERS = 4  # each worker's memory adds to the build's: the pages of the parent it touches


def workers_for(items: int) -> int:
    """How many processes to share ``items`` among: one per processor, for many items."""
    return min(os.cpu_count() or 1, MOST_WORKERS) if items >= LEAST else 1


def parts_for(workers: int) -> int:
    """Into how many parts to cut work for ``workers``: several each, so that one worker
    slowed down by other work on the machine holds up little, and so that each process,
    which copies the pages of the parent's memory it touches, touches little."""
    return workers * 8 if workers > 1 else 1


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


def map_forked(
    function: Callable[[T], R],
    parts: Sequence[T],
    workers: int,
    shared: Iterable[object] = (),
) -> list[R]:
    """``[function(part) for part in parts]``, each part in a forked process, ``workers`` at once.

    Each part has a process of its own, which ends with it: a process that
    went on to the next part would keep every page of the parent's memory it
    had touched, and memory would grow to a copy of the parent per worker.
    Results come back pickled; the ``shared`` objects, which the parent holds
    already, are sent as a number and come back as the parent's own object,
    so a signatory's answers point at the parent's criteria, not at copies.
    """
    if workers <= 1 or len(parts) <= 1:
        return [function(part) for part in parts]
    table = list(shared)
    numbers = {id(obj): number for number, obj in enumerate(table)}

    def work(index: int, send: Connection) -> None:
        try:
            out = io.BytesIO()
            _SharedPickler(out, numbers).dump(function(parts[index]))
            send.send_bytes(out.getvalue())
        except BaseException:  # told to the parent, which stops the build with it
            send.send_bytes(b"!" + traceback.format_exc().encode())
        finally:
            send.close()

    context = multiprocessing.get_context("fork")
    results: dict[int, R] = {}
    running: dict[Connection, tuple[int, multiprocessing.process.BaseProcess]] = {}
    waiting = iter(range(len(parts)))
    # Objects made before a fork stay out of the workers' cycle collector: a
    # collection writes to every object it scans, which would copy the parent's
    # memory page by page into each worker.
    gc.freeze()
    try:
        while True:
            for index in islice(waiting, workers - len(running)):
                receive, send = context.Pipe(duplex=False)
                started = context.Process(target=work, args=(index, send), daemon=True)
                started.start()
                send.close()
                running[receive] = (index, started)
            if not running:
                break
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                index, finished = running.pop(ready)
                try:
                    data = ready.recv_bytes()
                except EOFError:
                    data = b"!the process ended without a result"
                ready.close()
                finished.join()
                if data.startswith(b"!"):
                    raise RuntimeError(f"part {index} of {len(parts)} failed: {data[1:].decode()}")
                # Loaded as it comes, while the others go on.
                results[index] = _SharedUnpickler(io.BytesIO(data), table).load()
    finally:
        for _, left in running.values():
            left.kill()
        gc.unfreeze()
    return [results[index] for index in range(len(parts))]
