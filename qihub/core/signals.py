from typing import Any

from allauth.account.signals import email_confirmed, user_logged_in
from django.contrib.auth.models import Group, Permission
from django.dispatch import receiver

from qihub.core.models import User
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.services import person_link_account


@receiver(email_confirmed)
def link_on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    person_link_account(user=email_address.user)


@receiver(user_logged_in)
def link_on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    person_link_account(user=user)


QI_TEAM_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("core", "add_person"),
    ("core", "change_person"),
    ("core", "view_person"),
    ("core", "add_directorate"),
    ("core", "change_directorate"),
    ("core", "view_directorate"),
    ("core", "add_service"),
    ("core", "change_service"),
    ("core", "view_service"),
    ("core", "add_team"),
    ("core", "change_team"),
    ("core", "view_team"),
    ("core", "add_location"),
    ("core", "change_location"),
    ("core", "view_location"),
    ("core", "add_stafflevel"),
    ("core", "change_stafflevel"),
    ("core", "view_stafflevel"),
    ("core", "add_leadership"),
    ("core", "change_leadership"),
    ("core", "delete_leadership"),
    ("core", "view_leadership"),
    ("core", "view_rosterimport"),
    ("core", "add_rosterimport"),
    *[
        ("competitions", f"{verb}_{model}")
        for model in ("competition", "criterion", "panelmember")
        for verb in ("add", "change", "delete", "view")
    ],
    # No back-office page of their own; Site history shows the QI team what was done to them.
    ("competitions", "view_entry"),
    ("competitions", "view_conflict"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailnhsukfrontendsettings", "change_headersettings"),
    ("wagtailnhsukfrontendsettings", "change_footersettings"),
    ("wagtailnhsukfrontendsettings", "change_footersettingscolumns"),
]


def qi_team_group_ensure(**kwargs: Any) -> None:
    """Create the QI team group with its back-office permissions (idempotent, after migrate)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    # post_migrate runs app by app; make sure every app's permissions exist before using them.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    group, _ = Group.objects.get_or_create(name=QI_TEAM_GROUP)
    for app_label, codename in QI_TEAM_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)
    root = Page.get_first_root_node()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codename in (
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ):
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
