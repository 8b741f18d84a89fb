"""What search finds, read the same way by both engines.

For each result type: the model, how to load a page of results with the fields a list
needs (in a constant number of queries), and `card(page)`, the dict a result is made
of. The Elasticsearch documents are prepared from the same cards, so both engines show
the same fields with the same values.
"""

import html
import json
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

from community.models import CommunityGroupPage
from events.models import EventPage
from pages.models import ArticlePage, ProgramCategory, ProgramPage, ProgramStatus
from search.service import TYPE_LABELS

MODELS = {
    "program": ProgramPage,
    "event": EventPage,
    "group": CommunityGroupPage,
    "article": ArticlePage,
}
SNIPPET_LENGTH = 200


def type_of_model(model):
    for key, type_model in MODELS.items():
        if issubclass(model, type_model):
            return key
    return None


def type_of_content_type(content_type_id):
    # Django caches content types (and clears that cache when the table is flushed).
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return type_of_model(model) if model else None


def visible_q():
    """Live and not behind a view restriction (one query)."""
    q = Q(live=True)
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        q &= ~Q(path__startswith=path)
    return q


def is_visible(page):
    return page.live and not page.get_view_restrictions().exists()


# --- Loading a page of results ---------------------------------------------------------


def load(type_key, pks, now=None):
    """{pk: page} for the given ids, with everything `card()` reads (a fixed few queries)."""
    if not pks:
        return {}
    if type_key == "program":
        qs = ProgramPage.objects.prefetch_related("areas__parent", "tags")
    elif type_key == "event":
        qs = EventPage.objects.for_listing(now)  # the event cards' read path
    elif type_key == "group":
        qs = CommunityGroupPage.objects.for_listing().prefetch_related("tags")
    else:
        qs = ArticlePage.objects.all()
    return {page.pk: page for page in qs.filter(pk__in=pks)}


# --- Cards -------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def _area_name(area):
    return str(area) if area else None


def event_category(event):
    if event.category:
        return event.category
    program = event.organising_program
    return program.category if program else None


def card(page, type_key=None, now=None):
    """The list fields of one result (without the snippet)."""
    type_key = type_key or type_of_model(type(page))
    now = now or timezone.now()
    data = {
        "id": page.pk,
        "type": type_key,
        "title": page.title,
        "url": page.get_url(),
        "summary": page.summary,
        "category": None,
        "area": None,
        "area_slugs": [],
        "status": None,
        "next_session": None,
        "seats_left": None,
        "member_count": None,
        "date": None,
        "is_current": True,
        "is_open": False,
    }
    if type_key == "program":
        areas = list(page.areas.all())
        data.update(
            category=page.category,
            area=", ".join(str(a) for a in areas) or None,
            area_slugs=[a.slug for a in areas],
            status=page.status,
            is_current=page.status != ProgramStatus.CLOSED,
            is_open=page.status == ProgramStatus.OPEN,
        )
    elif type_key == "event":
        next_starts = getattr(page, "next_starts_at", None)
        current = not page.is_cancelled and next_starts is not None
        data.update(
            category=event_category(page),
            area=_area_name(page.area),
            area_slugs=[page.area.slug] if page.area else [],
            status="cancelled" if page.is_cancelled else ("upcoming" if current else "past"),
            next_session=_iso(next_starts),
            seats_left=page.seats_left,
            is_current=current,
            is_open=current and page.has_free_seat,
        )
    elif type_key == "group":
        count = page.member_count
        data.update(
            category=page.related_program.category if page.related_program else None,
            area=_area_name(page.area),
            area_slugs=[page.area.slug] if page.area else [],
            member_count=count,
            is_open=not page.is_full_at(count),
        )
    else:
        data.update(date=_iso(page.date))
    return with_labels(data)


EVENT_STATUS_LABELS = {
    "upcoming": _("Upcoming"),
    "past": _("Finished"),
    "cancelled": _("Cancelled"),
}


