"""Run one function from many threads at the same instant (for PostgreSQL lock tests)."""

import threading

from django.db import connections

# PostgreSQL allows 100 connections and the test session, a live server and the
# connection pool hold some: more threads than this fail with "too many clients".
MAX_THREADS = 40


def run_concurrently(function, args_list):
    """Call function(*args) for each args, from at most MAX_THREADS threads released
    together by a barrier (a thread makes several calls when there are more calls than
    threads). Returns (results, errors): what the calls returned and what they raised."""
    thread_count = min(len(args_list), MAX_THREADS)
    chunks = [args_list[i::thread_count] for i in range(thread_count)]
    barrier = threading.Barrier(thread_count)
    results, errors = [], []

    def worker(chunk):
        try:
            barrier.wait()
        except threading.BrokenBarrierError as exc:
            errors.append(exc)
            return
        try:
            for args in chunk:
                try:
                    results.append(function(*args))
                except Exception as exc:  # noqa: BLE001 - reported to the test
                    errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
