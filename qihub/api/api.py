"""The JSON API (OpenAPI at /api/v1/docs): public, read-only organisation data for integrations."""

from django.db.models import Count, Q
from ninja import NinjaAPI, Schema

from qihub.api.measures import router as measures_router
from qihub.api.spc import router as spc_router
from qihub.core.models import Directorate, PersonKind

api = NinjaAPI(title="qihub API", version="1", urls_namespace="api")
api.add_router("/spc", spc_router)
api.add_router("/measures", measures_router)


class DirectorateOut(Schema):
    code: str
    name: str
    services: int
    teams: int
    active_staff: int


@api.get("/directorates", response=list[DirectorateOut], tags=["organisation"])
def directorate_list(request):  # type: ignore[no-untyped-def]
    """The organisation's directorates with their size (public: no personal data)."""
    rows = Directorate.objects.annotate(
        service_count=Count("services", distinct=True),
        team_count=Count("services__teams", distinct=True),
        staff_count=Count(
            "services__teams__people",
            filter=Q(
                services__teams__people__is_active=True,
                services__teams__people__kind=PersonKind.STAFF,
            ),
            distinct=True,
        ),
    ).order_by("name")
    return [
        DirectorateOut(
            code=row.code,
            name=row.name,
            services=row.service_count,
            teams=row.team_count,
            active_staff=row.staff_count,
        )
        for row in rows
    ]
