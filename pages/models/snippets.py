from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Area(index.Indexed, models.Model):
    """A place in the hierarchy Kota/Kabupaten -> Kecamatan -> Kelurahan -> RW."""

    class Level(models.IntegerChoices):
        CITY = 1, _("City / regency")
        DISTRICT = 2, _("District (kecamatan)")
        VILLAGE = 3, _("Village (kelurahan)")
        RW = 4, _("RW")

    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField(
        _("slug"),
        max_length=160,
        unique=True,
        blank=True,
        help_text=_(
            "Used in addresses such as ?wilayah=pondok-labu-rw-03. "
            "Leave empty to make one from the name."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("level"), FieldPanel("parent"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent")
        ]

    def __str__(self):
        if self.level == self.Level.RW and self.parent_id:
            return f"{self.name}, {self.parent.name}"
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def clean(self):
        if self.parent is None and self.level != self.Level.CITY:
            raise ValidationError({"parent": _("Only a city or regency can stand alone.")})
        if self.parent is not None and self.parent.level != self.level - 1:
            raise ValidationError(
                {"parent": _("Choose a parent one level up (e.g. a kelurahan for an RW).")}
            )

    @classmethod
    def attach_to(cls, obj):
        """Load `obj.area` with its parent in one query (`str(area)` names both) for a
        page read without them (Wagtail's routing): one query instead of two."""
        if obj.area_id and "area" not in obj._state.fields_cache:
            obj.area = cls.objects.select_related("parent").filter(pk=obj.area_id).first()

    def unique_slug(self):
        """'RW 03' in Kelurahan Pondok Labu -> 'kelurahan-pondok-labu-rw-03'."""
        base = slugify(self.name)
        if self.level == self.Level.RW and self.parent_id:
            base = slugify(f"{self.parent.name} {self.name}")
        base = base[:150] or "wilayah"
        slug, n = base, 2
        while Area.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def ancestors(self):
        """Areas this one lies in, nearest first (at most three lookups)."""
        chain, area = [], self
        while area.parent_id:
            area = area.parent
            chain.append(area)
        return chain

    def descendant_ids(self):
        """Ids of every area inside this one, one query per level below."""
        ids, frontier = [], [self.pk]
        while frontier:
            frontier = list(
                Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.extend(frontier)
        return ids

    def related_ids(self):
        """What a filter by this area matches: the area, the areas around it (a program
        for the whole kecamatan serves its RWs too) and the areas inside it."""
        return [self.pk, *(a.pk for a in self.ancestors()), *self.descendant_ids()]


class Partner(index.Indexed, models.Model):
    """An organisation that runs or funds a program, pledges to needs and delivers.

    Its contact e-mail and website are public (the partner page, HSDS); the contact
    phone is for staff only."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government agency")
        NGO = "ngo", _("NGO (LSM)")
        PRIVATE = "private", _("Company (CSR)")
        UNIVERSITY = "university", _("University")
        COMMUNITY = "community", _("Community organisation")

    name = models.CharField(_("name"), max_length=160, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=170,
        unique=True,
        blank=True,
        help_text=_("Used in the partner page's address. Leave empty to make one from the name."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail (public)"), blank=True)
    contact_phone = models.CharField(_("contact phone (staff only)"), max_length=30, blank=True)
    areas = models.ManyToManyField(
        "pages.Area", blank=True, related_name="partners", verbose_name=_("areas served")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("contact_name"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("areas"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:partner", args=[self.slug])

    def unique_slug(self):
        base = slugify(self.name)[:160] or "mitra"
        slug, n = base, 2
        while Partner.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def url(self):
        return self.get_absolute_url()
