"""What measurement adds to the platform (qihub/core/extensions.py)."""

from wagtail import hooks

from qihub.core import extensions


@hooks.register(extensions.NAVIGATION_ITEM, order=900)
def spc_tool_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="SPC chart tool", url_name="measurement:spc")
