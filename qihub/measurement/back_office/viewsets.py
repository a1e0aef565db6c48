"""The back office's listings and edit pages: measures (with their rebases and annotations) and
integration tokens (whose secret is shown once, on the page after making one)."""

from typing import Any

from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpResponse
from django.urls import reverse
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import Column, StatusFlagColumn
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from qihub.measurement.back_office.forms import MeasureForm, TokenForm
from qihub.measurement.back_office.views import token_secret_keep
from qihub.measurement.cells import number_written
from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import IntegrationToken, Measure
from qihub.measurement.services import (
    measure_create,
    measure_update,
    token_create,
    token_update,
)
from qihub.measurement.services.measures import EDITABLE


class _RefusalOnForm:
    """A service's refusal is shown on the form; its transaction saved nothing."""

    form: BaseForm
    request: Any
    produced_error_message: str | None

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except MeasurementError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            self.produced_error_message = f"Not saved: {error.message}"
            return self.form_invalid(form)  # type: ignore[attr-defined]


class _MeasureSaved(_RefusalOnForm):
    """Save the measure through its services, so that their checks (the data type and how
    often it is recorded are locked once there is data) and their audit entries hold here too.
    A refusal is shown on the form, and nothing, not even a rebase, is saved."""

    def measure_fields(self) -> dict[str, Any]:
        return {name: self.form.cleaned_data[name] for name in EDITABLE if name in self.form.fields}

    def related_changed(self) -> list[str]:
        return [name for name, formset in self.form.formsets.items() if formset.has_changed()]  # type: ignore[attr-defined]

    def save_related(self, measure: Measure) -> Measure:
        """Save the rebases and annotations with the measure, in its transaction."""
        for formset in self.form.formsets.values():  # type: ignore[attr-defined]
            formset.instance = measure
            formset.save()
        self.new_revision = None
        return measure


class MeasureCreateView(_MeasureSaved, CreateView):
    def save_instance(self) -> Model:
        return self.save_related(measure_create(by=self.request.user, **self.measure_fields()))


class MeasureEditView(_MeasureSaved, EditView):
    def save_instance(self) -> Model:
        # The form has already put the new values on self.object: compare with what is stored.
        stored = Measure.objects.get(pk=self.object.pk)
        measure = measure_update(
            measure=stored,
            by=self.request.user,
            related_changed=self.related_changed(),
            **self.measure_fields(),
        )
        return self.save_related(measure)


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "table"
    menu_label = "Measures"
    menu_order = 205
    add_to_admin_menu = True
    add_view_class = MeasureCreateView
    edit_view_class = MeasureEditView
    list_display = [
        "name",
        "data_type",
        "direction",
        Column(
            "target_value",
            label="Target",
            accessor=lambda measure: number_written(measure.target_value),
            sort_key="target_value",
        ),
        StatusFlagColumn(
            "published", label="Published", true_label="Published", false_label="Draft"
        ),
    ]
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


class TokenCreateView(_RefusalOnForm, CreateView):
    """Make the token through its service, then go to the page that shows its secret, once (so
    that refreshing that page makes no second token)."""

    def save_instance(self) -> IntegrationToken:
        token, secret = token_create(
            name=self.form.cleaned_data["name"],
            measures=self.form.cleaned_data["measures"],
            by=self.request.user,
        )
        token_secret_keep(session=self.request.session, token=token, secret=secret)
        return token

    def get_success_url(self) -> str:
        return reverse("measurement_token_created", args=[self.object.pk])

    def get_success_message(self, instance: Any) -> None:
        return None


class TokenEditView(_RefusalOnForm, EditView):
    """Rename the token or change its measures through its service (audited with them)."""

    def save_instance(self) -> IntegrationToken:
        self.new_revision = None
        return token_update(
            token=self.object,
            by=self.request.user,
            name=self.form.cleaned_data["name"],
            measures=self.form.cleaned_data["measures"],
        )


class IntegrationTokenViewSet(SnippetViewSet):
    model = IntegrationToken
    icon = "key"
    menu_label = "Integration tokens"
    menu_order = 206
    add_to_admin_menu = True
    add_view_class = TokenCreateView
    edit_view_class = TokenEditView
    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name"]
    form_fields = ["name", "measures"]

    def get_form_class(self, for_update: bool = False) -> Any:
        return TokenForm
