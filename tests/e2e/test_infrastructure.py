"""The browser set-up itself: the live server answers, both viewports render."""

from tests.e2e.support import BROWSER

pytestmark = BROWSER


def test_home_page_renders_at_both_viewports(page, viewport):
    response = page.goto("/")
    assert response.ok
    assert page.locator("main#main").is_visible()
    width = page.evaluate("window.innerWidth")
    assert width == (360 if viewport == "phone" else 1280)
    # Nothing sticks out sideways on a phone (no horizontal scrolling).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
