from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from qihub.api.api import api
from qihub.core.views import healthz
from qihub.microsite.views import search

# Wagtail's own sign-in and password-reset pages (and its front-end sign-in for private pages)
# skip allauth's rate limits and email verification: every way into an account goes through
# allauth, so these addresses only redirect there (docs/deploy.md, "Signing in").
_to_sign_in = RedirectView.as_view(pattern_name="account_login", query_string=True)
_to_password_reset = RedirectView.as_view(pattern_name="account_reset_password")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/login/", _to_sign_in),
    re_path(r"^admin/password_reset/", _to_password_reset),
    path("_util/login/", _to_sign_in),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", include("qihub.core.urls")),
    path("api/v1/", api.urls),
    path("search/", search, name="search"),
    path("spc/", include("qihub.measurement.urls")),
    path("measures/", include("qihub.measurement.measure_urls")),
    path("competitions/", include("qihub.competitions.urls")),
    path("programme/", include("qihub.programme.urls")),
    path("consultations/", include("qihub.consultations.urls")),
    path("events/", include("qihub.events.urls")),
    path("groups/", include("qihub.groups.urls")),
    path("critical-mass/", include("qihub.critical_mass.urls")),
    path("", include(wagtail_urls)),
]
