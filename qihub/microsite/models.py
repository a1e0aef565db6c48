"""The public microsite's page types, edited by the QI team in the Wagtail back office."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtailnhsukfrontend import blocks as nhs_blocks


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", template="microsite/fragment_heading.html")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3"])
    inset_text = nhs_blocks.InsetTextBlock()
    warning_callout = nhs_blocks.WarningCalloutBlock()
    action_link = nhs_blocks.ActionLinkBlock()
    details = nhs_blocks.DetailsBlock()
    summary_list = nhs_blocks.SummaryListBlock()
    card = nhs_blocks.CardBasicBlock()

    class Meta:
        required = False


class HomePage(Page):
    """The front page of the programme's public site."""

    intro = models.CharField(max_length=300, blank=True, help_text="The line under the title.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count = 1
    subpage_types = ["microsite.ContentPage"]


class ContentPage(Page):
    """A standard page of the public site: a summary and a body of NHS.UK components."""

    summary = models.CharField(max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    subpage_types = ["microsite.ContentPage"]
    parent_page_types = ["microsite.HomePage", "microsite.ContentPage"]
