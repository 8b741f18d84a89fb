"""Benchmark parts: each app added after the core brings its own module here, so the
seeder and the endpoint list grow without every app editing the same files.

A part module (bench/parts/<app>.py) may define:

    seed(ctx) -> dict
        Adds the app's city-sized data after the core data exists; returns counts for
        the report. `ctx` is a SimpleNamespace with: scale, rng (random.Random), now,
        sizes (the core sizes at this scale), rws (RW Area rows), programs, groups, events
        (page objects with pk), users (resident objects with pk), home (HomePage),
        step (a context manager that times and prints one step: `with ctx.step("x"):`).

    targets() -> list[dict]
        Endpoints to load, each {"name", "label", "path", "kind"} with kind "page" or
        "api", and for a POST also "method": "POST", "body" (a str) and "content_type".
        Called inside Django (probe.py), so it may read the database to pick ids.

Parts run in the order of PART_ORDER (the apps' dependency order), then any others.
"""

import importlib
import pkgutil

PART_ORDER = ["eligibility", "participation", "partners", "accountability", "events_extra"]


def modules():
    names = [info.name for info in pkgutil.iter_modules(__path__)]
    ordered = [n for n in PART_ORDER if n in names]
    ordered += sorted(n for n in names if n not in PART_ORDER)
    return [importlib.import_module(f"{__name__}.{name}") for name in ordered]


def seed_all(ctx):
    counts = {}
    for module in modules():
        if hasattr(module, "seed"):
            counts.update(module.seed(ctx) or {})
    return counts


def all_targets():
    found = []
    for module in modules():
        if hasattr(module, "targets"):
            found.extend(module.targets())
    return found


def labels():
    """{name: label} of every part's endpoints, for the report (importable without Django)."""
    found = {}
    for module in modules():
        found.update(getattr(module, "LABELS", {}))
    return found
