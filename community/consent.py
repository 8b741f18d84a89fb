"""Consent to personal data processing (UU PDP): one rule for every action that shares
a resident's data with others.

Joining a group (its leaders see members' names and phones) and enrolling in an
activity (the organisers see the roster) both need a complete profile: a name and the
resident's consent. HTML views, the API and kader-assisted registration call
`require_consent`; sign-up asks for consent and `record_consent` stores it.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError


class ConsentRequiredError(DomainError):
    def __init__(self):
        super().__init__(
            _(
                "Please complete your profile first (your name and consent to the "
                "processing of your personal data), then try again."
            ),
            "profile_incomplete",
            403,
        )


def require_consent(user):
    """Raise ConsentRequiredError unless `user` has a name and has given consent."""
    if not user.profile_complete:
        raise ConsentRequiredError()


def record_consent(user, when=None):
    """Note that `user` consents (once: the first moment is kept). Does not save."""
    if user.data_consent_at is None:
        user.data_consent_at = when or timezone.now()
