from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from benchmarks.vote.benchapp.models import BenchRow


@require_POST
@login_required
def insert_row(request: HttpRequest) -> HttpResponse:
    """The least a signed-in write can cost: session, user, CSRF check, one INSERT."""
    BenchRow.objects.create(user=request.user)
    return HttpResponse("recorded", content_type="text/plain")
