"""Open Referral HSDS 3.1 conformance of /api/hsds/.

The field lists, required fields and types below are copied from the HSDS 3.1 schemas
(openreferral/specification: schema/compiled/service.json, service_list.json,
organization.json, taxonomy.json, taxonomy_term.json, service_at_location.json,
location.json, attribute.json, funding.json, and the `Page` object and query
parameters of schema/openapi.json). Every response must use only those fields (plus
the Balai profile's funding fields, docs/hsds.md), carry the required ones, with the
spec's JSON types, and give identifiers as UUIDs.
"""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from pages.models import ProgramCategory
from partners import hsds
from partners.models import Pledge
from tests.factories.pages import PartnerFactory, ProgramPageFactory
from tests.factories.partners import NeedFactory, make_pledge

pytestmark = pytest.mark.django_db

URL = "/api/hsds"

S, N, A, OBJ, B = "string", "number", "array", "object", "boolean"

SERVICE = {
    "fields": {
        "id": S,
        "organization_id": S,
        "program_id": S,
        "name": S,
        "alternate_name": S,
        "description": S,
        "url": S,
        "email": S,
        "status": S,
        "interpretation_services": S,
        "application_process": S,
        "fees_description": S,
        "wait_time": S,
        "fees": S,
        "accreditations": S,
        "eligibility_description": S,
        "minimum_age": N,
        "maximum_age": N,
        "assured_date": S,
        "assurer_email": S,
        "licenses": S,
        "alert": S,
        "last_modified": S,
        "phones": A,
        "schedules": A,
        "service_areas": A,
        "service_at_locations": A,
        "languages": A,
        "organization": OBJ,
        "funding": A,
        "cost_options": A,
        "program": OBJ,
        "required_documents": A,
        "contacts": A,
        "capacities": A,
        "attributes": A,
        "metadata": A,
    },
    "required": {"id", "name", "status"},
}
SERVICE_LIST_ARRAYS = {k for k, t in SERVICE["fields"].items() if t in (A, OBJ)}
ORGANIZATION = {
    "fields": {
        "id": S,
        "name": S,
        "alternate_name": S,
        "description": S,
        "email": S,
        "website": S,
        "additional_websites": A,
        "tax_status": S,
        "tax_id": S,
        "year_incorporated": N,
        "legal_status": S,
        "logo": S,
        "uri": S,
        "parent_organization_id": S,
        "funding": A,
        "contacts": A,
        "phones": A,
        "locations": A,
        "programs": A,
        "organization_identifiers": A,
        "attributes": A,
        "metadata": A,
        "services": A,
    },
    "required": {"id", "name", "description"},
}
TAXONOMY = {
    "fields": {"id": S, "name": S, "description": S, "uri": S, "version": S, "metadata": A},
    "required": {"id", "name", "description"},
}
TAXONOMY_TERM = {
    "fields": {
        "id": S,
        "code": S,
        "name": S,
        "description": S,
        "parent_id": S,
        "taxonomy": S,
        "taxonomy_detail": OBJ,
        "language": S,
        "taxonomy_id": S,
        "term_uri": S,
        "metadata": A,
    },
    "required": {"id", "name", "description"},
}
SERVICE_AT_LOCATION = {
    "fields": {
        "id": S,
        "service_id": S,
        "location_id": S,
        "description": S,
        "service_areas": A,
        "contacts": A,
        "phones": A,
        "schedules": A,
        "location": OBJ,
        "attributes": A,
        "metadata": A,
    },
    "required": {"id"},
}
LOCATION = {
    "fields": {
        "id": S,
        "location_type": S,
        "url": S,
        "organization_id": S,
        "name": S,
        "alternate_name": S,
        "description": S,
        "transportation": S,
        "latitude": N,
        "longitude": N,
        "external_identifier": S,
        "external_identifier_type": S,
        "phones": A,
        "accessibilitys": A,
        "contacts": A,
        "schedules": A,
        "languages": A,
        "addresss": A,
        "attributes": A,
        "metadata": A,
    },
    "required": {"id", "location_type"},
}
ATTRIBUTE = {
    "fields": {
        "id": S,
        "link_id": S,
        "taxonomy_term_id": S,
        "link_type": S,
        "link_entity": S,
        "value": S,
        "taxonomy_term": OBJ,
        "metadata": A,
    },
    "required": {"id"},
}
FUNDING = {
    "fields": {
        "id": S,
        "organization_id": S,
        "service_id": S,
        "source": S,
        "attributes": A,
        "metadata": A,
        # The Balai profile (docs/hsds.md):
        "amount": "integer",
        "currency": S,
        "period_start": S,
        "period_end": S,
        "funder_organization_id": S,
    },
    "required": {"id"},
}
PAGE = {
    "total_items": "integer",
    "total_pages": "integer",
    "page_number": "integer",
    "size": "integer",
    "first_page": B,
    "last_page": B,
    "empty": B,
}
UUID_FIELDS = {
    "id",
    "organization_id",
    "service_id",
    "location_id",
    "taxonomy_id",
    "taxonomy_term_id",
    "link_id",
    "parent_organization_id",
    "funder_organization_id",
    "parent_id",
}

