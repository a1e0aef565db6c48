"""Production settings, plus the bare view that `make bench-vote` measures as the ceiling.

One difference besides: static files use WhiteNoise's storage without the manifest, because
`collectstatic` with the manifest fails on wagtail-nhsuk-frontend's CSS, which names a source
map the package does not ship (see docs/performance.md). No static file is requested here.
"""

from qihub.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.vote.benchapp"]  # noqa: F405
ROOT_URLCONF = "benchmarks.vote.benchapp.urls"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
