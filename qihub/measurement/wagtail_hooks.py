"""What measurement adds to the platform (qihub/core/extensions.py) and to the back office:
measures with their data, uploads and integration tokens."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton

from qihub.core import extensions
from qihub.core.back_office import snippet_delete_refuse
from qihub.measurement.back_office import views
from qihub.measurement.back_office.viewsets import IntegrationTokenViewSet, MeasureViewSet
from qihub.measurement.models import IntegrationToken, Measure
from qihub.measurement.permissions import measure_can_record, token_can_manage
from qihub.measurement.services import measure_delete_refusal


@hooks.register(extensions.NAVIGATION_ITEM, order=900)
def spc_tool_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="SPC chart tool", url_name="measurement:spc")


# A search finds the SPC tool by what people call it.
SPC_TOOL_WORDS = {
    "spc",
    "chart",
    "charts",
    "statistical",
    "process",
    "control",
    "run",
    "xmr",
    "shewhart",
    "variation",
    "data",
    "measure",
    "measures",
    "measurement",
}


@hooks.register(extensions.SITE_SEARCH, order=900)
def spc_tool_search(*, query: str, user: Any) -> list[extensions.SearchResult]:
    if not SPC_TOOL_WORDS & set(query.lower().split()):
        return []
    return [
        extensions.SearchResult(
            title="SPC chart tool",
            url=reverse("measurement:spc"),
            summary=(
                "Paste or upload a series and see its statistical process control chart, "
                "read the Making Data Count way."
            ),
        )
    ]


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def measurement_qi_team_permissions() -> Iterable[tuple[str, str]]:
    """Measures with their rebases and annotations; recording and correcting data (never
    deleting it: a correction keeps the old value); tokens made and revoked, never deleted."""
    return [
        *[
            ("measurement", f"{verb}_{model}")
            for model in ("measure", "rebase", "annotation")
            for verb in ("add", "change", "delete", "view")
        ],
        ("measurement", "add_datapoint"),
        ("measurement", "change_datapoint"),
        ("measurement", "view_datapoint"),
        ("measurement", "view_datapointcorrection"),
        ("measurement", "add_integrationtoken"),
        ("measurement", "change_integrationtoken"),
        ("measurement", "view_integrationtoken"),
    ]


@hooks.register("register_admin_viewset")
def register_measures() -> MeasureViewSet:
    return MeasureViewSet()


@hooks.register("register_admin_viewset")
def register_tokens() -> IntegrationTokenViewSet:
    return IntegrationTokenViewSet()


@hooks.register("register_admin_urls")
def register_measure_data_urls() -> list:
    return [
        path("measures/<int:pk>/data/", views.measure_record, name="measurement_record"),
        path("measures/<int:pk>/upload/", views.measure_upload, name="measurement_upload"),
        path(
            "measures/<int:pk>/upload/<uuid:upload_id>/",
            views.measure_upload_status,
            name="measurement_upload_status",
        ),
        path(
            "measures/<int:pk>/upload/<uuid:upload_id>/import/",
            views.measure_upload_import,
            name="measurement_upload_import",
        ),
        path(
            "measures/<int:pk>/upload/<uuid:upload_id>/report.csv",
            views.measure_upload_report,
            name="measurement_upload_report",
        ),
        path(
            "integration-tokens/<int:pk>/made/",
            views.token_created,
            name="measurement_token_created",
        ),
        path(
            "integration-tokens/<int:pk>/revoke/",
            views.token_revoke_view,
            name="measurement_token_revoke",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def measure_data_buttons(
    snippet: Any, user: Any, next_url: str | None = None
) -> Iterator[ListingButton]:
    if isinstance(snippet, Measure) and measure_can_record(user=user, obj=snippet):
        yield ListingButton(
            "Record data", reverse("measurement_record", args=[snippet.pk]), priority=5
        )
        yield ListingButton(
            "Upload data", reverse("measurement_upload", args=[snippet.pk]), priority=6
        )
    if (
        isinstance(snippet, IntegrationToken)
        and not snippet.is_revoked
        and token_can_manage(user=user)
    ):
        yield ListingButton(
            "Revoke", reverse("measurement_token_revoke", args=[snippet.pk]), priority=5
        )


snippet_delete_refuse(Measure, lambda measure: measure_delete_refusal(measure=measure))
