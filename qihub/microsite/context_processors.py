from typing import Any

from django.core.cache import caches
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from qihub.core.extensions import navigation_items
from qihub.microsite.chrome import FRAGMENT_CACHE, chrome_key


def chrome(request: HttpRequest) -> dict[str, Any]:
    """Expose the cache key and timeout of the header and footer (qihub/microsite/chrome.py), and
    the apps' navigation items."""
    return {
        # Lazy, so that a page without the chrome (the back office) does not look up the version.
        "qihub_chrome_key": SimpleLazyObject(lambda: chrome_key(request)),
        "qihub_chrome_timeout": caches[FRAGMENT_CACHE].default_timeout,
        # Lazy too: read only when the cached navigation is drawn afresh.
        "qihub_navigation_items": SimpleLazyObject(navigation_items),
    }
