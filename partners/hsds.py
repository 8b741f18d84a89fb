"""Balai's services as an Open Referral HSDS 3.1 API, at /api/hsds/.

- services: live, public ProgramPages;
- organizations: the office (OfficeSettings of the default site) and the partners;
- taxonomies / taxonomy_terms: Balai's program categories, one taxonomy;
- service_at_locations: each program at the office (where residents apply);
- the Balai profile adds structured funding to `funding` (amount, currency, period,
  funder organization id) from delivered pledges: see docs/hsds.md.

Identifiers are UUIDs (HSDS gives `"format": "uuid"`): stable and reversible, they
encode the kind of record and Balai's own id (see `hsds_id`). Absent optional fields
are left out rather than sent as null (HSDS types them as plain strings).
"""

import re
import uuid
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.html import strip_tags
from ninja import Field, Query, Schema
from wagtail.models import Site

from config.api_schemas import IsoDateTime, error_responses
from pages.models import Area, OfficeSettings, Partner, ProgramCategory, ProgramPage
from partners.api import hsds_router as router
from partners.models import Need, Pledge

HSDS_VERSION = "3.1"
PROFILE_PATH = "/api/hsds/profile/"
TAXONOMY_NAME = "Kategori program Balai"

# --- Identifiers ---------------------------------------------------------------------

PREFIX = "ba1a1000"
KINDS = {"service": 1, "organization": 2, "location": 3, "service_at_location": 4, "taxonomy": 5}
ID_PATTERN = re.compile(
    rf"^{PREFIX}-(?P<kind>[0-9a-f]{{4}})-8000-8000-(?P<pk>[0-9a-f]{{12}})$", re.IGNORECASE
)
NAMESPACE = uuid.UUID("6f0d7c1e-5b8a-4f43-9c2e-0b6a1a1ba1a1")
OFFICE_PK = 0


def hsds_id(kind, pk):
    """'ba1a1000-0001-8000-8000-00000000002a' for service (program page) 42: an RFC 9562
    version-8 UUID whose fields carry the kind and Balai's id, so it is stable and the
    API can find the record again without a mapping table."""
    return f"{PREFIX}-{KINDS[kind]:04x}-8000-8000-{pk:012x}"


def parse_id(kind, value):
    """Balai's id inside an HSDS id of this kind, or None."""
    match = ID_PATTERN.match((value or "").strip())
    if not match or int(match["kind"], 16) != KINDS[kind]:
        return None
    return int(match["pk"], 16)


def nested_id(*parts):
    """A stable UUID for a record that has no row of its own (a service area, a term)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def term_id(category):
    return nested_id("taxonomy_term", "program-category", category)


TERM_IDS = {term_id(value): value for value in ProgramCategory.values}
TAXONOMY_ID = hsds_id("taxonomy", 1)


# --- Schemas (HSDS field names; absent optional fields are left out) ------------------


class PageOut(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class PublisherOut(Schema):
    name: str
    email: str | None = None
    website: str | None = None


class RootOut(Schema):
    version: str
    profile: str
    openapi_url: str
    description: str
    publisher: PublisherOut


class TaxonomyOut(Schema):
    id: str
    name: str
    description: str
    uri: str | None = None
    version: str | None = None


class TaxonomyTermOut(Schema):
    id: str
    code: str | None = None
    name: str
    description: str
    parent_id: str | None = None
    taxonomy: str | None = None
    taxonomy_id: str | None = None
    language: str | None = None
    taxonomy_detail: TaxonomyOut | None = None


class AttributeOut(Schema):
    id: str
    link_id: str
    link_type: str
    link_entity: str
    taxonomy_term_id: str
    taxonomy_term: TaxonomyTermOut | None = None


class OrganizationOut(Schema):
    id: str
    name: str
    alternate_name: str | None = None
    description: str
    email: str | None = None
    website: str | None = None
    legal_status: str | None = None
    logo: str | None = None
    parent_organization_id: str | None = None


class FundingOut(Schema):
    """HSDS funding, plus the Balai profile's structured fields (docs/hsds.md)."""

    id: str
    organization_id: str | None = None
    service_id: str | None = None
    source: str
    amount: int | None = Field(None, description="Balai profile: whole units of currency")
    currency: str | None = Field(None, description="Balai profile: ISO 4217, IDR")
    period_start: str | None = Field(None, description="Balai profile: ISO date")
    period_end: str | None = Field(None, description="Balai profile: ISO date")
    funder_organization_id: str | None = Field(None, description="Balai profile")


class ContactOut(Schema):
    id: str
    service_id: str | None = None
    organization_id: str | None = None
    name: str | None = None
    email: str | None = None


