from pages.models.pages import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    ProgramCategory,
    ProgramIndexPage,
    ProgramPage,
    ProgramPageTag,
    ProgramStatus,
    StandardPage,
    paginate,
    with_card_images,
)
from pages.models.settings import OfficeSettings
from pages.models.snippets import Area, Partner

__all__ = [
    "Area",
    "ArticleIndexPage",
    "ArticlePage",
    "HomePage",
    "OfficeSettings",
    "Partner",
    "ProgramCategory",
    "ProgramIndexPage",
    "ProgramPage",
    "ProgramPageTag",
    "ProgramStatus",
    "StandardPage",
    "paginate",
    "with_card_images",
]
