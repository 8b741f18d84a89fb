"""Phones on slow connections: the first view of the home page and of an event page
transfers under 250 KB (pictures included, as WebP/AVIF at the size shown) and asks
nothing of another host."""

from urllib.parse import urlsplit

import pytest

from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER

pytestmark = BROWSER

BUDGET = 250 * 1024


@pytest.fixture
def site():
    # Pictures from a heavy 1600x900 JPEG: served as is, they alone would break the budget.
    return build_kelurahan(with_images=True)


def first_view(context, url):
    """Load `url` in a fresh browser (empty cache) and account for every byte.

    Bytes are what Chromium's network layer reports as received (encodedDataLength:
    headers and body as transferred), the figure DevTools shows as "transferred"."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests, received, statuses = {}, {}, {}
    cdp.on("Network.requestWillBeSent", lambda e: requests.update({e["requestId"]: e}))
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.update({e["requestId"]: e["encodedDataLength"]}),
    )
    cdp.on(
        "Network.responseReceived",
        lambda e: statuses.update({e["response"]["url"]: e["response"]["status"]}),
    )
    images = []
    page.on(
        "response",
        lambda r: (
            images.append((r.url, r.headers.get("content-type", "")))
            if r.request.resource_type == "image"
            else None
        ),
    )
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    urls = [e["request"]["url"] for e in requests.values()]
    failed = {u: status for u, status in statuses.items() if status >= 400}
    assert not failed, f"failed requests (wasted on a slow connection): {failed}"
    return page, sum(received.values()), urls, images


@pytest.mark.parametrize("which", ["home", "event"])
def test_first_view_is_light_and_local(new_context, site, viewport, which, live_server):
    url = "/" if which == "home" else site.sewing_course.url
    context = new_context(viewport)
    page, total, urls, images = first_view(context, url)
    own_host = urlsplit(live_server.url).netloc

    summary = f"{which} at {viewport}: {total / 1024:.0f} KB in {len(urls)} requests: {urls}"
    print(summary)
    assert total < BUDGET, summary

    foreign = [u for u in urls if not u.startswith("data:") and urlsplit(u).netloc != own_host]
    assert not foreign, f"requests to other hosts: {foreign}"

    assert images, "the page should show its picture (the test data has one)"
    for image_url, content_type in images:
        if image_url.startswith("data:") or content_type == "image/svg+xml":
            continue
        assert content_type in {"image/webp", "image/avif"}, f"{image_url}: {content_type}"

    # Each picture is fetched at (about) the size it is shown: never more than twice the
    # pixels the screen needs in width.
    oversized = page.evaluate(
        """() => [...document.images]
             .filter(img => img.complete && img.naturalWidth > 0 && img.clientWidth > 0)
             .filter(img => img.naturalWidth > 2 * img.clientWidth * devicePixelRatio)
             .map(img => `${img.currentSrc}: ${img.naturalWidth}px for ${img.clientWidth}px`)"""
    )
    assert not oversized, oversized


def test_pictures_below_the_fold_wait_until_scrolled(new_context, site):
    """On a phone the event and program cards below the first screen are lazy: their
    pictures are not part of the first view."""
    page = new_context("phone").new_page()
    loaded = []
    page.on("requestfinished", lambda r: loaded.append(r.url) if r.resource_type == "image" else 0)
    page.goto("/", wait_until="load")
    page.wait_for_load_state("networkidle")
    lazy = page.evaluate(
        """() => [...document.images]
             .filter(img => img.getBoundingClientRect().top > innerHeight * 1.5)
             .map(img => img.loading)"""
    )
    assert all(mode == "lazy" for mode in lazy), lazy
