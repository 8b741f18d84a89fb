from django import template

from accountability.charts import rupiah as format_rupiah
from community.public_counts import suppress_small

register = template.Library()


@register.filter
def rupiah(value):
    """1250000 -> "Rp 1.250.000"."""
    return format_rupiah(value)


@register.filter
def small_cell(value):
    """A public count of people: "< 5" under five (community.public_counts)."""
    return suppress_small(value)


@register.filter
def number(value):
    """A figure with Indonesian separators: 1250 -> "1.250", 12.50 -> "12,5"."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        return value
    if float(value) == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{float(value):,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
