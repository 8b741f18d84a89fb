"""Link previews: Open Graph tags (WhatsApp, Facebook, Telegram read them) and the
absolute URL of a page's picture, shared with the events' JSON-LD."""

SOCIAL_RENDITION = "fill-1200x630|format-jpeg"


def absolute(request, url):
    if not url:
        return ""
    if url.startswith(("http://", "https://")) or request is None:
        return url
    return request.build_absolute_uri(url)


def image_url(page, request):
    """The page's main picture as an absolute URL, or ""."""
    if not getattr(page, "hero_image_id", None):
        return ""
    return absolute(request, page.hero_image.get_rendition(SOCIAL_RENDITION).url)


def description(page):
    for name in ("search_description", "summary", "intro"):
        value = (getattr(page, name, "") or "").strip()
        if value:
            return " ".join(value.split())[:300]
    return ""


def open_graph(page, request, site_name=""):
    """[(property, content)] for a Wagtail page."""
    tags = [
        ("og:type", "article" if page._meta.model_name == "articlepage" else "website"),
        ("og:title", page.seo_title or page.title),
        ("og:url", absolute(request, page.url)),
        ("og:locale", "id_ID"),
    ]
    if site_name:
        tags.append(("og:site_name", site_name))
    text = description(page)
    if text:
        tags.append(("og:description", text))
    image = image_url(page, request)
    if image:
        tags += [
            ("og:image", image),
            ("og:image:width", "1200"),
            ("og:image:height", "630"),
            ("og:image:alt", page.hero_image.title),
        ]
    return tags
