import pytest


@pytest.mark.django_db
def test_header_links_to_competitions_and_the_spc_tool_and_marks_the_current_one(client):
    home = client.get("/").content.decode()
    assert 'href="/competitions/"' in home
    assert 'href="/spc/"' in home
    competitions = client.get("/competitions/").content.decode()
    assert 'href="/competitions/" aria-current="page"' in competitions
    assert 'href="/spc/" aria-current' not in competitions
