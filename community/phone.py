"""Indonesian phone numbers: accept what people type, store one form (+62...).

Residents write 0812-3456-7890, 0812 3456 7890, 62812..., +62 812...; all of these are
stored as +6281234567890 so leaders can tap to call or message.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# +62 then the national number without its leading 0: 8-12 digits, mobile (8..) or
# landline with area code (21.., 22..., etc.).
E164_ID = re.compile(r"^\+62[1-9]\d{7,11}$")


def normalize_phone(value):
    """Return the +62 form of an Indonesian number, or raise ValidationError."""
    raw = (value or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValidationError(
                _("Enter an Indonesian number, for example 0812 3456 7890 or +62 812 3456 7890."),
                code="phone_not_indonesian",
            )
    if not digits.isdigit():
        raise ValidationError(
            _("A phone number may only contain digits, spaces, dashes and a leading +."),
            code="phone_invalid",
        )
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ValidationError(
            _("Enter an Indonesian number, for example 0812 3456 7890 or +62 812 3456 7890."),
            code="phone_not_indonesian",
        )
    normalized = f"+62{national}"
    if not E164_ID.match(normalized):
        raise ValidationError(
            _("This number is too short or too long. Example: 0812 3456 7890."),
            code="phone_length",
        )
    return normalized


def validate_phone(value):
    """Model validator: the stored value must already be in +62 form."""
    if value and not E164_ID.match(value):
        raise ValidationError(_("Store phone numbers as +62..."), code="phone_format")
