"""schema.org Event as JSON-LD, as search engines, map apps and chat previews read it."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from pages.social import absolute, image_url

SCHEMA = "https://schema.org/"


def availability(event):
    """A cancelled event is offered nothing; a full one is sold out (waitlist only)."""
    if event.is_cancelled:
        return SCHEMA + "Discontinued"
    return SCHEMA + ("SoldOut" if event.is_full else "InStock")


def event_data(event, request, sessions):
    """The JSON-LD dict, or None for an event without sessions."""
    if not sessions:
        return None
    first, last = sessions[0], sessions[-1]
    url = absolute(request, event.url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(first.starts_at).isoformat(),
        "endDate": timezone.localtime(last.ends_at).isoformat(),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "eventStatus": SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "location": {
            "@type": "Place",
            "name": first.venue,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": first.venue,
                "addressLocality": str(event.area) if event.area_id else "",
                "addressCountry": "ID",
            },
        },
        "url": url,
        "isAccessibleForFree": True,
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "IDR",
            "url": url,
            "availability": availability(event),
        },
    }
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = 0 if event.is_cancelled else event.seats_left
    if len(sessions) > 1:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": f"{event.title} ({n}/{len(sessions)})",
                "startDate": timezone.localtime(s.starts_at).isoformat(),
                "endDate": timezone.localtime(s.ends_at).isoformat(),
                "location": {"@type": "Place", "name": s.venue, "address": s.venue},
            }
            for n, s in enumerate(sessions, start=1)
        ]
    organiser = event.organiser
    if organiser is not None:
        data["organizer"] = {
            "@type": "Organization",
            "name": organiser.title,
            "url": absolute(request, organiser.url),
        }
    image = image_url(event, request)
    if image:
        data["image"] = [image]
    return data


def script_text(data):
    """JSON for a <script type="application/ld+json"> element: nothing inside may close
    the element."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above


def json_ld(event, request, sessions):
    return script_text(event_data(event, request, sessions))
