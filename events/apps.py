from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Events and enrollment")

    def ready(self):
        from wagtail.signals import page_published

        from community import assisted, personal_data
        from community.signals import account_deleting
        from events import cache as listing_cache
        from events import moderation, sections
        from events.certificates import on_attendance_recorded
        from events.personal_data import enrollments_data
        from events.personal_data_certificates import certificates_data
        from events.signals import attendance_recorded

        personal_data.register("enrollments", enrollments_data)
        personal_data.register("certificates", certificates_data)
        page_published.connect(_on_publish, dispatch_uid="events_cancellation_notice")
        account_deleting.connect(_release_enrollments, dispatch_uid="events_release_enrollments")
        attendance_recorded.connect(on_attendance_recorded, dispatch_uid="events_certificates")
        listing_cache.connect()
        _connect_session_changes()
        sections.connect()
        moderation.connect()
        # Kader act for residents they registered (community.assisted lists the actions).
        assisted.register_action(_("Enroll in an activity"), "events:kader_enroll")


def _release_enrollments(sender, user, **kwargs):
    from events.enrollment import release_enrollments

    release_enrollments(user)


def _on_publish(sender, instance, **kwargs):
    from events.enrollment import fill_free_seats, notify_cancellation
    from events.models import EventPage

    if isinstance(instance, EventPage):
        notify_cancellation(instance)
        fill_free_seats(instance)


def _connect_session_changes():
    """Slots follow their session when the editor moves it; removing a session tells
    the residents booked in it (events.slots)."""
    from django.db.models.signals import post_save, pre_delete, pre_save

    from events import slots
    from events.models import EventSession

    def before_save(sender, instance, raw=False, **kwargs):
        if not raw:
            slots.remember_previous_start(instance)

    def after_save(sender, instance, created, raw=False, **kwargs):
        if not (raw or created):
            slots.follow_session(instance)

    def before_delete(sender, instance, **kwargs):
        slots.forget_session(instance)

    pre_save.connect(before_save, sender=EventSession, weak=False, dispatch_uid="slots_prev")
    post_save.connect(after_save, sender=EventSession, weak=False, dispatch_uid="slots_follow")
    pre_delete.connect(before_delete, sender=EventSession, weak=False, dispatch_uid="slots_gone")