PY_TYPES = {
    S: str,
    N: (int, float),
    A: list,
    OBJ: dict,
    B: bool,
    "integer": int,
}


def conforms(record, schema, where):
    """Problems with `record` against one HSDS schema, as readable strings."""
    problems = []
    extra = set(record) - set(schema["fields"])
    if extra:
        problems.append(f"{where}: fields HSDS does not define: {sorted(extra)}")
    missing = schema["required"] - set(record)
    if missing:
        problems.append(f"{where}: required fields missing: {sorted(missing)}")
    for name, value in record.items():
        expected = schema["fields"].get(name)
        if expected is None:
            continue
        wrong_bool = isinstance(value, bool) and expected != B
        if value is None or wrong_bool or not isinstance(value, PY_TYPES[expected]):
            problems.append(f"{where}.{name}: {value!r} is not a {expected}")
        if name in UUID_FIELDS and isinstance(value, str):
            try:
                uuid.UUID(value)
            except ValueError:
                problems.append(f"{where}.{name}: {value!r} is not a UUID")
    return problems


def page_problems(body, item_schema):
    problems = []
    for name, kind in PAGE.items():
        if not isinstance(body.get(name), PY_TYPES[kind]):
            problems.append(f"page.{name} is {body.get(name)!r}, not a {kind}")
    if set(body) - set(PAGE) - {"contents"}:
        problems.append(f"page: unknown fields {sorted(set(body) - set(PAGE) - {'contents'})}")
    for n, item in enumerate(body["contents"]):
        problems += conforms(item, item_schema, f"contents[{n}]")
    if body["size"] != len(body["contents"]):
        problems.append("size is not the number of contents")
    return problems


@pytest.fixture
def catalogue(program, need, partner, rw, site):
    """A program with a partner, a delivered pledge, and a second program."""
    program.partners.add(partner)
    program.contact_name = "PTSP Kelurahan"
    program.contact_email = "layanan@kelurahan.test"
    program.contact_phone = "0812-8000-1450"
    program.eligibility = "<ul><li>Ibu rumah tangga RW 04</li></ul>"
    program.application_steps = [
        {"type": "step", "value": {"title": "Daftar", "description": "<p>Di PTSP.</p>"}}
    ]
    program.required_documents = [{"type": "document", "value": "KTP"}]
    program.save_revision().publish()
    make_pledge(need, partner, 4, status=Pledge.Status.DELIVERED, delivered_on=timezone.localdate())
    other = ProgramPageFactory(
        parent=program.get_parent(), title="Posyandu Balita", category=ProgramCategory.HEALTH
    )
    other.save_revision().publish()
    return {"program": program, "other": other}


def test_root_names_version_profile_openapi_and_publisher(client, site):
    body = client.get(f"{URL}/").json()
    assert body["version"] == "3.1"
    assert body["profile"].endswith("/api/hsds/profile/")
    assert body["openapi_url"].endswith("/api/openapi.json")
    assert body["publisher"]["name"]
    profile = client.get(f"{URL}/profile/").json()
    assert set(profile["additions"]["funding"]) == {
        "amount",
        "currency",
        "period_start",
        "period_end",
        "funder_organization_id",
    }


