"""Display names: what a resident is called on rosters, cards and e-mails.

A name may be written in any script, but never with characters that are invisible or
that turn the text around (zero-width spaces and joiners, U+202E RIGHT-TO-LEFT
OVERRIDE and the other direction controls): on a leader's roster such a name can hide,
or pretend to be someone else.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def hidden_characters(value):
    """The invisible, format and control characters in `value` (Unicode Cf and Cc)."""
    return [ch for ch in value or "" if unicodedata.category(ch) in ("Cf", "Cc")]


def validate_display_name(value):
    if hidden_characters(value):
        raise ValidationError(
            _(
                "A name cannot contain invisible characters or characters that change the "
                "direction of the text."
            ),
            code="hidden_characters",
        )
    if value and not value.strip():
        raise ValidationError(_("Please write your name."), code="blank")
