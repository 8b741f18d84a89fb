"""The one error type business rules raise.

A rule (enroll, join, approve...) raises `DomainError` with a message for the
resident (translated) and a stable machine code. HTML views show the message next to
the form; the API answers `{"detail": message, "code": code}` with `status`.
"""


class DomainError(Exception):
    status = 400

    def __init__(self, message, code="invalid", status=None):
        super().__init__(message)
        self.message = message
        self.code = code
        if status is not None:
            self.status = status

    def __str__(self):
        return str(self.message)


class PermissionDeniedError(DomainError):
    status = 403


class NotFoundError(DomainError):
    status = 404
