"""Parsing many proposals at once, on every processor the check may use.

A full check parses every proposal (about a millisecond for 20 KB). From MIN_DOCUMENTS
documents on, the work is split between this process and worker processes forked from
it: a forked worker inherits the imported modules and the configuration, so it starts in
a millisecond or two, parses its share, and sends back the small parsed models through a
pipe (never the text). Below that size, with one processor, with `BEP_JOBS=1`, or where
fork is not safe (Windows, macOS), nothing changes: documents are parsed one by one as
the rules ask for them.

Whatever goes wrong in a worker (an exception, a crash, a kill) costs only time: its
documents are left out of the answer and parsed lazily in this process later, exactly as
they would have been without workers.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

MIN_DOCUMENTS = 100  # fewer than this: forking costs more than it saves
MAX_WORKERS = 8


def worker_count(documents: int) -> int:
    """How many processes (this one included) should parse ``documents`` documents."""
    if documents < MIN_DOCUMENTS or not hasattr(os, "fork") or not sys.platform.startswith(("linux", "freebsd")):
        return 1
    setting = os.environ.get("BEP_JOBS", "").strip()
    if setting.isdigit() and int(setting) >= 1:
        return min(int(setting), documents)
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        processors = os.cpu_count() or 1
    return max(1, min(processors, MAX_WORKERS, documents // (MIN_DOCUMENTS // 2)))


Parsed = Tuple[str, object, object]  # (path, Proposal or Unreadable, Suppressions)


Parse = Callable[[str], Tuple[object, object]]  # path -> (Proposal or Unreadable, Suppressions)


def parse_many(parse: Parse, paths: Sequence[str]) -> Optional[List[Parsed]]:
    """``parse`` applied to ``paths`` by several processes; None when it is not worth it
    (see the module's docstring). A document a worker failed on is missing from the
    answer."""
    workers = worker_count(len(paths))
    if workers < 2:
        return None
    # Thousands of parsed models pile up here and live until the check ends. The cyclic
    # garbage collector would trace every one of them again each time some hundreds more
    # arrive (at 10,000 documents, most of the time went there): it is paused while they
    # are built, and gc.freeze() then takes them out of its sight for the rest of the run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        results = _parse_in_workers(parse, paths, workers)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return results


def _parse_in_workers(parse: Parse, paths: Sequence[str], workers: int) -> List[Parsed]:
    import pickle  # lazy: start-up

    shares = [list(paths[index::workers]) for index in range(workers)]
    children = []
    for share in shares[1:]:
        try:
            read_end, write_end = os.pipe()
            pid = os.fork()
        except OSError:  # no more processes or descriptors: this process does the share
            shares[0] += share
            continue
        if pid == 0:  # the worker
            try:
                os.close(read_end)
                data = pickle.dumps(_parse(parse, share), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
            finally:
                os._exit(0)  # never run this process's exit handlers or flush its buffers twice
        os.close(write_end)
        children.append((pid, read_end))
    results = _parse(parse, shares[0])
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            results += pickle.loads(data)
        except Exception:  # noqa: BLE001 - the worker died: its documents are parsed lazily
            pass
    return results


def _parse(parse: Parse, paths: Iterable[str]) -> List[Parsed]:
    results = []
    for path in paths:
        try:
            document, suppressions = parse(path)
        except Exception:  # noqa: BLE001 - parsed again lazily, where the error is reported as usual
            continue
        results.append((path, document, suppressions))
    return results