def test_services_listing_conforms(client, catalogue):
    body = client.get(f"{URL}/services").json()
    assert page_problems(body, SERVICE) == []
    assert body["total_items"] == 2 and body["empty"] is False
    for item in body["contents"]:
        # A listing carries one-to-one fields only.
        assert not set(item) & SERVICE_LIST_ARRAYS
        assert item["status"] in {"active", "inactive", "defunct", "temporarily closed"}


def test_service_detail_conforms_with_nested_records(client, catalogue):
    program = catalogue["program"]
    sid = hsds.hsds_id("service", program.pk)
    body = client.get(f"{URL}/services/{sid}").json()
    problems = conforms(body, SERVICE, "service")
    problems += conforms(body["organization"], ORGANIZATION, "service.organization")
    for attribute in body["attributes"]:
        problems += conforms(attribute, ATTRIBUTE, "attribute")
        problems += conforms(attribute["taxonomy_term"], TAXONOMY_TERM, "attribute.term")
    for sal in body["service_at_locations"]:
        problems += conforms(sal, SERVICE_AT_LOCATION, "service_at_location")
        problems += conforms(sal["location"], LOCATION, "location")
    for funding in body["funding"]:
        problems += conforms(funding, FUNDING, "funding")
    for name in ("service_areas", "contacts", "phones", "languages", "required_documents"):
        for n, record in enumerate(body[name]):
            if "id" not in record:
                problems.append(f"{name}[{n}] has no id")
    assert problems == []
    assert body["id"] == sid and body["name"] == program.title
    assert body["service_areas"][0]["name"] == str(program.areas.first())
    assert body["eligibility_description"] == "Ibu rumah tangga RW 04"
    (funding,) = body["funding"]
    assert funding["amount"] == 4 * 2_500_000 and funding["currency"] == "IDR"
    assert funding["funder_organization_id"] == hsds.hsds_id(
        "organization", catalogue["program"].partners.first().pk
    )


def test_organizations_are_the_office_and_the_partners(client, catalogue, partner):
    PartnerFactory(name="Universitas Pembangunan", kind="university")
    body = client.get(f"{URL}/organizations").json()
    assert page_problems(body, ORGANIZATION) == []
    assert body["total_items"] == 3
    ids = [o["id"] for o in body["contents"]]
    assert ids[0] == hsds.hsds_id("organization", 0)  # the office first
    paged = client.get(f"{URL}/organizations", {"per_page": 2, "page": 2}).json()
    assert paged["size"] == 1 and paged["last_page"] is True and paged["first_page"] is False
    assert paged["contents"][0]["id"] not in ids[:2]
    detail = client.get(f"{URL}/organizations/{hsds.hsds_id('organization', partner.pk)}").json()
    assert conforms(detail, ORGANIZATION, "organization") == []
    assert [s["name"] for s in detail["services"]] == [catalogue["program"].title]
    assert detail["funding"][0]["amount"] == 10_000_000
    office = client.get(f"{URL}/organizations/{ids[0]}").json()
    assert conforms(office, ORGANIZATION, "office") == []
    assert len(office["services"]) == 2
    for location in office["locations"]:
        assert conforms(location, LOCATION, "office.location") == []


def test_taxonomies_and_terms_conform(client):
    body = client.get(f"{URL}/taxonomies").json()
    assert page_problems(body, TAXONOMY) == []
    terms = client.get(f"{URL}/taxonomy_terms").json()
    assert page_problems(terms, TAXONOMY_TERM) == []
    assert terms["total_items"] == len(ProgramCategory.values)
    assert {t["code"] for t in terms["contents"]} == set(ProgramCategory.values)
    assert all(t["taxonomy_id"] == body["contents"][0]["id"] for t in terms["contents"])
    other = client.get(f"{URL}/taxonomy_terms", {"taxonomy_id": str(uuid.uuid4())}).json()
    assert other["empty"] is True and other["contents"] == []


def test_service_at_locations_conform(client, catalogue):
    body = client.get(f"{URL}/service_at_locations").json()
    assert page_problems(body, SERVICE_AT_LOCATION) == []
    assert body["total_items"] == 2


