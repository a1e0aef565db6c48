"""Production settings (DEBUG off, the real middleware), plus the bare view `make bench-aims`
measures beside the pages."""

from qihub.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.aims.urls"
