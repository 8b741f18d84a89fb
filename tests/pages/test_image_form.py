import pytest
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

pytestmark = pytest.mark.django_db


def image_form(**data):
    return get_image_form(get_image_model())(data={"title": "IMG_2031.jpg", **data})


def test_an_image_without_alternative_text_is_refused():
    form = image_form(description="")

    assert not form.is_valid()
    assert "description" in form.errors


def test_alternative_text_satisfies_the_form():
    form = image_form(description="Ibu-ibu berlatih menjahit di balai RW 03")

    form.is_valid()
    assert "description" not in form.errors