class PhoneOut(Schema):
    id: str
    service_id: str | None = None
    organization_id: str | None = None
    number: str


class ServiceAreaOut(Schema):
    id: str
    service_id: str
    name: str
    description: str | None = None
    extent_type: str | None = None
    uri: str | None = None


class LanguageOut(Schema):
    id: str
    service_id: str
    name: str
    code: str


class RequiredDocumentOut(Schema):
    id: str
    service_id: str
    document: str


class LocationOut(Schema):
    id: str
    location_type: str
    organization_id: str | None = None
    name: str | None = None
    description: str | None = None


class ServiceAtLocationOut(Schema):
    id: str
    service_id: str | None = None
    location_id: str | None = None
    description: str | None = None
    location: LocationOut | None = None


class ServiceOut(Schema):
    id: str
    organization_id: str | None = None
    name: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: str
    application_process: str | None = None
    eligibility_description: str | None = None
    last_modified: datetime | None = None


class ServiceDetailOut(ServiceOut):
    organization: OrganizationOut | None = None
    attributes: list[AttributeOut] = []
    service_areas: list[ServiceAreaOut] = []
    service_at_locations: list[ServiceAtLocationOut] = []
    contacts: list[ContactOut] = []
    phones: list[PhoneOut] = []
    languages: list[LanguageOut] = []
    required_documents: list[RequiredDocumentOut] = []
    funding: list[FundingOut] = []


class OrganizationDetailOut(OrganizationOut):
    funding: list[FundingOut] = []
    contacts: list[ContactOut] = []
    phones: list[PhoneOut] = []
    locations: list[LocationOut] = []
    services: list[ServiceOut] = []


class ServicePage(PageOut):
    contents: list[ServiceOut]


class OrganizationPage(PageOut):
    contents: list[OrganizationOut]


class TaxonomyPage(PageOut):
    contents: list[TaxonomyOut]


class TaxonomyTermPage(PageOut):
    contents: list[TaxonomyTermOut]


class ServiceAtLocationPage(PageOut):
    contents: list[ServiceAtLocationOut]


class ListQuery(Schema):
    search: str | None = Field(None, description="Words in the name or description")
    page: int = Field(1, ge=1, description="Page number (1 is the first)")
    per_page: int = Field(20, ge=1, le=200, description="Results per page (at most 200)")


class ServiceQuery(ListQuery):
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: IsoDateTime | None = Field(None, description="ISO 8601 date-time")


class TermQuery(ListQuery):
    taxonomy_id: str | None = None
    top_only: bool | None = None
    parent_id: str | None = None


# --- Helpers ------------------------------------------------------------------------


def base_url():
    return settings.SITE_BASE_URL.rstrip("/")


def absolute(url):
    if not url:
        return None
    return url if url.startswith(("http://", "https://")) else base_url() + url


def paginate(items_or_queryset, query, count=None):
    """HSDS's page object around a slice of the results."""
    total = count if count is not None else len(items_or_queryset)
    per_page = query.per_page
    pages = max((total + per_page - 1) // per_page, 1)
    start = (query.page - 1) * per_page
    contents = list(items_or_queryset[start : start + per_page]) if start < total else []
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= pages,
        "empty": total == 0,
    }, contents


def office():
    site = Site.objects.filter(is_default_site=True).first()
    return OfficeSettings.for_site(site) if site else OfficeSettings(office_name="Balai")


def office_org(settings_=None):
    o = settings_ or office()
    address = f" ({o.address})" if o.address else ""
    return {
        "id": hsds_id("organization", OFFICE_PK),
        "name": o.office_name,
        "description": f"{o.office_name}{address}: penerbit program layanan sosial di Balai.",
        "email": o.email or None,
        "website": base_url() + "/",
        "legal_status": "Instansi pemerintah (kelurahan)",
    }


def partner_org(partner):
    logo = None
    if partner.logo_id:
        logo = absolute(partner.logo.get_rendition("max-400x400").url)
    return {
        "id": hsds_id("organization", partner.pk),
        "name": partner.name,
        "description": partner.description or f"{partner.get_kind_display()}: {partner.name}.",
        "email": partner.contact_email or None,
        "website": partner.website or None,
        "legal_status": str(partner.get_kind_display()),
        "logo": logo,
        "parent_organization_id": None,
    }


SERVICE_STATUS = {"open": "active", "upcoming": "inactive", "closed": "inactive"}


def term_data(category, with_taxonomy=False):
    label = str(ProgramCategory(category).label)
    data = {
        "id": term_id(category),
        "code": category,
        "name": label,
        "description": f"Program Balai dalam kategori {label}.",
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "language": "id",
    }
    if with_taxonomy:
        data["taxonomy_detail"] = taxonomy_data()
    return data


