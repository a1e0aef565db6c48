import pytest

from qihub.core.tests.factories import StaffLevelFactory, TeamFactory
from qihub.core.tests.roster_helpers import TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("qihub.core.roster.services.timezone.localdate", lambda: TODAY)


@pytest.fixture
def org(db):
    """Two teams and two staff levels, as the roster names them."""
    return {
        "teams": [TeamFactory.create(code="T0001"), TeamFactory.create(code="T0002")],
        "levels": [
            StaffLevelFactory.create(name="Front-line clinical", position=4),
            StaffLevelFactory.create(name="Senior leader", position=2),
        ],
    }
