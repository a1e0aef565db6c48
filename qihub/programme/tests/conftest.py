"""The QI team with the programme's permissions, and a programme's published mission and stages."""

import pytest
from django.contrib.auth.models import Group, Permission

from qihub.core import extensions
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.programme.models import Stage
from qihub.programme.services import stage_save, statement_publish


@pytest.fixture
def qi_team(qi_team_user):
    """The QI team member, their group holding what the programme's hook grants it."""
    codenames = [code for app, code in extensions.qi_team_permissions() if app == "programme"]
    Group.objects.get(name=QI_TEAM_GROUP).permissions.add(
        *Permission.objects.filter(content_type__app_label="programme", codename__in=codenames)
    )
    return qi_team_user


@pytest.fixture
def mission(db):
    statement_publish(kind="mission", text="Better care, every day.", actor=None)
    return statement_publish(kind="mission", text="The best care, for everyone.", actor=None)


@pytest.fixture
def stages(db) -> list[Stage]:
    names = ["Direction", "Building will", "Building capability"]
    made = [
        stage_save(stage=Stage(name=name, position=index * 10), actor=None)
        for index, name in enumerate(names)
    ]
    return made
