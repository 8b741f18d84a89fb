"""What events add to other apps' pages (through pages.sections)."""

from django.template.loader import render_to_string

from events.models import EventIndexPage
from events.page_context import load_cards, public_events

PROGRAM_ACTIVITIES = 3


def program_activities(page, request):
    """On a program page: its next activities (courses, sessions) and "Ikuti kegiatan",
    which opens the event index filtered to this program."""
    events = list(
        public_events()
        .filter(organising_program=page, is_cancelled=False)
        .listing(load=load_cards)[:PROGRAM_ACTIVITIES]
    )
    if not events:
        return ""
    index = EventIndexPage.objects.live().first()
    all_url = f"{index.url}?program={page.pk}" if index else None
    return render_to_string(
        "events/program_activities.html",
        {"program": page, "events": events, "all_url": all_url, "request": request},
        request=request,
    )


def connect():
    from pages import sections

    sections.register("pages.ProgramPage", "events.activities", program_activities, order=20)
