"""The project's URLs and one bare view: the cost of a request through the same middleware that
does nothing else, the floor the pages are compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("qihub.urls"))]
