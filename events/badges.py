"""Open Badges 3.0: a certificate as a signed OpenBadgeCredential.

The credential is a W3C Verifiable Credential (data model 2.0) of type
OpenBadgeCredential, secured by a Data Integrity proof with the `eddsa-jcs-2022`
cryptosuite: the document and the proof options are canonicalised with JCS (RFC 8785:
sorted keys, no whitespace, UTF-8), each hashed with SHA-256, and the two hashes
(options first) signed with Ed25519. The signature is multibase base58btc ("z...").

Revocation travels with the credential: `credentialStatus` is a
BitstringStatusListEntry (W3C Bitstring Status List v1.0) pointing at a signed status
list (/sertifikat/status/<n>.json) whose bit for the certificate is 1 once staff revoke
it, so a verifier outside Balai learns of a revocation without our verification page.

The private key is `settings.BALAI_SIGNING_KEY` (base64 of the 32-byte seed, or a PEM);
production refuses to start without it. The public key is published as a Multikey
(and a JWK) at /sertifikat/kunci-publik.json, the proof's `verificationMethod`.
"""

import base64
import copy
import gzip
import hashlib
import json
from datetime import UTC
from functools import lru_cache

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
# Multicodec prefix of an Ed25519 public key (0xed, varint) for publicKeyMultibase.
ED25519_PUB_PREFIX = b"\xed\x01"
B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# --- Keys -----------------------------------------------------------------------------


# A fixed, published throwaway signing key (base64 of a 32-byte seed): development and
# tests use it (config/settings/dev.py, test.py); production refuses it, and any other
# encoding of the same key (`signing_key_problem`), since anyone can sign with it.
THROWAWAY_SIGNING_KEY = "Zt1rA3Nw0l8bG0m2kJ1hZ2Vi8tS6m3zq1c7y9JxQy5c="


