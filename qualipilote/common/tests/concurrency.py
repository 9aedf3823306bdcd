"""Running the same action from several threads released at the same instant, as simultaneous
requests do. Each thread uses its own database connection, closed when it ends."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection, connections


def run_at_once(action: Callable[[int], object], count: int, timeout: float = 120) -> list:
    """Calls `action(i)` for i in 0..count-1, each in its own thread, all released together.

    Returns what each call returned, or the exception it raised, in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout)
            results[index] = action(index)
        except BaseException as error:  # the test reads it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"Some of the {count} threads did not finish in {timeout} s.")
    return results


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"
