from django.dispatch import Signal

# Sent after an enrollment change is committed (enroll, cancel, promotion), with
# `event` (the EventPage). Search listens to keep "seats left" fresh in its index.
enrollment_changed = Signal()
