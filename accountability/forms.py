from django import forms
from django.utils.translation import gettext_lazy as _


def add_needs_choices(form_class):
    """The indicator form offers the survey needs participation publishes
    (participation.needs.needs_sources) as a drop-down for `needs_key`."""

    class IndicatorForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            from participation.needs import needs_sources

            choices = [("", _("None"))] + [(k, label) for k, label in needs_sources()]
            current = self.initial.get("needs_key") or getattr(self.instance, "needs_key", "")
            if current and current not in dict(choices):
                choices.append((current, current))
            self.fields["needs_key"] = forms.ChoiceField(
                label=self.fields["needs_key"].label,
                help_text=self.fields["needs_key"].help_text,
                choices=choices,
                required=False,
            )

    return IndicatorForm
