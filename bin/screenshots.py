"""Phone and desktop screenshots of the demo site, for the README and docs.

Usage: python bin/screenshots.py [--out docs/screenshots]

Builds the demo (migrate + seed_demo) in a scratch SQLite database, serves it with
runserver on a free loopback port, and photographs the main pages with Debian's
Chromium through Playwright at 360x740 (phone) and 1280x800 (desktop). Nothing outside
the output folder is touched; the scratch folder is removed at the end.
"""

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.support import CHROMIUM_ARGS, find_chromium  # noqa: E402

MAX_BYTES = 150 * 1024
VIEWPORTS = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the demo server did not answer at {url}")


def first_page_url(base, page_type, search=None):
    """The public URL of a page of this type, from the content API (Wagtail API v2)."""
    query = f"type={page_type}&limit=1&fields=_,html_url"
    if search:
        query += f"&search={search}"
    with urllib.request.urlopen(f"{base}/api/v2/pages/?{query}", timeout=10) as response:
        items = json.load(response)["items"]
    if not items:
        raise SystemExit(f"the demo has no {page_type}")
    return urlsplit(items[0]["meta"]["html_url"]).path  # the site's hostname may differ


def save_small_png(png_bytes, path):
    """Write the PNG, reduced to a 256-colour palette if it is over the size limit."""
    from PIL import Image

    if len(png_bytes) > MAX_BYTES:
        image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
        image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        png_bytes = buffer.getvalue()
    path.write_bytes(png_bytes)
    return len(png_bytes)


def photograph(base, out):
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found: apt-get install chromium (or set BALAI_CHROMIUM)")
    pages = {
        "home": "/",
        "program": first_page_url(base, "pages.ProgramPage", "menjahit"),
        "events": first_page_url(base, "events.EventIndexPage"),
        "event": first_page_url(base, "events.EventPage", "menjahit"),
        "search": "/cari/?q=menjahit",
    }
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for viewport, options in VIEWPORTS.items():
            context = browser.new_context(
                base_url=base, locale="id-ID", timezone_id="Asia/Jakarta", **options
            )
            page = context.new_page()
            for name, url in pages.items():
                page.goto(url, wait_until="networkidle")
                path = out / f"{name}-{viewport}.png"
                size = save_small_png(page.screenshot(), path)
                print(f"{path.relative_to(ROOT)}  {size // 1024} KB  ({url})")
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="balai-screenshots-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{scratch / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(scratch / "media"),
        "ELASTICSEARCH_URL": "",
        "REDIS_URL": "",
    }
    server = None
    try:
        print("Building the demo site in a scratch database...")
        manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        manage(env, "seed_demo", stdout=subprocess.DEVNULL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"{base}/healthz")
        photograph(base, Path(args.out).resolve())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
