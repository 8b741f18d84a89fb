from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from community.names import validate_display_name
from community.phone import validate_phone
from pages.api_fields import NamesField
from pages.models.mixins import HeroImageMixin, SectionIndexPage


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person: resident, leader or staff. Logs in with an e-mail address."""

    username = None
    # Empty (NULL) only for a resident a kader registered without an e-mail address
    # (community.assisted); they add one when they claim the account.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    display_name = models.CharField(
        _("display name"), max_length=120, blank=True, validators=[validate_display_name]
    )
    # The resident's profile lives on the user row: one row per person, no profile to
    # create on sign-up, and a roster reads names and phones in a single query.
    phone = models.CharField(
        _("phone number"),
        max_length=16,
        blank=True,
        validators=[validate_phone],
        help_text=_("Stored as +62..."),
    )
    home_area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("home area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        help_text=_("The RW (or kelurahan) where the resident lives."),
    )
    data_consent_at = models.DateTimeField(
        _("consent to personal data processing given at"), null=True, blank=True
    )
    email_reminders = models.BooleanField(_("e-mail reminders for my activities"), default=True)
    email_group_updates = models.BooleanField(_("e-mail news about my groups"), default=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email or f"#{self.pk}"

    def save(self, *args, **kwargs):
        if not self.email:
            self.email = None  # many residents without e-mail: NULLs never collide
        super().save(*args, **kwargs)

    def get_full_name(self):
        return (
            self.display_name or super().get_full_name().strip() or (self.email or "").split("@")[0]
        )

    def get_short_name(self):
        return self.get_full_name()

    @property
    def has_consented(self):
        return self.data_consent_at is not None

    @property
    def profile_complete(self):
        """A profile is complete once the person has a name and has given consent (UU PDP)."""
        return bool(self.display_name) and self.has_consented


class CommunityGroupPageQuerySet(PageQuerySet):
    def with_member_counts(self):
        """Annotate `member_count` (active members) as a correlated subquery: PostgreSQL
        computes it only for the rows a page shows (no GROUP BY over every membership
        of every group before the page is taken)."""
        active = (
            Membership.objects.filter(group=OuterRef("pk"), status=Membership.Status.ACTIVE)
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return self.annotate(
            member_count=Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
        )

    # "A group is full": SQL here, Python in CommunityGroupPage.is_full_at().
    @staticmethod
    def room_q():
        """Groups with room for one more member (needs `member_count`)."""
        return Q(member_limit__isnull=True) | Q(member_limit__gt=F("member_count"))

    def lookup(self, group_id):
        """One public group by page id (the HTML views and the API alike), or None."""
        return (
            self.live()
            .public()
            .select_related("area__parent", "related_program")
            .filter(pk=group_id)
            .first()
        )

    def for_listing(self):
        """Group cards, read one way by the group index, GET /api/groups/ and search:
        member counts, area (with its parent) and related program."""
        return self.with_member_counts().select_related("area__parent", "related_program")


class GroupIndexPage(SectionIndexPage):
    template = "community/group_index_page.html"
    subpage_types = ["community.CommunityGroupPage"]

    class Meta:
        verbose_name = _("group index")

    def get_context(self, request, *args, **kwargs):
        from community.filters import GroupFilter
        from pages.models.pages import paginate, with_card_images

        context = super().get_context(request, *args, **kwargs)
        groups = with_card_images(
            CommunityGroupPage.objects.live().public().child_of(self).for_listing()
        ).order_by("title", "pk")
        group_filter = GroupFilter(request.GET or None, queryset=groups, request=request)
        context["filter"] = group_filter
        context["groups"] = paginate(request, group_filter.qs)
        return context


class CommunityGroupPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "community.CommunityGroupPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CommunityGroupPage(HeroImageMixin, Page):
    """A study group, a micro-enterprise circle or another community group."""

    template = "community/community_group_page.html"
    parent_page_types = ["community.GroupIndexPage"]

    class Kind(models.TextChoices):
        STUDY_GROUP = "study_group", _("Study group")
        ENTERPRISE_CIRCLE = "enterprise_circle", _("Micro-enterprise circle")
        OTHER = "other", _("Other group")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone may join")
        APPROVAL = "approval", _("A leader approves each request")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    summary = models.TextField(_("summary"), max_length=300)
    description = RichTextField(_("description"), blank=True)
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    meeting_schedule = models.CharField(
        _("meeting schedule"),
        max_length=200,
        blank=True,
        help_text=_("For example: every Saturday 15.00-17.00 at the RW 03 hall"),
    )
    join_policy = models.CharField(
        _("join policy"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    member_limit = models.PositiveIntegerField(
        _("member limit"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    related_program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("related program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    tags = ClusterTaggableManager(through=CommunityGroupPageTag, blank=True)

    objects = PageManager.from_queryset(CommunityGroupPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("summary"), FieldPanel("area")],
            heading=_("At a glance"),
        ),
        *HeroImageMixin.panels,
        FieldPanel("description"),
        FieldPanel("meeting_schedule"),
        MultiFieldPanel(
            [FieldPanel("join_policy"), FieldPanel("member_limit")], heading=_("Membership")
        ),
        FieldPanel("related_program"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=3),
        index.SearchField("description"),
        index.SearchField("meeting_schedule"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("area"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("description"),
        APIField("area_name"),
        APIField("meeting_schedule"),
        APIField("join_policy"),
        APIField("member_limit"),
        *HeroImageMixin.api_fields,
        APIField("tags", serializer=NamesField()),
    ]

    class Meta:
        verbose_name = _("community group")
        verbose_name_plural = _("community groups")

    def is_full_at(self, member_count):
        """The member limit rule: with this many active members, may nobody else join?
        (SQL side: CommunityGroupPageQuerySet.room_q.)"""
        return self.member_limit is not None and member_count >= self.member_limit

    @property
    def is_full(self):
        """For listings annotated by community.membership.with_member_counts."""
        return self.is_full_at(self.member_count)

    @property
    def area_name(self):
        return str(self.area) if self.area_id else None

    def get_context(self, request, *args, **kwargs):
        from community import membership as rules
        from pages.models import Area

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        mine = rules.membership_for(self, user)
        is_leader = rules.leads(mine)  # asked once per page (here, the events block)
        member_count = rules.active_count(self)
        can_manage = rules.can_manage(self, user, is_leader=is_leader)
        Area.attach_to(self)
        context.update(
            member_count=member_count,
            leaders=self.leaders(),
            my_membership=mine,
            join_state=rules.join_state(self, mine, member_count),
            is_group_leader=is_leader,
            can_manage=can_manage,
            pending_count=(
                self.memberships.filter(status=Membership.Status.PENDING).count()
                if can_manage
                else 0
            ),
            seats_left=(
                max(self.member_limit - member_count, 0) if self.member_limit is not None else None
            ),
        )
        return context

    def leaders(self):
        """The active leaders, names only (contact details are for the roster)."""
        return [
            m.user
            for m in self.memberships.filter(ACTIVE_LEADER).select_related("user").order_by("pk")
        ]

    @property
    def needs_approval(self):
        return self.join_policy == self.JoinPolicy.APPROVAL


class MembershipQuerySet(models.QuerySet):
    def current_for(self, user):
        """A resident's memberships ("Kelompok saya", GET /api/me/groups/, read one way):
        all but the groups they left; groups they are in first, then requests waiting,
        then declined ones; by group name within each."""
        order = models.Case(
            models.When(status=Membership.Status.ACTIVE, then=Value(0)),
            models.When(status=Membership.Status.PENDING, then=Value(1)),
            models.When(status=Membership.Status.DECLINED, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return (
            self.filter(user=user)
            .exclude(status=Membership.Status.LEFT)
            .select_related("group", "group__area__parent")
            .order_by(order, "group__title", "pk")
        )


class Membership(models.Model):
    """One person's place in one group."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        LEADER = "leader", _("Leader")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    group = models.ForeignKey(
        CommunityGroupPage, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("message from the leader"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_one_per_group_user")
        ]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self):
        return f"{self.user} @ {self.group} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_leader(self):
        return self.is_active and self.role == self.Role.LEADER