def load_private_key(value):
    """An Ed25519 private key from base64 (standard or URL-safe) of the 32-byte seed,
    or from a PEM (PKCS#8). Raises ImproperlyConfigured for anything else."""
    value = (value or "").strip()
    if not value:
        raise ImproperlyConfigured("BALAI_SIGNING_KEY is not set.")
    if value.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(value.encode(), password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):  # malformed, encrypted...
            raise ImproperlyConfigured(
                "BALAI_SIGNING_KEY is not a readable, unencrypted PEM private key."
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("BALAI_SIGNING_KEY must be an Ed25519 key.")
        return key
    try:
        padded = value + "=" * (-len(value) % 4)
        seed = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except ValueError:
        raise ImproperlyConfigured("BALAI_SIGNING_KEY is not valid base64 or PEM.") from None
    if len(seed) != 32:
        raise ImproperlyConfigured("BALAI_SIGNING_KEY must hold 32 bytes (an Ed25519 seed).")
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key_problem(value):
    """What is wrong with `value` as production's signing key, or None: it must load as
    an Ed25519 key (checked at start-up, not at the first signing) and must not be the
    published throwaway key in any encoding (compared by public key)."""
    try:
        key = load_private_key(value)
    except ImproperlyConfigured as error:
        return str(error)
    if public_key_bytes(key.public_key()) == public_key_bytes(
        load_private_key(THROWAWAY_SIGNING_KEY).public_key()
    ):
        return "BALAI_SIGNING_KEY is the published development key: anyone can sign with it."
    return None


@lru_cache(maxsize=4)
def _key_for(value):
    return load_private_key(value)


def private_key():
    return _key_for(settings.BALAI_SIGNING_KEY)


def public_key_bytes(key=None):
    key = key or private_key().public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def base58btc(data):
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = B58_ALPHABET[rest] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def unbase58btc(text):
    number = 0
    for char in text:
        index = B58_ALPHABET.find(char)
        if index < 0:
            raise ValueError("not base58btc")
        number = number * 58 + index
    pad = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * pad + body


def public_key_multibase(key=None):
    return multibase_of(public_key_bytes(key))


def multibase_of(raw):
    """An Ed25519 public key (32 raw bytes) as a Multikey's publicKeyMultibase."""
    return "z" + base58btc(ED25519_PUB_PREFIX + raw)


def load_public_key(value):
    """An Ed25519 public key (its 32 raw bytes) from base64 (standard or URL-safe) or a
    publicKeyMultibase ("z6Mk..."); ValueError for anything else."""
    value = (value or "").strip()
    if value.startswith("z"):
        decoded = unbase58btc(value[1:])
        if not decoded.startswith(ED25519_PUB_PREFIX):
            raise ValueError("not an Ed25519 Multikey")
        raw = decoded[len(ED25519_PUB_PREFIX) :]
    else:
        padded = value + "=" * (-len(value) % 4)
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    return raw


def retired_keys_problem(values):
    """What is wrong with BALAI_RETIRED_SIGNING_KEYS, or None (checked at start-up)."""
    for value in values:
        try:
            load_public_key(value)
        except ValueError:
            return (
                f"BALAI_RETIRED_SIGNING_KEYS: {value[:12]}... is not an Ed25519 public key "
                "(base64 of 32 bytes, or a publicKeyMultibase z6Mk...)."
            )
    return None


def key_id(raw):
    """A key's fragment in the key document, taken from the key itself: a new signing key
    gets a new id, and a credential keeps naming the key that signed it."""
    return "key-" + hashlib.sha256(raw).hexdigest()[:16]


def published_keys():
    """[raw public key] the key document publishes: the signing key first, then the
    retired ones (settings.BALAI_RETIRED_SIGNING_KEYS), whose credentials still verify."""
    keys = [public_key_bytes()]
    for value in getattr(settings, "BALAI_RETIRED_SIGNING_KEYS", ()):
        raw = load_public_key(value)
        if raw not in keys:
            keys.append(raw)
    return keys


def base_url():
    return settings.SITE_BASE_URL.rstrip("/")


def key_document_url():
    return base_url() + reverse("events:certificate_public_key")


def verification_method(raw=None):
    """The URL naming a public key (the signing key's by default) in the key document."""
    return f"{key_document_url()}#{key_id(raw or public_key_bytes())}"


def public_key_document():
    """The issuer's keys as a Multikey controller document with JWKs beside them: the
    signing key and the retired ones (see docs/certificates.md, rotating the key)."""
    controller = key_document_url()
    methods, jwks = [], []
    for raw in published_keys():
        jwk = {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
            "kid": verification_method(raw),
            "alg": "EdDSA",
            "use": "sig",
        }
        jwks.append(jwk)
        methods.append(
            {
                "id": verification_method(raw),
                "type": "Multikey",
                "controller": controller,
                "publicKeyMultibase": multibase_of(raw),
                "publicKeyJwk": jwk,
            }
        )
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": controller,
        "assertionMethod": [method["id"] for method in methods],
        "verificationMethod": methods,
        "keys": jwks,  # a JWK Set, for tools that read one
    }


def _published_key_for(method):
    """The published public key a proof's verificationMethod names, or None."""
    for raw in published_keys():
        if method == verification_method(raw):
            return Ed25519PublicKey.from_public_bytes(raw)
    return None


# --- JCS, signing and verifying ------------------------------------------------------------


