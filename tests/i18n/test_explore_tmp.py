import re, html as h
import pytest
from django.contrib.auth.models import Group
from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory, ImageFactory

pytestmark = pytest.mark.django_db

def text(resp):
    s = resp.content.decode()
    s = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", s)
    attrs = re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', s)
    s = re.sub(r"<[^>]+>", "\n", s)
    lines = [h.unescape(l).strip() for l in s.splitlines()]
    return [l for l in lines if l] + ["@"+a for a in attrs]

def test_explore(client, django_user_model, home_page):
    user = django_user_model.objects.create_user(email="humas@example.com", password="x")
    user.groups.add(Group.objects.get(name="Staf Humas"))
    idx = ProgramIndexPageFactory(parent=home_page)
    page = ProgramPageFactory(parent=idx)
    ImageFactory()
    r = client.get("/admin/login/"); print("LOGIN", r.status_code, sorted(set(text(r))))
    client.force_login(user)
    for url in ["/admin/", f"/admin/pages/{page.id}/edit/", "/admin/images/", "/admin/snippets/"]:
        r = client.get(url); print(url, r.status_code, sorted(set(text(r))))
