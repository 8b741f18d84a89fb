"""Survey answers as "needs" figures, for apps above participation (accountability uses
them as the denominator of an indicator, e.g. households that need a sewing course).

The contract, kept stable for the apps that read it:

    needs_sources() -> list[tuple[str, str]]
        (key, label) of every survey question and choice that can serve as a need,
        e.g. ("survey:12:question:3:choice:menjahit", "Survei 2026 – Pelatihan: menjahit").

    needs_count(key, area=None) -> int | None
        how many responses counted that need (within `area` and the areas inside it
        when given); None when the key names nothing (deleted survey).
"""


def needs_sources():
    return []


def needs_count(key, area=None):
    return None
