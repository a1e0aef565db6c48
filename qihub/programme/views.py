"""The programme's public pages: the mission and aims, each aim, the stages, the history of the
mission and vision. Only what is published; the QI team also sees draft aims, marked."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from qihub.core.extensions import aligned_with_aim, programme_aims
from qihub.core.permissions import is_qi_team
from qihub.measurement.charts import measure_chart
from qihub.programme.models import Aim
from qihub.programme.selectors import (
    aim_for,
    aims_summary,
    aims_visible_to,
    number_in_unit,
    stages_all,
    statements_published,
)


def _get_aim_for(request: HttpRequest, slug: str) -> Aim:
    aim = aim_for(user=request.user, slug=slug)
    if aim is None:
        raise Http404("No such aim.")
    return aim


@require_GET
def programme_index(request: HttpRequest) -> HttpResponse:
    """Our mission and aims: the vision and mission, and every aim's status in one table."""
    statements = statements_published()
    aims = list(aims_visible_to(user=request.user))
    return TemplateResponse(
        request,
        "programme/index.html",
        {
            "vision": statements["vision"],
            "mission": statements["mission"],
            "aims": aims_summary(aims),
            "other_aims": programme_aims(),
        },
    )


#: The data table on an aim's page shows this many of the latest points, a year of weekly data;
#: ``?table=all`` shows them all (and the downloads always have them all).
AIM_TABLE_POINTS = 52


@require_GET
def aim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An aim: what it means, its target, its chart and data, and the work aligned with it."""
    aim = _get_aim_for(request, slug)
    measure = aim.measure
    html_id = f"aim-{aim.slug}-chart"
    whole_table = request.GET.get("table") == "all"
    unit = {"data_type": measure.data_type, "unit": measure.unit}
    return TemplateResponse(
        request,
        "programme/aim.html",
        {
            "aim": aim,
            "measure": measure,
            "chart": measure_chart(
                measure,
                html_id=html_id,
                table_latest=None if whole_table else AIM_TABLE_POINTS,
                table_all_url=f"?table=all#{html_id}-data",
            ),
            "baseline": number_in_unit(aim.baseline_value, **unit),
            "target": number_in_unit(aim.target_value, **unit),
            "directorates": list(aim.directorates.all()),
            "aligned": aligned_with_aim(aim_id=aim.pk, user=request.user),
            "is_draft": not aim.live,
            "is_qi_team": is_qi_team(request.user),
        },
    )


@require_GET
def stages_timeline(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "programme/stages.html", {"stages": stages_all()})


@require_GET
def statement_history(request: HttpRequest) -> HttpResponse:
    """Every published version of the mission and vision, newest first, with its date."""
    statements = statements_published()
    return TemplateResponse(
        request,
        "programme/history.html",
        {"histories": [statements["mission"], statements["vision"]]},
    )
