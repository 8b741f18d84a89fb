"""Synonyms that residents actually type, kept where staff can edit them.

One row is one group of equivalent words or phrases ("BLT, bantuan langsung tunai").
Both engines use them: the database engine expands the query (it ORs the equivalent
phrases), Elasticsearch receives them as a synonym set used by its search analyzer.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

TERM_RE = re.compile(r"^[\w][\w\s\-./']*$")


def split_terms(text):
    """'BLT, Bantuan Langsung Tunai' -> ['blt', 'bantuan langsung tunai'] (deduplicated)."""
    terms = []
    for raw in (text or "").replace("\n", ",").split(","):
        term = " ".join(raw.lower().split())
        if term and term not in terms:
            terms.append(term)
    return terms


class Synonym(models.Model):
    terms = models.TextField(
        _("words that mean the same"),
        help_text=_(
            "Words or phrases separated by commas, for example: "
            "BLT, bantuan langsung tunai. A search for one finds the others."
        ),
    )
    note = models.CharField(_("note for staff"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return ", ".join(self.term_list())

    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": _("Give at least two words or phrases.")})
        for term in terms:
            if not TERM_RE.match(term) or "=>" in term:
                raise ValidationError(
                    {
                        "terms": _("Use only letters, numbers, spaces and hyphens: %(term)s")
                        % {"term": term}
                    }
                )
        # Store them tidy, one group per line.
        self.terms = ", ".join(terms)
