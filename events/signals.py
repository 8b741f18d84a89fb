from django.dispatch import Signal

# Sent after an enrollment change is committed (enroll, cancel, promotion), with
# `event` (the EventPage). Search listens to keep "seats left" fresh in its index.
enrollment_changed = Signal()

# Sent after attendance is recorded (a whole session's list, or one check-in), with
# `event`, `enrollment_ids` (the people marked present) and `recorded_by`. Certificates
# listen: attendance may have made someone eligible.
attendance_recorded = Signal()
