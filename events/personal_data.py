"""A resident's enrollments, attendance and calendar link for "download my data"."""

from events.models import Attendance, CalendarFeed, Enrollment


def enrollments_data(user):
    enrollments = (
        Enrollment.objects.filter(user=user).select_related("event").order_by("requested_at")
    )
    attended = {}
    for attendance in Attendance.objects.filter(enrollment__user=user).select_related("session"):
        attended.setdefault(attendance.enrollment_id, []).append(attendance.session.starts_at)
    return {
        "enrollments": [
            {
                "event_id": e.event_id,
                "event": e.event.title,
                "status": e.status,
                "requested_at": e.requested_at,
                "updated_at": e.updated_at,
                "check_in_code": e.check_in_code,
                "attended_sessions": attended.get(e.pk, []),
            }
            for e in enrollments
        ],
        "has_private_calendar_link": CalendarFeed.objects.filter(user=user).exists(),
    }
