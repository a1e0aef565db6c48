"""The back office's listings and edit pages: measures (with their rebases and annotations) and
integration tokens (whose secret is shown once, on the page after making one)."""

from typing import Any

from django.http import HttpResponse
from django.template.response import TemplateResponse
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from qihub.measurement.back_office.forms import MeasureForm, TokenForm
from qihub.measurement.models import IntegrationToken, Measure
from qihub.measurement.services.tokens import token_created_log, token_fill


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "table"
    menu_label = "Measures"
    menu_order = 205
    add_to_admin_menu = True
    list_display = ["name", "data_type", "direction", "target_value", "published"]
    list_filter = ["data_type", "published"]
    search_fields = ["name", "definition"]
    edit_handler = ObjectList(
        [
            TitleFieldPanel("name", placeholder=False, targets=["slug"]),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("definition"),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("data_type")]),
            FieldPanel("frequency"),
            FieldPanel("direction"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_date")])],
                heading="Target (optional)",
            ),
            FieldPanel("baseline_points"),
            FieldPanel("published"),
            InlinePanel(
                "rebases",
                heading="Rebases",
                label="Rebase",
                panels=[FieldPanel("period"), FieldPanel("reason")],
                help_text="Where the process changed: the chart starts a new centre line and "
                "limits at the first point on or after this period, and shows the reason.",
            ),
            InlinePanel(
                "annotations",
                heading="Annotations",
                label="Annotation",
                panels=[FieldPanel("period"), FieldPanel("text")],
                help_text="Notes drawn on the chart at a period: a PDSA cycle, a change, an event.",
            ),
        ],
        base_form_class=MeasureForm,
    )


class TokenCreateView(CreateView):
    """Make the token with a new secret, and show the secret on the next page, once."""

    def save_instance(self) -> IntegrationToken:
        token: IntegrationToken = self.form.instance
        self.secret = token_fill(token=token)
        token.created_by = self.request.user
        saved = super().save_instance()
        token_created_log(token=saved, by=self.request.user)
        return saved

    def save_action(self) -> HttpResponse:
        response = TemplateResponse(
            self.request,
            "measurement/admin/token_created.html",
            {"token": self.object, "secret": self.secret, "header_icon": "key"},
        )
        response["Cache-Control"] = "no-store"
        return response


class IntegrationTokenViewSet(SnippetViewSet):
    model = IntegrationToken
    icon = "key"
    menu_label = "Integration tokens"
    menu_order = 206
    add_to_admin_menu = True
    add_view_class = TokenCreateView
    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name"]
    form_fields = ["name", "measures"]

    def get_form_class(self, for_update: bool = False) -> Any:
        return TokenForm
