import pytest

from qihub.core.tests.factories import StaffFactory, TeamFactory


@pytest.mark.django_db
def test_directorates_api_lists_sizes_without_personal_data(client):
    team = TeamFactory.create()
    StaffFactory.create_batch(3, team=team)
    StaffFactory.create(team=team, is_active=False)
    response = client.get("/api/v1/directorates")
    assert response.status_code == 200
    [row] = response.json()
    assert row == {
        "code": team.service.directorate.code,
        "name": team.service.directorate.name,
        "services": 1,
        "teams": 1,
        "active_staff": 3,
    }


@pytest.mark.django_db
def test_openapi_schema_is_published(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/directorates" in response.json()["paths"]
