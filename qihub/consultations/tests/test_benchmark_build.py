"""The benchmark's builder makes what it says, and the analysis page reads it."""

import pytest

from benchmarks.aims.consultation import build, qi_user
from qihub.consultations.models import Comment
from qihub.core.tests.factories import StaffFactory


@pytest.mark.django_db
def test_build_makes_a_consultation_with_that_many_comments(client):
    StaffFactory.create_batch(5)
    url = build(comments=120)
    assert Comment.objects.count() == 120
    assert build(comments=120) == url and Comment.objects.count() == 120
    client.force_login(qi_user())
    response = client.get(url)
    assert response.status_code == 200
    assert "120 people have taken part" in response.content.decode()