ACTIVE_LEADER = Q(status=Membership.Status.ACTIVE, role=Membership.Role.LEADER)


class AssistedRegistration(models.Model):
    """A resident a kader registered in person (Pendampingan), usually without e-mail.

    Records the consent the kader took on paper (who, when, the paper form's number)
    and the one-time claim code the resident uses to take over the account. Only the
    code's hash is kept."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="assisted_registration",
    )
    kader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kader"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="assisted_registrations",
    )
    kader_name = models.CharField(_("kader's name"), max_length=120)
    paper_form_number = models.CharField(_("paper form number"), max_length=40, unique=True)
    consent_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent taken by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_taken_by_name = models.CharField(_("consent taken by (name)"), max_length=120)
    consent_taken_at = models.DateTimeField(_("consent taken at"))
    claim_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    claim_code_expires_at = models.DateTimeField(_("claim code valid until"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assisted registration")
        verbose_name_plural = _("assisted registrations")

    def __str__(self):
        return f"{self.resident} ({self.kader_name})"

    @property
    def is_claimed(self):
        return self.claimed_at is not None


class KaderAction(models.Model):
    """One thing a kader did for a resident: the log the resident and staff can read."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Registered the resident")
        ENROLLED = "enrolled", _("Enrolled in an activity")
        JOINED = "joined", _("Joined a group")
        CLAIM_CODE = "claim_code", _("Issued a new claim code")
        CLAIMED = "claimed", _("The resident claimed the account")

    kader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kader"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="kader_actions",
    )
    kader_name = models.CharField(_("kader's name"), max_length=120)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="assisted_actions",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    target_id = models.PositiveIntegerField(_("page id"), null=True, blank=True)
    target_title = models.CharField(_("activity or group"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("kader action")
        verbose_name_plural = _("kader actions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["resident", "created_at"])]

    def __str__(self):
        return f"{self.kader_name}: {self.get_action_display()} ({self.resident})"
