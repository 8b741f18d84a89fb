"""Editors can only build a sensible page tree."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    ProgramIndexPage,
    ProgramPage,
    StandardPage,
)
from tests.factories.pages import ProgramIndexPageFactory


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_there_is_only_one_home_page(self):
        # The first migration made it; a second one cannot be added under the root.
        root = Page.get_first_root_node()
        self.assertEqual(HomePage.objects.count(), 1)
        self.assertFalse(HomePage.can_create_at(root))

    def test_programs_only_under_the_program_index(self):
        self.assertAllowedParentPageTypes(ProgramPage, {ProgramIndexPage})
        self.assertAllowedSubpageTypes(ProgramIndexPage, {ProgramPage})
        self.assertCanCreateAt(ProgramIndexPage, ProgramPage)
        for parent in (HomePage, StandardPage, ArticleIndexPage, ArticlePage, ProgramPage):
            self.assertCanNotCreateAt(parent, ProgramPage)

    def test_articles_only_under_the_article_index(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ProgramIndexPage, ArticlePage)

    def test_indexes_and_standard_pages_hang_off_the_home_page(self):
        self.assertAllowedParentPageTypes(ProgramIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, ProgramIndexPage)
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanNotCreateAt(StandardPage, ProgramIndexPage)

    def test_one_program_index_per_home_page(self):
        home = HomePage.objects.get()
        self.assertTrue(ProgramIndexPage.can_create_at(home))
        ProgramIndexPageFactory(parent=home)
        self.assertFalse(ProgramIndexPage.can_create_at(home))

    def test_editor_can_create_a_program_through_the_admin(self):
        from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

        self.login()
        index = ProgramIndexPageFactory(parent=HomePage.objects.get())
        self.assertCanCreate(
            index,
            ProgramPage,
            nested_form_data(
                {
                    "title": "Pelatihan Menjahit",
                    "slug": "pelatihan-menjahit",
                    "category": "skills_training",
                    "status": "open",
                    "summary": "Kursus menjahit enam pertemuan.",
                    "eligibility": rich_text("<p>Warga usia 18 tahun ke atas.</p>"),
                    "benefits": rich_text("<p>Gratis.</p>"),
                    "application_steps": streamfield(
                        [("step", {"title": "Daftar", "description": ""})]
                    ),
                    "required_documents": streamfield([("document", "KTP")]),
                    "body": streamfield([]),
                    "tags": "menjahit",
                }
            ),
        )
        program = ProgramPage.objects.get(slug="pelatihan-menjahit")
        self.assertEqual(program.get_parent().specific, index)
        self.assertEqual([d.value for d in program.required_documents], ["KTP"])
