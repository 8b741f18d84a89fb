"""What a page says, for the language tests."""

import html
import re


def visible_text(response):
    """What a person reads or hears: text nodes and the aria-label, title, placeholder
    and alt attributes; not scripts, styles or other attributes."""
    page = response.content.decode()
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    spoken = re.findall(r'\s(?:aria-label|title|placeholder|alt)="([^"]*)"', page)
    text = re.sub(r"(?s)<[^>]+>", "\n", page)
    lines = [html.unescape(line).strip() for line in text.splitlines()]
    return [line for line in lines + [html.unescape(s) for s in spoken] if line]
