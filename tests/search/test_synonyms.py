import pytest
from django.core.exceptions import ValidationError

from search import synonyms as rules
from search.models import Synonym, split_terms

pytestmark = pytest.mark.django_db


def test_split_terms_tidies_and_deduplicates():
    assert split_terms(" BLT,  Bantuan  Langsung Tunai,blt\nbansos ") == [
        "blt",
        "bantuan langsung tunai",
        "bansos",
    ]


def test_expand_puts_each_synonym_in_place(synonyms):
    assert synonyms_expand("jadwal BLT") == ["jadwal blt", "jadwal bantuan langsung tunai"]
    assert synonyms_expand("bantuan langsung tunai") == ["bantuan langsung tunai", "blt"]
    assert synonyms_expand("vaksin anak") == [
        "vaksin anak",
        "imunisasi anak",
        "vaksinasi anak",
    ]
    # Whole words only: "blt" inside another word is not a synonym.
    assert synonyms_expand("bltx") == ["bltx"]


def synonyms_expand(q):
    return rules.expand(q)


def test_the_cache_follows_staff_edits(synonyms):
    assert rules.expand("pkh") == ["pkh"]
    Synonym.objects.create(terms="PKH, program keluarga harapan")
    assert rules.expand("pkh") == ["pkh", "program keluarga harapan"]
    Synonym.objects.filter(terms__startswith="PKH").first().delete()
    assert rules.expand("pkh") == ["pkh"]


def test_a_synonym_needs_two_clean_terms():
    with pytest.raises(ValidationError):
        Synonym(terms="BLT").full_clean()
    with pytest.raises(ValidationError):
        Synonym(terms="BLT => bantuan, x").full_clean()
    synonym = Synonym(terms="BLT,  Bantuan Langsung Tunai")
    synonym.full_clean()
    assert synonym.terms == "blt, bantuan langsung tunai"


def test_staff_edit_synonyms_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="staf@example.id", password="x")
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/search/synonym/add/",
        {"terms": "Sembako, bahan pokok", "note": ""},
    )
    assert response.status_code == 302
    assert rules.expand("sembako") == ["sembako", "bahan pokok"]
    assert client.get("/admin/snippets/search/synonym/").status_code == 200


def test_the_demo_synonyms_are_seeded_once():
    from io import StringIO

    from django.core.management.base import BaseCommand

    from search import demo

    command = BaseCommand(stdout=StringIO())
    demo.seed(command)
    demo.seed(command)
    assert Synonym.objects.count() == len(demo.SYNONYMS)
    assert rules.expand("BLT") == ["blt", "bantuan langsung tunai"]
    assert "sinonim" in command.stdout._out.getvalue()
