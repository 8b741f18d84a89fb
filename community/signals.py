from django.dispatch import Signal

# Sent inside the deleting transaction, before a resident's account is deleted, with
# `user`. Apps that hold the person's data (events: enrollments) can release it
# properly first, e.g. cancel enrollments so the waitlist moves up.
account_deleting = Signal()
