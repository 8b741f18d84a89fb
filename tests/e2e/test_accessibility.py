"""Accessibility: axe-core finds no serious or critical problem on the pages residents
use; the keyboard alone reaches every action, and focus is always visible."""

import pytest
from django.conf import settings

from tests.e2e.data import build_kelurahan, make_leader
from tests.e2e.support import BROWSER, make_resident, serious_violations
from tests.factories.events import enroll_directly

pytestmark = BROWSER


@pytest.fixture
def site():
    return build_kelurahan(with_images=True)


@pytest.fixture
def resident(site):
    """A resident enrolled in the sewing course (so "Kegiatan saya" has content)."""
    user = make_resident()
    enroll_directly(site.sewing_course, user)
    return user


def public_pages(site):
    return {
        "home": "/",
        "program": site.sewing_program.url,
        "event index": site.events.url,
        "event": site.sewing_course.url,
        "group": site.group.url,
        "search results": "/cari/?q=menjahit",
        "sign-up": "/akun/signup/",
    }


def test_no_serious_violations_for_visitors(new_context, site, viewport):
    page = new_context(viewport).new_page()
    problems = {}
    for name, url in public_pages(site).items():
        response = page.goto(url)
        assert response.ok, f"{name}: {url} answered {response.status}"
        found = serious_violations(page)
        # Nothing sticks out sideways: no horizontal scrolling, even on a phone.
        width = page.evaluate("window.innerWidth")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            found.append(f"wider than the {width}px screen: scrolls sideways")
        if found:
            problems[name] = found
    assert not problems, problems


def test_no_serious_violations_for_a_signed_in_resident(new_context, site, resident, viewport):
    page = new_context(viewport, user=resident).new_page()
    problems = {}
    for name, url in {
        "Kegiatan saya": "/kegiatan-saya/",
        "event (enrolled)": site.sewing_course.url,
        "group (can join)": site.group.url,
        "profile": "/akun/profil/",
    }.items():
        response = page.goto(url)
        assert response.ok, f"{name}: {url} answered {response.status}"
        found = serious_violations(page)
        if found:
            problems[name] = found
    assert not problems, problems


def test_form_errors_are_accessible(phone):
    """A form showing errors is still labelled and announces them."""
    phone.goto("/akun/signup/")
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_load_state()
    assert phone.locator("[aria-invalid=true]").count() >= 1
    assert not serious_violations(phone)


# --- Keyboard --------------------------------------------------------------------------


def tab_to(page, predicate_js, limit=80):
    """Press Tab until the focused element matches; return the steps it took, or None.
    Every element focused on the way must show a visible focus indicator."""
    for step in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STATE)
        assert focused["visible"], f"focus not visible on {focused['what']}"
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return step
    return None


# The focused element, and whether it has a visible focus indicator: an outline or a
# box-shadow that is not "none", as balai.css's :focus-visible rule gives.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const label = (el.innerText || el.value || '').slice(0, 40);
  const what = el.tagName + (el.id ? '#' + el.id : '') + ' ' + label;
  return {visible: el === document.body || outline || shadow, what};
}"""


def test_keyboard_reaches_skip_link_and_main_menu(new_context, site, viewport):
    page = new_context(viewport).new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.className")
    assert "skip-link" in skip, "the first Tab should land on 'Skip to content'"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    for link in (site.programs.url, site.events.url, "/cari/"):
        page.goto("/")
        if viewport == "phone":
            # The menu is folded: the keyboard reaches the "Menu" button and opens it.
            assert tab_to(page, "el.matches('.site-nav__toggle > summary')"), "no Menu button"
            page.keyboard.press("Enter")
        assert tab_to(page, f"el.matches('.site-nav a[href$=\"{link}\"]')"), (
            f"main menu link to {link} not reachable by keyboard"
        )
        assert page.locator(f".site-nav a[href$='{link}']").is_visible()


def test_keyboard_reaches_enroll_and_join(new_context, site, viewport):
    user = make_resident()
    page = new_context(viewport, user=user).new_page()
    page.goto(site.sewing_course.url)
    assert tab_to(
        page, f"el.closest('form[action$=\"/kegiatan/{site.sewing_course.pk}/daftar/\"]')"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".enroll-panel .status--confirmed").is_visible()

    page.goto(site.group.url)
    assert tab_to(page, f"el.closest('form[action$=\"/kelompok/{site.group.pk}/gabung/\"]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".group-join .badge--pending").is_visible()


def test_keyboard_reaches_leader_actions(new_context, site):
    leader = make_resident("ketua@example.id", "Ibu Sri")
    make_leader(site.group, leader)
    page = new_context("phone", user=leader).new_page()
    page.goto(site.group.url)
    assert tab_to(page, f"el.matches('a[href$=\"/kelompok/{site.group.pk}/kelola/\"]')")


# --- Images ------------------------------------------------------------------------------


def test_every_image_has_alternative_text(new_context, site):
    page = new_context("desktop").new_page()
    for url in public_pages(site).values():
        page.goto(url)
        missing = page.evaluate(
            """() => [...document.images]
                 .filter(img => !img.hasAttribute('alt') ||
                   (img.alt.trim() === '' && img.getAttribute('role') !== 'presentation'
                    && !img.closest('[aria-hidden=true]')))
                 .map(img => img.currentSrc || img.src)"""
        )
        assert not missing, f"{url}: images without alt text: {missing}"


@pytest.mark.skipif(
    not getattr(settings, "WAGTAILIMAGES_IMAGE_FORM_BASE", ""),
    reason=(
        "editors can still save an image without alternative text: set "
        "WAGTAILIMAGES_IMAGE_FORM_BASE to a form that makes 'description' required"
    ),
)
def test_an_editor_cannot_save_an_image_without_alternative_text():
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(get_image_model())
    form = form_class(data={"title": "IMG_2031.jpg", "description": ""})
    assert not form.is_valid()
    assert "description" in form.errors
