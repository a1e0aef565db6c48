import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from qihub.core.audit import audit_log
from qihub.core.forms import EraseForm
from qihub.core.models import Person
from qihub.core.permissions import Role, person_for, role_required, roles_for
from qihub.core.selectors import (
    directorate_summary_for,
    directorates_visible_to,
    organisation_name_for,
)
from qihub.core.services import PersonError, person_erase, person_export_data


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: answers 503 if the database does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure makes the instance unready
        return JsonResponse(
            {"status": "error", "database": str(error.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    person = person_for(request.user)
    if person is not None:
        person = Person.objects.select_related("team__service__directorate", "level").get(
            pk=person.pk
        )
    return TemplateResponse(
        request,
        "core/account.html",
        {
            "person": person,
            "roles": sorted(role.value for role in roles_for(request.user)),
            "directorates": directorates_visible_to(user=request.user),
        },
    )


@login_required
@require_GET
def account_data(request: HttpRequest) -> HttpResponse:
    """Download everything held about the signed-in person, as JSON."""
    person = person_for(request.user)
    if person is None:
        document = {"person": None, "account": {"email": getattr(request.user, "email", "")}}
    else:
        document = person_export_data(person=person)
        audit_log(action="qihub.core.person.export", instance=person, user=request.user)
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-qihub-data.json"'
    return response


@role_required(Role.PUBLIC)
@require_http_methods(["GET", "POST"])
def account_erase(request: HttpRequest) -> HttpResponse:
    person = person_for(request.user)
    if person is None:
        raise Http404
    form = EraseForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation_name_for(request=request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_erase(person=person, actor=request.user)  # type: ignore[arg-type]
        except PersonError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, "Your account and your data have been erased.")
            return redirect("/")
    return TemplateResponse(request, "core/account_erase.html", {"form": form})


@role_required(Role.LEADER)
def directorate_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    summary = directorate_summary_for(user=request.user, directorate_id=pk)
    if summary is None:
        raise Http404
    return TemplateResponse(request, "core/directorate.html", {"summary": summary})
