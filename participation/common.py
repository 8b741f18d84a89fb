"""Rules every part of residents' voice shares, each written once:

- who may take part (a verified resident with consent),
- text input made plain (HTML stripped),
- photos made safe (a real image, re-encoded without EXIF/GPS, within a size limit,
  under a random name),
- the daily rate limit on creating things,
- the small-cell rule for public counts of people ("< 5").
"""

import io
import re
import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from community import roles
from config.errors import DomainError, PermissionDeniedError

# --- Who may take part ------------------------------------------------------------------


def is_verified_resident(user):
    """Signed in, e-mail address verified, consent to data processing given."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if not user.has_consented:
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def require_resident(user):
    if user is None or not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    if not user.has_consented:
        raise PermissionDeniedError(
            _("Please complete your profile and give consent to data processing first."),
            "consent_required",
        )
    if not is_verified_resident(user):
        raise PermissionDeniedError(
            _("Please verify your e-mail address first."), "email_unverified"
        )


def require_staff(user):
    if user is None or not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    if not roles.is_staff(user):
        raise PermissionDeniedError(_("Only office staff may do this."), "staff_only")


# --- Text ---------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def plain_text(value, max_length=None, field=None, required=True):
    """HTML tags removed, spaces tidied. Raises DomainError when empty or too long."""
    text = strip_tags(str(value or ""))
    text = text.replace("\x00", "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    label = field or _("This field")
    if required and not text:
        raise DomainError(_("%(field)s must not be empty.") % {"field": label}, "required", 422)
    if max_length and len(text) > max_length:
        raise DomainError(
            _("%(field)s is too long (at most %(max)s characters).")
            % {"field": label, "max": max_length},
            "too_long",
            422,
        )
    return text


# --- Photos ---------------------------------------------------------------------------------

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_LONG_SIDE = 1600
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def _bad_photo():
    return DomainError(
        _("The photo could not be read. Send a JPEG, PNG or WebP picture of at most 5 MB."),
        "bad_image",
        422,
    )


def clean_photo(upload):
    """A safe copy of an uploaded photo: checked by Pillow, turned upright, shrunk to
    at most 1600 px, re-encoded as JPEG without any metadata (EXIF, GPS). Returns a
    ContentFile named *.jpg, or None when nothing was sent. Raises DomainError."""
    if not upload:
        return None
    if getattr(upload, "size", 0) > MAX_PHOTO_BYTES:
        raise DomainError(_("The photo is too large (at most 5 MB)."), "image_too_large", 422)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise _bad_photo()
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise _bad_photo()
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE))
            # A new image from the pixels alone: no EXIF, GPS, XMP or ICC comes along.
            clean = Image.new("RGB", image.size)
            clean.paste(image)
            out = io.BytesIO()
            clean.save(out, format="JPEG", quality=85, optimize=True)
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _bad_photo() from None
    # A random name: nobody can guess the address of another person's photo.
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


# --- Rate limits ----------------------------------------------------------------------------

DAILY_LIMITS = {"proposal": 3, "complaint": 5}


def check_daily_limit(user, kind, queryset, now=None):
    """At most DAILY_LIMITS[kind] new rows per resident in 24 hours (staff exempt).
    `queryset` is the resident's rows of that kind with a `created` timestamp filter
    applied by the caller's field name, e.g. Proposal.objects.filter(author=user)."""
    if roles.is_staff(user):
        return
    now = now or timezone.now()
    limit = DAILY_LIMITS[kind]
    if queryset(now - timedelta(days=1)).count() >= limit:
        raise DomainError(
            _("You have reached today's limit (%(limit)s). Please try again tomorrow.")
            % {"limit": limit},
            "rate_limited",
            429,
        )
