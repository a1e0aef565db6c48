"""What the public site adds to the platform (qihub/core/extensions.py)."""

from collections.abc import Iterable

from wagtail import hooks

from qihub.core import extensions
from qihub.microsite.demo import microsite_demo_build

hooks.register(extensions.DEMO_BUILD, microsite_demo_build, order=100)


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def microsite_qi_team_permissions() -> Iterable[tuple[str, str]]:
    """The header and footer settings (the site's pages are the QI team's through core)."""
    return [
        ("wagtailnhsukfrontendsettings", "change_headersettings"),
        ("wagtailnhsukfrontendsettings", "change_footersettings"),
        ("wagtailnhsukfrontendsettings", "change_footersettingscolumns"),
    ]
