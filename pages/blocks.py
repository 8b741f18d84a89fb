"""StreamField blocks shared by every page type.

Each block renders through its own template in templates/components/streamfield/blocks/
and gives the API a plain JSON shape (image renditions as URLs, rich text as HTML).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# One place for the rendition specs pages and the API use.
CONTENT_IMAGE_SPEC = "max-1200x900"
API_IMAGE_SPECS = {
    "small": "fill-480x270|format-webp",
    "medium": "fill-960x540|format-webp",
    "large": "max-1600x1600|format-webp",
}


def image_api_representation(image, request=None):
    """An image as the API shows it: alt text and WebP renditions by size.

    `url` is the rendition's own address (relative when media is served by this site);
    `full_url` is absolute, built from the request, for apps on another host.
    """
    if image is None:
        return None
    renditions = image.get_renditions(*API_IMAGE_SPECS.values())

    def absolute(url):
        if request is None or "://" in url:
            return url
        return request.build_absolute_uri(url)

    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text,
        "renditions": {
            name: {
                "url": renditions[spec].url,
                "full_url": absolute(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in API_IMAGE_SPECS.items()
        },
    }


def request_from(context):
    return context.get("request") if context else None


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=150)
    size = blocks.ChoiceBlock(
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))], default="h2", label=_("Size")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/streamfield/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    attribution = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "components/streamfield/blocks/captioned_image_block.html"

    def get_api_representation(self, value, context=None):
        return {
            "image": image_api_representation(value["image"], request_from(context)),
            "caption": value["caption"],
            "attribution": value["attribution"],
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Link to a page"), required=False)
    url = blocks.URLBlock(label=_("…or to an address"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/streamfield/blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": _("Choose a page or enter an address.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        return {
            "title": value["title"],
            "text": value["text"],
            "button_label": value["button_label"],
            "url": page.url if page else value.get("url"),
        }


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul"])


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, default=_("Frequently asked"))
    items = blocks.ListBlock(QuestionAnswerBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("FAQ")
        template = "components/streamfield/blocks/faq_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=150)
    description = blocks.TextBlock(label=_("Details"), required=False)


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"))

    class Meta:
        icon = "list-ol"
        label = _("Steps")
        template = "components/streamfield/blocks/steps_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address (YouTube, Vimeo)"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Embedded video")
        template = "components/streamfield/blocks/video_block.html"

    def get_api_representation(self, value, context=None):
        return {"url": value["video"].url if value["video"] else None, "caption": value["caption"]}


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        icon="pilcrow",
        template="components/streamfield/blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    faq = FAQBlock()
    steps = StepsBlock()
    video = VideoBlock()
