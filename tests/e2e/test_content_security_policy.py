"""Under the Content-Security-Policy the site, the Wagtail editor and /api/docs still
work in a real browser: no violation is reported, and no request leaves the site."""

from urllib.parse import urlsplit

from django.contrib.auth.models import Group

from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, make_resident

pytestmark = BROWSER


def watch(page, live_server):
    """Collect CSP violations (console) and requests to any other host."""
    seen = {"violations": [], "foreign": []}
    own = urlsplit(live_server.url).netloc

    def on_console(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            seen["violations"].append(message.text)

    def on_request(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https") and url.netloc != own:
            seen["foreign"].append(request.url)

    page.on("console", on_console)
    page.on("request", on_request)
    return seen


def test_public_pages_and_search_work_under_the_policy(new_context, live_server):
    site = build_kelurahan()
    page = new_context("phone").new_page()
    seen = watch(page, live_server)
    for url in ("/", site.events.url, site.group.url, "/cari/?q=jahit"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert seen == {"violations": [], "foreign": []}


def test_the_page_editor_works_under_the_admin_policy(new_context, live_server):
    site = build_kelurahan()
    editor = make_resident("humas@example.id", "Rina Humas")
    editor.groups.add(Group.objects.get(name="Staf Humas"))
    page = new_context("desktop", user=editor).new_page()
    seen = watch(page, live_server)
    page.goto(f"/admin/pages/{site.events.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # The editor's React/Stimulus parts are alive: the title field and the tabs work.
    title = page.locator("#id_title")
    assert title.is_visible()
    title.fill("Kegiatan Warga Kelurahan")
    page.get_by_role("tab").nth(1).click()
    assert seen == {"violations": [], "foreign": []}


def test_api_docs_render_offline_from_our_own_files(new_context, live_server):
    page = new_context("desktop").new_page()
    seen = watch(page, live_server)
    page.goto("/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Balai API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 5
    assert seen == {"violations": [], "foreign": []}
