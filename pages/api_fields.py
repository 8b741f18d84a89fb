"""Serializers that make Wagtail API v2 give a client what the page shows."""

from rest_framework import serializers

from pages.blocks import image_api_representation


class ImageRenditionsField(serializers.Field):
    """An image as alt text plus WebP rendition URLs (small, medium, large)."""

    def to_representation(self, image):
        return image_api_representation(image, self.context.get("request"))


class NamesField(serializers.Field):
    """A many-to-many relation as a list of names (areas, partners, tags)."""

    def to_representation(self, manager):
        return [str(item) for item in manager.all()]


class TagsField(serializers.Field):
    """Tags as words, read through the page's tagged items so that a prefetched
    `tagged_items__tag` serves a whole listing (use with source="tagged_items")."""

    def to_representation(self, tagged_items):
        return [item.tag.name for item in tagged_items.all()]


class PartnersField(serializers.Field):
    def to_representation(self, manager):
        return [
            {
                "name": p.name,
                "kind": p.kind,
                "kind_label": p.get_kind_display(),
                "website": p.website,
            }
            for p in manager.all()
        ]
