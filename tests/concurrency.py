"""Run one function from many threads at the same instant (for PostgreSQL lock tests)."""

import threading

from django.db import connections


def run_concurrently(function, args_list):
    """Call function(*args) for each args in its own thread, all released together by a
    barrier. Returns (results, errors): what the calls returned and what they raised."""
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def worker(args):
        try:
            barrier.wait()
            results.append(function(*args))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(args,)) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
