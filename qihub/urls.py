from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from qihub.api.api import api
from qihub.core.views import healthz
from qihub.microsite.views import search

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", include("qihub.core.urls")),
    path("api/v1/", api.urls),
    path("search/", search, name="search"),
    path("spc/", include("qihub.measurement.urls")),
    path("competitions/", include("qihub.competitions.urls")),
    path("", include(wagtail_urls)),
]
