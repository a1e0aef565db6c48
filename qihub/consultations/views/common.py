"""The access helpers every consultation view uses: one for reading, one for running it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from qihub.consultations.models import Consultation
from qihub.consultations.permissions import consultation_can_manage
from qihub.consultations.selectors import consultation_for


def consultation_or_404(request: HttpRequest, slug: str) -> Consultation:
    """A consultation the user may read (a draft is missing to anyone but the QI team)."""
    consultation = consultation_for(user=request.user, slug=slug)
    if consultation is None:
        raise Http404
    return consultation


def managed_or_403(request: HttpRequest, slug: str) -> Consultation:
    """A consultation the user runs (the QI team); anyone else is refused."""
    consultation = consultation_or_404(request, slug)
    if not consultation_can_manage(user=request.user, obj=consultation):
        raise PermissionDenied
    return consultation
