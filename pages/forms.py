from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class AltTextRequiredImageForm(BaseImageForm):
    """Wagtail's image form, with the description (the alt text screen readers speak)
    required: an editor cannot save a picture that a blind resident cannot read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = _("Alternative text")
            field.help_text = _(
                "Describe what the picture shows for people who cannot see it, "
                "e.g. 'Ibu-ibu berlatih menjahit di balai RW 03'."
            )