def taxonomy_data():
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": "Kategori program kesejahteraan sosial yang dipakai Balai.",
        "uri": base_url() + "/api/hsds/taxonomies/",
        "version": "1",
    }


def steps_text(program):
    parts = []
    for number, block in enumerate(program.application_steps, start=1):
        value = block.value
        parts.append(
            f"{number}. {value.get('title', '')}: {strip_tags(str(value.get('description', '')))}"
        )
    return " ".join(parts) or None


def service_id_of(program_id):
    return hsds_id("service", program_id) if program_id else None


def service_data(program):
    sid = hsds_id("service", program.pk)
    eligibility = strip_tags(program.eligibility or "").strip()
    return {
        "id": sid,
        "organization_id": hsds_id("organization", OFFICE_PK),
        "name": program.title,
        "description": program.summary,
        "url": absolute(program.url),
        "email": program.contact_email or None,
        "status": SERVICE_STATUS.get(program.status, "inactive"),
        "eligibility_description": eligibility or None,
        "last_modified": getattr(program, "modified", None) or program.last_published_at,
    }


def funding_data(pledge, service_id=None, organization_id=None):
    """One delivered pledge as HSDS funding with the Balai profile's structured fields."""
    need, partner = pledge.need, pledge.partner
    day = pledge.delivered_on.isoformat() if pledge.delivered_on else None
    return {
        "id": nested_id("funding", "pledge", pledge.pk),
        "service_id": service_id,
        "organization_id": organization_id,
        "source": f"{partner.name}: {pledge.amount_display} untuk {need.title}",
        "amount": int(pledge.value),
        "currency": "IDR",
        "period_start": day,
        "period_end": day,
        "funder_organization_id": hsds_id("organization", partner.pk),
    }


def office_location(settings_=None):
    o = settings_ or office()
    return {
        "id": hsds_id("location", OFFICE_PK),
        "location_type": "physical",
        "organization_id": hsds_id("organization", OFFICE_PK),
        "name": o.office_name,
        "description": o.address or None,
    }


def sal_data(program, with_location=False, settings_=None):
    data = {
        "id": hsds_id("service_at_location", program.pk),
        "service_id": hsds_id("service", program.pk),
        "location_id": hsds_id("location", OFFICE_PK),
        "description": f"{program.title} dilayani di {(settings_ or office()).office_name}.",
    }
    if with_location:
        data["location"] = office_location(settings_)
    return data


def delivered_pledges():
    return (
        Pledge.objects.delivered()
        .exclude(need__status=Need.Status.DRAFT)
        .select_related("need", "partner")
        .order_by("delivered_on", "pk")
    )


def programs():
    """Live, public programs, with `modified`: when the program last changed."""
    modified = Coalesce("last_published_at", "latest_revision_created_at", "first_published_at")
    return ProgramPage.objects.live().public().annotate(modified=modified).order_by("title", "pk")


def filter_services(queryset, query):
    if query.search:
        words = query.search.strip()
        queryset = queryset.filter(Q(title__icontains=words) | Q(summary__icontains=words))
    if query.taxonomy_id and query.taxonomy_id != TAXONOMY_ID:
        return queryset.none()
    if query.taxonomy_term_id:
        category = TERM_IDS.get(query.taxonomy_term_id.strip().lower())
        if category is None:
            return queryset.none()
        queryset = queryset.filter(category=category)
    if query.organization_id:
        pk = parse_id("organization", query.organization_id)
        if pk is None:
            return queryset.none()
        if pk != OFFICE_PK:
            # A partner serves a program it is named on or funded (delivered pledges,
            # the funding the service record shows); a cancelled promise is neither.
            funded = delivered_pledges().filter(need__program=OuterRef("pk"), partner_id=pk)
            queryset = queryset.filter(Q(partners__pk=pk) | Exists(funded)).distinct()
    if query.modified_after:
        queryset = queryset.filter(modified__gte=query.modified_after)
    return queryset


# --- Endpoints ----------------------------------------------------------------------


@router.get("/", response=RootOut, url_name="hsds_root", exclude_none=True)
def root(request):
    """What this API is: HSDS version, the Balai profile, the OpenAPI file, the publisher."""
    o = office()
    return {
        "version": HSDS_VERSION,
        "profile": base_url() + PROFILE_PATH,
        "openapi_url": base_url() + "/api/openapi.json",
        "description": f"Program layanan sosial {o.office_name} dalam format Open Referral "
        "HSDS 3.1, dengan profil Balai untuk pendanaan terstruktur.",
        "publisher": {"name": o.office_name, "email": o.email or None, "website": base_url() + "/"},
    }


