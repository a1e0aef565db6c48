"""Production settings, plus the bare view that `make bench-vote` measures as the ceiling."""

from qihub.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.vote.benchapp"]  # noqa: F405
ROOT_URLCONF = "benchmarks.vote.benchapp.urls"
