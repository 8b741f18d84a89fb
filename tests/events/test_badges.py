"""Open Badges 3.0: the credential is signed with Ed25519 (eddsa-jcs-2022); the
signature verifies with the published public key and any change breaks it."""

import base64
import copy
import json
import re
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from events import badges
from events import certificates as rules
from events.models import Attendance
from tests.factories.events import enroll_directly, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(event_index, make_resident):
    event = make_event(
        event_index,
        sessions=2,
        start_in=-timedelta(days=30),
        grants_certificate=True,
        title="Pelatihan Tata Boga",
    )
    enrollment = enroll_directly(event, make_resident(display_name="Dewi Lestari"))
    for session in event.ordered_sessions():
        Attendance.objects.create(session=session, enrollment=enrollment)
    return rules.issue(enrollment)


def test_the_credential_is_an_open_badge(certificate):
    credential = badges.signed_credential(certificate)
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "ob/v3p0" in credential["@context"][1]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["type"] == ["Profile"]
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["name"] == "Pelatihan Tata Boga"
    assert subject["identifier"][0]["identityHash"] == "Dewi Lestari"
    assert credential["validFrom"].endswith("Z")
    proof = credential["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == badges.verification_method()
    assert re.search(
        r"/sertifikat/kunci-publik\.json#key-[0-9a-f]{16}$", proof["verificationMethod"]
    )
    assert proof["proofValue"].startswith("z")


def test_the_signature_verifies_and_tampering_is_detected(certificate):
    credential = badges.signed_credential(certificate)
    assert badges.verify(credential) is True

    renamed = copy.deepcopy(credential)
    renamed["credentialSubject"]["identifier"][0]["identityHash"] = "Orang Lain"
    assert badges.verify(renamed) is False

    other_course = copy.deepcopy(credential)
    other_course["credentialSubject"]["achievement"]["name"] = "Kursus Pilot"
    assert badges.verify(other_course) is False

    backdated = copy.deepcopy(credential)
    backdated["proof"]["created"] = "2000-01-01T00:00:00Z"
    assert badges.verify(backdated) is False

    forged = copy.deepcopy(credential)
    forged["proof"]["proofValue"] = "z" + badges.base58btc(b"\x01" * 64)
    assert badges.verify(forged) is False

    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    assert badges.verify(unsigned) is False


def test_another_key_does_not_verify(certificate):
    credential = badges.signed_credential(certificate)
    stranger = Ed25519PrivateKey.generate().public_key()
    assert badges.verify(credential, public_key=stranger) is False
    # ...and a document signed with another key does not pass as Balai's.
    forged = badges.sign(badges.credential(certificate), key=Ed25519PrivateKey.generate())
    assert badges.verify(forged) is False


def test_the_published_key_verifies_the_downloaded_badge(client, certificate):
    document = client.get(reverse("events:certificate_public_key")).json()
    method = document["verificationMethod"][0]
    assert method["type"] == "Multikey"
    raw = badges.unbase58btc(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"
    from_multikey = Ed25519PublicKey.from_public_bytes(raw[2:])
    jwk = method["publicKeyJwk"]
    from_jwk = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(jwk["x"] + "=="))

    client.force_login(certificate.user)
    response = client.get(reverse("events:certificate_badge", args=[certificate.code]))
    assert response.status_code == 200
    credential = json.loads(response.content)
    assert credential["proof"]["verificationMethod"] == method["id"]
    assert badges.verify(credential, public_key=from_multikey)
    assert badges.verify(credential, public_key=from_jwk)


def test_the_badge_is_for_the_holder_only(client, certificate, make_resident):
    url = reverse("events:certificate_badge", args=[certificate.code])
    assert client.get(url).status_code == 302
    client.force_login(make_resident())
    assert client.get(url).status_code == 404


def test_canonical_json_sorts_keys_without_whitespace():
    expected = '{"a":[true,null,"é"],"b":1}'.encode()
    assert badges.canonical({"b": 1, "a": [True, None, "é"]}) == expected


def test_base58_round_trip():
    for data in (b"", b"\0\0abc", bytes(range(64))):
        assert badges.unbase58btc(badges.base58btc(data)) == data


def test_keys_load_from_base64_or_pem_and_bad_keys_are_refused():
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    expected = badges.public_key_bytes(key.public_key())
    for value in (base64.b64encode(seed).decode(), base64.urlsafe_b64encode(seed).decode(), pem):
        loaded = badges.load_private_key(value)
        assert badges.public_key_bytes(loaded.public_key()) == expected
    for bad in ("", "bukan-kunci!", base64.b64encode(b"short").decode()):
        with pytest.raises(ImproperlyConfigured):
            badges.load_private_key(bad)


@pytest.fixture
def staff_user(db):
    from django.contrib.auth.models import Group

    from tests.factories.events import ResidentFactory

    user = ResidentFactory(display_name="Bu Staf")
    user.groups.add(Group.objects.get(name="Staf Humas"))
    return user


def test_a_verifier_learns_of_a_revocation_from_the_status_list(client, certificate, staff_user):
    """The credential points at a signed Bitstring Status List; its bit for this
    certificate is 0 while valid and 1 once staff revoke it, with no Balai page needed."""
    status = badges.credential(certificate)["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    list_url = status["statusListCredential"]
    assert status["id"] == f"{list_url}#{status['statusListIndex']}"
    path = list_url.split("://", 1)[1].split("/", 1)[1]
    index = int(status["statusListIndex"])

    def bit():
        response = client.get("/" + path)
        assert response.status_code == 200
        assert "max-age=300" in response["Cache-Control"]
        document = response.json()
        assert badges.verify(document)  # signed by the same issuer key
        assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        subject = document["credentialSubject"]
        assert subject["statusPurpose"] == "revocation"
        assert len(badges.decode_bitstring_bytes(subject["encodedList"])) == 16_384
        return index in badges.decode_bitstring(subject["encodedList"])

    assert bit() is False
    rules.revoke(certificate, staff_user, "Nama salah tulis")
    assert bit() is True


def test_a_status_list_beyond_the_certificates_is_not_found(client, certificate):
    url = reverse("events:certificate_status_list", args=[certificate.pk // 131_072 + 1])
    assert client.get(url).status_code == 404


def test_the_bitstring_is_the_specifications_layout():
    encoded = badges.encode_bitstring([0, 9, 131_071])
    assert encoded.startswith("u")
    raw = badges.decode_bitstring_bytes(encoded)
    assert raw[0] == 0x80 and raw[1] == 0x40 and raw[-1] == 0x01  # index 0 = highest bit
    assert badges.decode_bitstring(encoded) == [0, 9, 131_071]


def _seed():
    return base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()


def test_after_a_rotation_old_badges_still_verify_and_new_ones_name_the_new_key(
    client, settings, certificate
):
    old_badge = badges.signed_credential(certificate)
    old_public = base64.b64encode(badges.public_key_bytes()).decode()

    settings.BALAI_SIGNING_KEY = _seed()
    # Without the old public key published, what the old key signed no longer verifies.
    settings.BALAI_RETIRED_SIGNING_KEYS = []
    assert badges.verify(old_badge) is False

    settings.BALAI_RETIRED_SIGNING_KEYS = [old_public]
    new_badge = badges.signed_credential(certificate)
    assert badges.verify(old_badge) is True
    assert badges.verify(new_badge) is True
    old_method = old_badge["proof"]["verificationMethod"]
    new_method = new_badge["proof"]["verificationMethod"]
    assert old_method != new_method

    document = client.get(reverse("events:certificate_public_key")).json()
    assert [m["id"] for m in document["verificationMethod"]] == [new_method, old_method]
    assert document["assertionMethod"] == [new_method, old_method]
    assert [k["kid"] for k in document["keys"]] == [new_method, old_method]
    # A tampered old badge still fails under the retired key.
    tampered = copy.deepcopy(old_badge)
    tampered["credentialSubject"]["achievement"]["name"] = "Kursus Lain"
    assert badges.verify(tampered) is False


def test_a_proof_naming_an_unpublished_key_does_not_verify(certificate):
    badge = badges.signed_credential(certificate)
    badge["proof"]["verificationMethod"] = "https://penipu.example/kunci.json#key-1"
    assert badges.verify(badge) is False


def test_retired_keys_are_checked_at_start_up():
    raw = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert badges.retired_keys_problem([base64.b64encode(raw).decode()]) is None
    assert badges.retired_keys_problem([badges.multibase_of(raw)]) is None
    assert "bukan-kunci" in badges.retired_keys_problem(["bukan-kunci-publik"])
    assert badges.retired_keys_problem([base64.b64encode(b"pendek").decode()])