@router.get("/profile/", url_name="hsds_profile")
def profile(request):
    """The Balai profile: what it adds to HSDS 3.1 (structured funding)."""
    return {
        "name": "balai",
        "title": "Profil Balai untuk HSDS 3.1",
        "base": "https://docs.openreferral.org/en/v3.1/",
        "documentation": base_url() + "/api/docs",
        "additions": {
            "funding": {
                "amount": "integer: whole units of currency (rupiah)",
                "currency": "string: ISO 4217 code, always IDR",
                "period_start": "string: ISO 8601 date the funding starts (delivery date)",
                "period_end": "string: ISO 8601 date the funding ends (delivery date)",
                "funder_organization_id": "string: the funder's HSDS organization id",
            }
        },
        "identifiers": "UUID (RFC 9562 version 8) encoding the record kind and Balai's id",
    }


@router.get(
    "/services",
    response={200: ServicePage, **error_responses()},
    url_name="hsds_services",
    exclude_none=True,
)
def list_services(request, query: Query[ServiceQuery]):
    """Programs as HSDS services (one-to-one fields only), with HSDS's page object."""
    queryset = filter_services(programs(), query)
    page, contents = paginate(queryset, query, count=queryset.count())
    return {**page, "contents": [service_data(p) for p in contents]}


@router.get(
    "/services/{service_id}",
    response={200: ServiceDetailOut, **error_responses(404)},
    url_name="hsds_service",
    exclude_none=True,
)
def get_service(request, service_id: str):
    """One program as a fully nested HSDS service."""
    pk = parse_id("service", service_id)
    program = (
        programs()
        .filter(pk=pk)
        .prefetch_related(Prefetch("areas", Area.objects.select_related("parent")))
        .first()
        if pk is not None
        else None
    )
    if program is None:
        raise Http404
    o = office()
    data = service_data(program)
    sid = data["id"]
    data["organization"] = office_org(o)
    data["attributes"] = [
        {
            "id": nested_id("attribute", "service", program.pk, program.category),
            "link_id": sid,
            "link_type": "category",
            "link_entity": "service",
            "taxonomy_term_id": term_id(program.category),
            "taxonomy_term": term_data(program.category),
        }
    ]
    data["service_areas"] = [
        {
            "id": nested_id("service_area", program.pk, area.pk),
            "service_id": sid,
            "name": str(area),
            "description": area.get_level_display(),
            "extent_type": None,
            "uri": None,
        }
        for area in program.areas.all()
    ]
    data["service_at_locations"] = [sal_data(program, with_location=True, settings_=o)]
    data["application_process"] = steps_text(program)
    if program.contact_name or program.contact_email:
        data["contacts"] = [
            {
                "id": nested_id("contact", "service", program.pk),
                "service_id": sid,
                "name": program.contact_name or None,
                "email": program.contact_email or None,
            }
        ]
    if program.contact_phone:
        data["phones"] = [
            {
                "id": nested_id("phone", "service", program.pk),
                "service_id": sid,
                "number": program.contact_phone,
            }
        ]
    data["languages"] = [
        {
            "id": nested_id("language", program.pk, "id"),
            "service_id": sid,
            "name": "Bahasa Indonesia",
            "code": "id",
        }
    ]
    data["required_documents"] = [
        {
            "id": nested_id("required_document", program.pk, n),
            "service_id": sid,
            "document": str(block.value),
        }
        for n, block in enumerate(program.required_documents)
    ]
    data["funding"] = [
        funding_data(p, service_id=sid) for p in delivered_pledges().filter(need__program=program)
    ]
    return data


