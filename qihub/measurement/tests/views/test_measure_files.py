"""A measure's public files: its chart (PNG, SVG, CSV with limits) and its data (CSV safe in a
spreadsheet, JSON); a draft's only for those who may edit it."""

import json

import pytest

from qihub.measurement.models import Annotation
from qihub.measurement.tests.factories import DataPointFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure():  # type: ignore[no-untyped-def]
    measure = MeasureFactory.create(slug="los")
    for value in (5.5, 6.0, 4.5):
        DataPointFactory.create(measure=measure, value=value)
    return measure


def test_the_data_as_csv_is_safe_in_a_spreadsheet(client, measure) -> None:
    first = measure.data_points.order_by("period").first()
    Annotation.objects.create(measure=measure, period=first.period, text="=HYPERLINK(1)")
    response = client.get("/measures/los/data.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="los-data.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0] == "period,value,annotation"
    assert lines[1] == f"{first.period.isoformat()},5.5,'=HYPERLINK(1)"
    assert len(lines) == 4


def test_the_data_as_json(client, measure) -> None:
    document = json.loads(client.get("/measures/los/data.json").content)
    assert document["measure"]["slug"] == "los"
    assert [point["value"] for point in document["data"]] == [5.5, 6.0, 4.5]


@pytest.mark.parametrize("kind", ["png", "svg", "csv"])
def test_the_chart_downloads(client, measure, kind) -> None:
    response = client.get(f"/measures/los/chart/?format={kind}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_a_bad_download_is_explained(client, measure) -> None:
    assert client.get("/measures/los/chart/?format=gif").status_code == 400
    assert client.get("/measures/los/data.xml").status_code == 404


def test_a_draft_is_not_public(client, qi_team_user, staff_user) -> None:
    draft = MeasureFactory.create(published=False, slug="draft")
    DataPointFactory.create(measure=draft)
    assert client.get("/measures/draft/data.csv").status_code == 404
    client.force_login(staff_user)
    assert client.get("/measures/draft/data.json").status_code == 404
    client.force_login(qi_team_user)
    assert client.get("/measures/draft/data.csv").status_code == 200
    assert client.get("/measures/draft/chart/?format=svg").status_code == 200


def test_a_measure_without_data_has_no_chart(client) -> None:
    MeasureFactory.create(slug="empty")
    assert client.get("/measures/empty/chart/?format=svg").status_code == 404
    assert client.get("/measures/empty/data.csv").content.decode() == "period,value,annotation\n"