def test_query_parameters(client, catalogue, partner):
    program, other = catalogue["program"], catalogue["other"]

    def names(**params):
        return {s["name"] for s in client.get(f"{URL}/services", params).json()["contents"]}

    assert names(search="posyandu") == {other.title}
    assert names(taxonomy_term_id=hsds.term_id("health")) == {other.title}
    assert names(taxonomy_term_id=str(uuid.uuid4())) == set()
    assert names(organization_id=hsds.hsds_id("organization", partner.pk)) == {program.title}
    assert names(organization_id=hsds.hsds_id("organization", 0)) == {program.title, other.title}
    assert names(organization_id="bukan-uuid") == set()
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert names(modified_after=future) == set()
    past = (timezone.now() - timedelta(days=1)).isoformat()
    assert names(modified_after=past) == {program.title, other.title}
    page = client.get(f"{URL}/services", {"per_page": 1, "page": 2}).json()
    assert (page["total_pages"], page["page_number"], page["size"]) == (2, 2, 1)
    assert page["last_page"] is True and page["first_page"] is False
    empty = client.get(f"{URL}/services", {"page": 9}).json()
    assert empty["contents"] == [] and empty["size"] == 0 and empty["empty"] is False


def test_a_partner_serves_only_programs_it_is_named_on_or_delivered_to(
    client, catalogue, other_partner, rw
):
    other = catalogue["other"]
    wanted = NeedFactory(program=other, area=rw)
    org = hsds.hsds_id("organization", other_partner.pk)

    def names():
        params = {"organization_id": org}
        return {s["name"] for s in client.get(f"{URL}/services", params).json()["contents"]}

    make_pledge(wanted, other_partner, 2, status=Pledge.Status.CANCELLED)
    make_pledge(wanted, other_partner, 2, status=Pledge.Status.PLEDGED)
    assert names() == set()
    make_pledge(wanted, other_partner, 1, status=Pledge.Status.DELIVERED)
    assert names() == {other.title}


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"per_page": 0}, {"per_page": 1000}, {"modified_after": "kemarin"}]
)
def test_bad_query_parameters_are_422(client, params):
    response = client.get(f"{URL}/services", params)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_unknown_or_malformed_ids_are_404(client, catalogue):
    organization_as_service = hsds.hsds_id("organization", catalogue["program"].pk)
    for value in ("123", str(uuid.uuid4()), organization_as_service, hsds.hsds_id("service", 9**9)):
        assert client.get(f"{URL}/services/{value}").status_code == 404
    assert client.get(f"{URL}/organizations/{uuid.uuid4()}").status_code == 404


def test_ids_are_stable_uuids():
    value = hsds.hsds_id("service", 42)
    assert uuid.UUID(value).version == 8 and hsds.parse_id("service", value) == 42
    assert hsds.parse_id("organization", value) is None
    assert hsds.term_id("health") == hsds.term_id("health")


def test_draft_programs_are_not_services(client, catalogue):
    catalogue["other"].unpublish()
    assert client.get(f"{URL}/services").json()["total_items"] == 1


def test_services_query_count_stays_flat(client, home_page, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.pages import ProgramIndexPageFactory

    index = ProgramIndexPageFactory(parent=home_page)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{URL}/services", {"per_page": 50}).status_code == 200
        return len(queries)

    ProgramPageFactory(parent=index, title="Program Awal")
    count()
    few = count()
    for n in range(12):
        ProgramPageFactory(parent=index, title=f"Program Tambahan {n}")
    assert count() == few


def test_optional_detail_endpoints_conform(client, catalogue):
    program = catalogue["program"]
    sal = client.get(
        f"{URL}/service_at_locations/{hsds.hsds_id('service_at_location', program.pk)}"
    )
    assert conforms(sal.json(), SERVICE_AT_LOCATION, "service_at_location") == []
    assert conforms(sal.json()["location"], LOCATION, "location") == []
    taxonomy = client.get(f"{URL}/taxonomies/{hsds.TAXONOMY_ID}").json()
    assert conforms(taxonomy, TAXONOMY, "taxonomy") == []
    term = client.get(f"{URL}/taxonomy_terms/{hsds.term_id('health')}").json()
    assert conforms(term, TAXONOMY_TERM, "taxonomy_term") == []
    assert conforms(term["taxonomy_detail"], TAXONOMY, "taxonomy_detail") == []
    for path in ("service_at_locations", "taxonomies", "taxonomy_terms"):
        assert client.get(f"{URL}/{path}/{uuid.uuid4()}").status_code == 404