def with_labels(data):
    """Labels in the current language, from the codes (both engines call this)."""
    category, status = data.get("category"), data.get("status")
    data["type_label"] = str(TYPE_LABELS.get(data.get("type"), ""))
    data["category_label"] = (
        str(ProgramCategory(category).label) if category in ProgramCategory.values else None
    )
    if data.get("type") == "program" and status in ProgramStatus.values:
        data["status_label"] = str(ProgramStatus(status).label)
    elif data.get("type") == "event" and status in EVENT_STATUS_LABELS:
        data["status_label"] = str(EVENT_STATUS_LABELS[status])
    else:
        data["status_label"] = None
    return data


def area_ids(page, type_key):
    if type_key == "program":
        return [a.pk for a in page.areas.all()]
    if type_key in ("event", "group"):
        return [page.area_id] if page.area_id else []
    return []


# --- Text ------------------------------------------------------------------------------


def _stream_strings(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id", "image", "document", "page", "format"):
                _stream_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _stream_strings(item, out)


TAG_RE = re.compile(r"<[^>]+>")


def plain(text):
    """Text of an HTML fragment, tags replaced by spaces so paragraphs do not run on."""
    return " ".join(html.unescape(TAG_RE.sub(" ", text or "")).split())


def stream_text(stream_value):
    """Plain text of a StreamField without rendering it (no queries)."""
    if hasattr(stream_value, "raw_data"):
        data = list(stream_value.raw_data or [])
    else:
        data = json.loads(stream_value or "[]")
    parts = []
    _stream_strings([block.get("value") for block in data if isinstance(block, dict)], parts)
    return " ".join(plain(p) for p in parts if p)


def body_text(page, type_key=None):
    """Everything searchable besides title and summary, as plain text."""
    type_key = type_key or type_of_model(type(page))
    if type_key == "program":
        parts = [
            plain(page.eligibility),
            plain(page.benefits),
            stream_text(page.application_steps),
            stream_text(page.required_documents),
            stream_text(page.body),
            " ".join(t.name for t in page.tags.all()),
        ]
    elif type_key == "event":
        parts = [plain(page.description)]
    elif type_key == "group":
        parts = [
            plain(page.description),
            page.meeting_schedule,
            " ".join(t.name for t in page.tags.all()),
        ]
    else:
        parts = [stream_text(page.body)]
    return " ".join(" ".join(p.split()) for p in parts if p)


# --- Highlighting (database engine) ---------------------------------------------------------

WORD_RE = re.compile(r"\w+", re.UNICODE)
PREFIXES = ("meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "pe", "ber",
            "be", "ter", "di", "ke", "se")  # fmt: skip
SUFFIXES = ("nya", "lah", "kah", "kan", "an", "i")


def rough_stem(word):
    """A crude Indonesian stem, enough to highlight "Pelatihan" for "berlatih"."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            word = word[len(prefix) :]
            break
    return word


def _matcher(terms):
    stems = {rough_stem(t) for t in terms if len(t) >= 3} | {t.lower() for t in terms if t}

    def matches(word):
        lower = word.lower()
        if lower in stems or rough_stem(lower) in stems:
            return True
        return any(len(s) >= 4 and s in lower for s in stems)

    return matches


def highlight(texts, terms, length=SNIPPET_LENGTH):
    """An escaped snippet of the first text with a match, matches wrapped in <mark>."""
    texts = [t for t in texts if t]
    if not texts:
        return ""
    matches = _matcher(terms)
    chosen, first = texts[0], None
    for text in texts:
        hit = next((m for m in WORD_RE.finditer(text) if matches(m.group())), None)
        if hit:
            chosen, first = text, hit.start()
            break
    start = 0
    if first is not None and first > length // 2:
        start = chosen.rfind(" ", 0, first - length // 3) + 1
    window = chosen[start : start + length]
    if start + length < len(chosen):
        window = window[: window.rfind(" ")] if " " in window else window
    out, last = [], 0
    for m in WORD_RE.finditer(window):
        if matches(m.group()):
            out.append(html.escape(window[last : m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            last = m.end()
    out.append(html.escape(window[last:]))
    snippet = "".join(out).strip()
    if start > 0:
        snippet = "… " + snippet
    if start + len(window) < len(chosen):
        snippet += " …"
    return snippet