def canonical(document):
    """JSON Canonicalization Scheme (RFC 8785) for Balai's documents: strings, integers,
    booleans, lists and objects only (no floats), keys sorted, no whitespace."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _hash_data(document, proof_options):
    return (
        hashlib.sha256(canonical(proof_options)).digest()
        + hashlib.sha256(canonical(document)).digest()
    )


def sign(document, key=None, created=None):
    """Return a copy of `document` with a DataIntegrityProof (eddsa-jcs-2022)."""
    key = key or private_key()
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "@context": unsecured.get("@context", CONTEXTS),
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": (created or timezone.now()).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method(public_key_bytes(key.public_key())),
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsecured, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + base58btc(signature)
    return {**copy.deepcopy(unsecured), "proof": proof}


def verify(document, public_key=None):
    """True when `document`'s proof is a valid eddsa-jcs-2022 signature by the key
    (by default the published key its verificationMethod names: the signing key or a
    retired one). Any change to the document breaks it."""
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        return False
    if public_key is None:
        public_key = _published_key_for(document["proof"].get("verificationMethod"))
        if public_key is None:
            return False
    proof = dict(document["proof"])
    value = proof.pop("proofValue", "")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {"@context": unsecured.get("@context"), **proof}
    try:
        public_key.verify(unbase58btc(value[1:]), _hash_data(unsecured, options))
    except (InvalidSignature, ValueError):
        return False
    return True


# --- The credential --------------------------------------------------------------------


def _iso(moment):
    return timezone.localtime(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_profile(certificate):
    return {
        "id": base_url() + "/",
        "type": ["Profile"],
        "name": certificate.issuer_name,
        "url": base_url() + "/",
    }


def credential(certificate):
    """The unsigned OpenBadgeCredential of a certificate (only what the certificate
    prints: the name, the course, the dates, the issuer)."""
    event = certificate.event
    event_url = base_url() + (event.url or "/") if event.url else base_url() + "/"
    verify_url = base_url() + certificate.get_absolute_url()
    criteria = (
        f"Hadir sekurang-kurangnya {certificate.sessions_attended} dari "
        f"{certificate.sessions_total} sesi kegiatan yang tercatat oleh penyelenggara."
        if certificate.sessions_attended
        else "Menyelesaikan kegiatan."
    )
    return {
        "@context": CONTEXTS,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Sertifikat: {certificate.course}",
        "description": (
            f"{certificate.name} telah menyelesaikan {certificate.course} "
            f"({certificate.first_date:%d-%m-%Y} s.d. {certificate.last_date:%d-%m-%Y})."
        ),
        "issuer": issuer_profile(certificate),
        "validFrom": _iso(certificate.issued_at),
        "credentialStatus": credential_status(certificate),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.name,
                }
            ],
            "activityStartDate": f"{certificate.first_date:%Y-%m-%d}T00:00:00+07:00",
            "activityEndDate": f"{certificate.last_date:%Y-%m-%d}T23:59:59+07:00",
            "achievement": {
                "id": f"{event_url}#sertifikat",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course,
                "description": (event.summary or certificate.course)[:300],
                "criteria": {"narrative": criteria},
                "inLanguage": "id",
            },
        },
    }


def signed_credential(certificate):
    return sign(credential(certificate), created=certificate.issued_at)


# --- Revocation: Bitstring Status List ---------------------------------------------------

# The specification's minimum list size (16 KiB), which also gives herd privacy: a
# verifier fetching a list learns nothing of which of its 131,072 entries it checks.
STATUS_LIST_BITS = 131_072


def status_position(certificate):
    """(list number, index in that list) of a certificate: its id, in lists of
    STATUS_LIST_BITS."""
    return divmod(certificate.pk, STATUS_LIST_BITS)


def status_list_url(number):
    return base_url() + reverse("events:certificate_status_list", args=[number])


def credential_status(certificate):
    number, index = status_position(certificate)
    url = status_list_url(number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encode_bitstring(indexes):
    """The list's `encodedList`: the bits (index 0 = the first byte's highest bit) set
    at `indexes`, GZIP-compressed, multibase base64url without padding ("u...")."""
    bits = bytearray(STATUS_LIST_BITS // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def decode_bitstring_bytes(encoded):
    """The uncompressed bitstring of an `encodedList` (what a verifier reads)."""
    packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    return gzip.decompress(packed)


def decode_bitstring(encoded):
    """The indexes set in an `encodedList` (used by the tests)."""
    bits = decode_bitstring_bytes(encoded)
    return [i for i in range(len(bits) * 8) if bits[i // 8] & (0x80 >> (i % 8))]


def status_list_credential(number, revoked_ids, now=None):
    """The signed BitstringStatusListCredential of list `number`, given the ids of the
    revoked certificates in it."""
    url = status_list_url(number)
    start = number * STATUS_LIST_BITS
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": base_url() + "/",
        "validFrom": _iso(now or timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(pk - start for pk in revoked_ids),
        },
    }
    return sign(document, created=now)
