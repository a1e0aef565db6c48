"""The site's chrome: the NHS.UK header, its navigation and the footer, cached as rendered HTML.

They are drawn from the QI team's Wagtail settings (header, navigation links, footer links), the
pages the links point to and the site the request is for: about nine queries, on every page.
base.html and fragment_header.html keep the rendered HTML in Django's "template_fragments" cache
with the {% cache %} tag, under a key made of

- a version, replaced when the back office changes a setting, a site or a page
  (qihub/microsite/signals.py), so that the next request renders afresh;
- the host name and port, from which Wagtail finds the site (`Site.find_for_request`);
- for the navigation, also the path and the Wagtail page's place in the tree, which decide its
  current item.

The account links are the signed-in person's own, with their CSRF token: never cached.

The apps' navigation items (their NAVIGATION_ITEM hooks) are drawn into the cached navigation,
and base.html also caches the head's links to the stylesheets, icons and script: both change only
with a deploy (code; the static files' manifest), which restarts the processes, and this cache is
always per process (settings.py).
"""

from uuid import uuid4

from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port

FRAGMENT_CACHE = "template_fragments"
VERSION_KEY = "qihub.chrome.version"


def chrome_version() -> str:
    """Return the version of the chrome now in the cache, starting a new one if there is none."""
    # Never a fixed first value: if the cache dropped the key, fragments cached under an older
    # version must not come back.
    return str(caches[FRAGMENT_CACHE].get_or_set(VERSION_KEY, lambda: uuid4().hex, timeout=None))


def chrome_key(request: HttpRequest) -> str:
    """Return the part of the chrome's cache keys shared by every fragment of this request."""
    hostname, _ = split_domain_port(request.get_host())
    return f"{chrome_version()}:{hostname}:{request.get_port()}"


def chrome_invalidate() -> None:
    """Make the next request render the chrome afresh, once the current transaction commits."""
    # Not before: a request in between would cache what the database held before the change.
    transaction.on_commit(lambda: caches[FRAGMENT_CACHE].delete(VERSION_KEY))
