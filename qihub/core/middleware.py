"""The Content-Security-Policy for each part of the site (django-csp's middleware, extended)."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's own policy, except where `QIHUB_CSP_BY_PATH` gives a path prefix another.

    The public site allows only its own scripts and styles. Wagtail's back office needs inline
    scripts and styles, and Swagger UI inline styles, so each gets a policy of its own that still
    loads nothing from anywhere but this site. A page drawn for the editor's live preview (a
    request Wagtail makes up, marked `is_dummy`) keeps the site's policy but may be framed by
    the back office.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if getattr(request, "is_dummy", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        elif parts.config is None:
            for prefix, directives in settings.QIHUB_CSP_BY_PATH.items():
                if request.path_info.startswith(prefix):
                    parts.config = directives
                    break
        return parts
