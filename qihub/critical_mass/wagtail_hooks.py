"""What the dashboard adds to the platform: the public page in the site's header, and a link
to the private dashboard in the back office's menu."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from qihub.core import extensions
from qihub.critical_mass.dashboard import critical_mass
from qihub.engagement.selectors import engagement_aim


@hooks.register(extensions.NAVIGATION_ITEM, order=700)
def critical_mass_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Taking part", url_name="critical_mass:public")


@hooks.register("register_admin_menu_item")
def critical_mass_menu_item() -> MenuItem:
    return MenuItem(
        "Critical mass", reverse("critical_mass:dashboard"), icon_name="group", order=209
    )


@hooks.register(extensions.PROGRAMME_AIMS)
def critical_mass_programme_aim() -> list[extensions.ProgrammeAim]:
    """The engagement aim, among the system-level aims: the share of staff at its level today,
    and how many directorates have reached it."""
    if engagement_aim() is None:  # one query, and no tallies to bring up to date
        return []
    data = critical_mass(directorate_ids=None, by=("directorate",), title="", chart=False)
    if data.aim is None:
        return []
    position, share = (
        data.aim.level.position,
        data.overall.share_at_or_above(data.aim.level.position),
    )
    directorates = data.breakdowns[0].rows
    reached = sum(
        1 for row in directorates if (row.share_at_or_above(position) or 0) >= data.aim.share
    )
    return [
        extensions.ProgrammeAim(
            title=str(data.aim),
            url=reverse("critical_mass:public"),
            latest="–" if share is None else f"{share:.1f}% of staff",
            target=f"{data.aim.share}% in every directorate",
            due_on=data.aim.due_on,
            note=f"{reached} of {len(directorates)} directorates at or above the aim",
        )
    ]