@router.get(
    "/organizations",
    response={200: OrganizationPage, **error_responses()},
    url_name="hsds_organizations",
    exclude_none=True,
)
def list_organizations(request, query: Query[ListQuery]):
    """The office first, then the partners, by name."""
    partners = Partner.objects.select_related("logo").order_by("name", "pk")
    if query.search:
        words = query.search.strip()
        partners = partners.filter(Q(name__icontains=words) | Q(description__icontains=words))
    o = office()
    include_office = not query.search or query.search.strip().lower() in o.office_name.lower()
    count = partners.count() + (1 if include_office else 0)
    # The office is item 0 of the list; partners follow.
    per_page = query.per_page
    start = (query.page - 1) * per_page
    stop = start + per_page
    contents = []
    if include_office and start == 0:
        contents.append(office_org(o))
    offset = 1 if include_office else 0
    p_start, p_stop = max(start - offset, 0), max(stop - offset, 0)
    if start < count:
        contents += [partner_org(p) for p in partners[p_start:p_stop]]
    pages = max((count + per_page - 1) // per_page, 1)
    return {
        "total_items": count,
        "total_pages": pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= pages,
        "empty": count == 0,
        "contents": contents,
    }


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationDetailOut, **error_responses(404)},
    url_name="hsds_organization",
    exclude_none=True,
)
def get_organization(request, organization_id: str):
    pk = parse_id("organization", organization_id)
    if pk is None:
        raise Http404
    o = office()
    if pk == OFFICE_PK:
        data = office_org(o)
        data["locations"] = [office_location(o)]
        if o.phone:
            data["phones"] = [
                {
                    "id": nested_id("phone", "office"),
                    "organization_id": data["id"],
                    "number": o.phone,
                }
            ]
        data["services"] = [service_data(p) for p in programs()]
        return data
    partner = Partner.objects.select_related("logo").filter(pk=pk).first()
    if partner is None:
        raise Http404
    data = partner_org(partner)
    if partner.contact_name or partner.contact_email:
        data["contacts"] = [
            {
                "id": nested_id("contact", "organization", partner.pk),
                "organization_id": data["id"],
                "name": partner.contact_name or None,
                "email": partner.contact_email or None,
            }
        ]
    query = ServiceQuery(organization_id=data["id"])
    data["services"] = [service_data(p) for p in filter_services(programs(), query)]
    # What the partner delivered, as funding it gave (the Balai profile).
    data["funding"] = [
        funding_data(
            p, service_id=hsds_id("service", p.need.program_id) if p.need.program_id else None
        )
        for p in delivered_pledges().filter(partner=partner)
    ]
    return data


@router.get(
    "/taxonomies",
    response={200: TaxonomyPage, **error_responses()},
    url_name="hsds_taxonomies",
    exclude_none=True,
)
def list_taxonomies(request, query: Query[ListQuery]):
    items = [taxonomy_data()]
    if query.search and query.search.strip().lower() not in TAXONOMY_NAME.lower():
        items = []
    page, contents = paginate(items, query)
    return {**page, "contents": contents}


@router.get(
    "/taxonomy_terms",
    response={200: TaxonomyTermPage, **error_responses()},
    url_name="hsds_taxonomy_terms",
    exclude_none=True,
)
def list_taxonomy_terms(request, query: Query[TermQuery]):
    """Program categories as terms of one flat taxonomy (so none has a parent)."""
    items = [term_data(value) for value in ProgramCategory.values]
    if query.taxonomy_id and query.taxonomy_id != TAXONOMY_ID:
        items = []
    if query.parent_id:
        items = []  # a flat taxonomy: no term has a parent
    if query.search:
        words = query.search.strip().lower()
        items = [t for t in items if words in t["name"].lower() or words in t["code"]]
    page, contents = paginate(items, query)
    return {**page, "contents": contents}


@router.get(
    "/service_at_locations",
    response={200: ServiceAtLocationPage, **error_responses()},
    url_name="hsds_service_at_locations",
    exclude_none=True,
)
def list_service_at_locations(request, query: Query[ServiceQuery]):
    """Each program at the office, where residents apply."""
    queryset = filter_services(programs(), query)
    page, contents = paginate(queryset, query, count=queryset.count())
    o = office()
    return {**page, "contents": [sal_data(p, settings_=o) for p in contents]}


@router.get(
    "/service_at_locations/{sal_id}",
    response={200: ServiceAtLocationOut, **error_responses(404)},
    url_name="hsds_service_at_location",
    exclude_none=True,
)
def get_service_at_location(request, sal_id: str):
    pk = parse_id("service_at_location", sal_id)
    program = programs().filter(pk=pk).first() if pk is not None else None
    if program is None:
        raise Http404
    return sal_data(program, with_location=True)


@router.get(
    "/taxonomies/{taxonomy_id}",
    response={200: TaxonomyOut, **error_responses(404)},
    url_name="hsds_taxonomy",
    exclude_none=True,
)
def get_taxonomy(request, taxonomy_id: str):
    if taxonomy_id.strip().lower() != TAXONOMY_ID:
        raise Http404
    return taxonomy_data()


@router.get(
    "/taxonomy_terms/{term_id}",
    response={200: TaxonomyTermOut, **error_responses(404)},
    url_name="hsds_taxonomy_term",
    exclude_none=True,
)
def get_taxonomy_term(request, term_id: str):
    category = TERM_IDS.get(term_id.strip().lower())
    if category is None:
        raise Http404
    return term_data(category, with_taxonomy=True)
