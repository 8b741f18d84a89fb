"""Private files: kept outside MEDIA_ROOT, so the web server never serves them.

A file here is read only through a view that checks who may see it (for example a
complaint's photo: participation.views.complaint_photo, the reporter and staff). The
folder is the setting BALAI_PRIVATE_MEDIA_ROOT (default BASE_DIR/"private_media").
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage in BALAI_PRIVATE_MEDIA_ROOT, with no public address."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self):
        return settings.BALAI_PRIVATE_MEDIA_ROOT

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "BALAI_PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("A private file has no public address: link to the view that checks.")


_private = PrivateStorage()


def private_storage():
    """The storage of private files (a callable, so migrations name it, not its folder)."""
    return _private
