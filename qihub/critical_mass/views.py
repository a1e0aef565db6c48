"""The critical-mass dashboard: the QI team sees every directorate, a leader the ones they
lead; the public page shows aggregates only, small counts suppressed."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from qihub.core.exports import spreadsheet_text
from qihub.core.models import Directorate
from qihub.core.permissions import Role, is_qi_team, led_directorate_ids, role_required
from qihub.critical_mass.dashboard import (
    SUPPRESS_UNDER,
    CriticalMass,
    critical_mass,
    public_count,
)

MAIN_BREAKDOWNS = ("directorate", "staff_level", "site")


def _scope_for(request: HttpRequest) -> list[int] | None:
    """The directorates this person may see: None for all (the QI team)."""
    return None if is_qi_team(request.user) else led_directorate_ids(request.user)


def _directorate_for(request: HttpRequest, pk: int) -> Directorate:
    directorate = get_object_or_404(Directorate, pk=pk)
    scope = _scope_for(request)
    if scope is not None and directorate.pk not in scope:
        raise PermissionDenied
    return directorate


@role_required(Role.LEADER)
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope_for(request)
    title = "Staff at the aim's level or above, by month"
    data = critical_mass(directorate_ids=scope, by=MAIN_BREAKDOWNS, title=title)
    return render(
        request,
        "critical_mass/dashboard.html",
        {"data": data, "whole_organisation": scope is None},
    )


@role_required(Role.LEADER)
def directorate(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = _directorate_for(request, pk)
    title = f"{chosen.name}: staff at the aim's level or above, by month"
    data = critical_mass(directorate_ids=[chosen.pk], by=("team", "staff_level"), title=title)
    return render(request, "critical_mass/directorate.html", {"data": data, "directorate": chosen})


def _export_rows(data: CriticalMass) -> list[list[object]]:
    position = data.aim_position
    header: list[object] = ["Breakdown", "Group", "Staff"]
    header += [level.name for level in data.levels] + ["Not yet engaged"]
    if position is not None and data.aim is not None:
        header.append(f"% at {data.aim.level.name} or above")
    rows = [header]
    for title, group_rows in [("All staff", [data.overall])] + [
        (breakdown.title, breakdown.rows) for breakdown in data.breakdowns
    ]:
        for row in group_rows:
            line: list[object] = [title, spreadsheet_text(row.label), row.staff]
            line += [row.people.get(level.position, 0) for level in data.levels]
            line.append(row.people.get(0, 0))
            if position is not None:
                share = row.share_at_or_above(position)
                line.append("" if share is None else round(share, 1))
            rows.append(line)
    return rows


@role_required(Role.LEADER)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every breakdown the person may see, as CSV or XLSX; names a spreadsheet would run as a
    formula stay text."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    data = critical_mass(
        directorate_ids=_scope_for(request),
        by=("directorate", "team", "staff_level", "site"),
        title="Critical mass",
    )
    name = f"critical-mass-{data.month:%Y-%m}"
    rows = _export_rows(data)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        csv.writer(response).writerows(rows)
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Critical mass")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def public(request: HttpRequest) -> HttpResponse:
    """Anyone: how many staff take part, by directorate, with counts under 5 suppressed."""
    data = critical_mass(directorate_ids=None, by=("directorate",), title="Critical mass")
    tables = []
    for row in [data.overall, *data.breakdowns[0].rows]:
        cells = []
        for level in data.levels:
            count = row.at_or_above(level.position)
            share = row.share_at_or_above(level.position)
            shown = count >= SUPPRESS_UNDER and share is not None
            cells.append({"count": public_count(count), "share": share if shown else None})
        tables.append({"label": row.label, "staff": public_count(row.staff), "cells": cells})
    may_see = bool(is_qi_team(request.user) or led_directorate_ids(request.user))
    return render(
        request,
        "critical_mass/public.html",
        {"data": data, "rows": tables, "may_see_dashboard": may_see},
    )
