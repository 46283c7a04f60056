"""How a process that serves Maillage prepares itself once Django is loaded.

Called by wsgi.py and asgi.py, and by bench/run.py so that the benchmark's process is
prepared as a server's is.
"""
import gc


def freeze_startup_objects() -> int:
    """Moves the objects loaded at startup out of the garbage collector's reach.

    Python's full collections walk every object the collector tracks. After startup a
    process holds about 100 000 of them (modules, models, URL patterns, forms) that live as
    long as it does: on the development machine each full collection took about 50 ms and
    came once every ten requests of the project list, so that one request in ten was twice
    as slow. `gc.freeze()` (Python's documentation recommends it for servers) leaves them
    out of every later collection; what requests create is collected as before.

    Returns the number of objects frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view and the API, once)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
