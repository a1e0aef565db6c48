"""Sign-in backends that load the signed-in user together with what nearly every page asks.

Django loads the user behind the session on every request (`get_user`). Loading their person
record and whether they are on the QI team in the same query saves two more on every page a
signed-in person sees: the header asks the one ("Back office"), most views the other.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from qihub.core.models import User
from qihub.core.permissions import QI_TEAM_GROUP


def user_signed_in(user_id: Any) -> User | None:
    """The user with their person (if any) and `is_qi_team`'s answer, in one query."""
    on_qi_team = Group.objects.filter(name=QI_TEAM_GROUP, user=OuterRef("pk"))
    users = User._default_manager.select_related("person")
    try:
        return users.annotate(_qihub_is_qi_team=Exists(on_qi_team)).get(pk=user_id)
    except User.DoesNotExist:
        return None


class SignedInUserMixin:
    def get_user(self, user_id: Any) -> User | None:
        user = user_signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(SignedInUserMixin, DjangoModelBackend):
    """Django's email-and-password backend."""


class AuthenticationBackend(SignedInUserMixin, AllauthBackend):
    """allauth's backend (sign-in by email, by code, and single sign-on)."""
