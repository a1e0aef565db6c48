"""Reads that depend on who is asking."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpRequest
from wagtail.models import Site
from wagtailnhsukfrontend.settings.models import HeaderSettings

from qihub.core.models import Directorate, Person, PersonKind, StaffLevel
from qihub.core.permissions import is_qi_team, led_directorate_ids


def programme_name_for(*, request: HttpRequest | None) -> str:
    """The programme's name (the site's name in the back office: Settings → Sites)."""
    site = Site.find_for_request(request) if request is not None else Site.objects.first()
    return (site.site_name if site else "") or settings.SITE_NAME


def organisation_name_for(*, request: HttpRequest) -> str:
    """The organisation's name, as the header shows it; the programme's if it has none."""
    site = Site.find_for_request(request)
    header = HeaderSettings.for_site(site) if site is not None else None
    return (header.organisation_name if header else "") or programme_name_for(request=request)


@dataclass(frozen=True)
class DirectorateSummary:
    directorate: Directorate
    active_staff: int
    leavers: int
    by_level: list[tuple[str, int]]
    by_service: list[tuple[str, int]]


def directorates_visible_to(*, user: Any) -> list[Directorate]:
    """The QI team sees every directorate; a leader sees the ones they lead; others none."""
    if is_qi_team(user):
        return list(Directorate.objects.all())
    return list(Directorate.objects.filter(pk__in=led_directorate_ids(user)))


def directorate_summary_for(*, user: Any, directorate_id: int) -> DirectorateSummary | None:
    """Staff numbers for one directorate, or None if the user may not see it."""
    directorate = next(
        (d for d in directorates_visible_to(user=user) if d.pk == directorate_id), None
    )
    if directorate is None:
        return None
    staff = Person.objects.filter(kind=PersonKind.STAFF, team__service__directorate=directorate)
    active = staff.filter(is_active=True)
    level_counts = dict(
        active.values_list("level__name").annotate(n=Count("id")).values_list("level__name", "n")
    )
    by_level = [(level.name, level_counts.get(level.name, 0)) for level in StaffLevel.objects.all()]
    by_service = list(
        directorate.services.annotate(
            n=Count(
                "teams__people",
                filter=Q(teams__people__is_active=True, teams__people__kind=PersonKind.STAFF),
            )
        ).values_list("name", "n")
    )
    return DirectorateSummary(
        directorate=directorate,
        active_staff=active.count(),
        leavers=staff.filter(is_active=False).count(),
        by_level=by_level,
        by_service=by_service,
    )


def person_with_confirmed_email(*, email: str) -> Person | None:
    """The active person whose email this is (their work email, or their account's), or None.

    For acts by visitors without an account: once a visitor has confirmed an address by following
    a link sent to it, what they did is that person's, and goes in their engagement record. Call it
    only with an address the visitor has confirmed; an unconfirmed one proves nothing.
    """
    email = email.strip()
    if not email:
        return None
    return (
        Person.objects.filter(is_active=True)
        .filter(Q(email__iexact=email) | Q(user__email__iexact=email))
        .order_by("pk")
        .first()
    )
