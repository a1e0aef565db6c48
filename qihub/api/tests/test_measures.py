"""/api/v1/measures/{slug}/data: public reads of published measures; writes with a scoped,
hashed, revocable token, all or nothing, audited under the token's name."""

import json

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from qihub.measurement.models import DataPoint, DataPointCorrection, DataType
from qihub.measurement.services import token_create, token_revoke
from qihub.measurement.tests.factories import DataPointFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def _url(slug: str) -> str:
    return f"/api/v1/measures/{slug}/data"


def _post(client: Client, slug: str, body, secret: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.post(
        _url(slug), data=json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def measure():  # type: ignore[no-untyped-def]
    return MeasureFactory.create(slug="length-of-stay")


@pytest.fixture
def secret(measure, qi_team_user) -> str:
    _, secret = token_create(
        name="Patient administration system", measures=[measure], by=qi_team_user
    )
    return secret


def test_a_token_writes_its_measure_and_the_write_is_audited(client, measure, secret) -> None:
    body = {"data": [{"period": "2024-01-01", "value": 5.5}, {"period": "2024-02-01", "value": 6}]}
    response = _post(client, measure.slug, body, secret)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    assert list(DataPoint.objects.values_list("value", "recorded_via")) == [
        (5.5, "Patient administration system"),
        (6.0, "Patient administration system"),
    ]
    entry = ModelLogEntry.objects.filter(action="qihub.measurement.datapoint.record").first()
    assert entry is not None and entry.data["via"] == "Patient administration system"

    again = _post(client, measure.slug, body, secret)
    assert again.json()["unchanged"] == 2 and DataPoint.objects.count() == 2


def test_a_correction_needs_a_reason_and_is_kept(client, measure, secret) -> None:
    _post(client, measure.slug, {"data": [{"period": "2024-01-01", "value": 5.5}]}, secret)
    refused = _post(client, measure.slug, {"data": [{"period": "2024-01-01", "value": 7}]}, secret)
    assert refused.status_code == 422 and "give a reason" in refused.json()["detail"]
    body = {"data": [{"period": "2024-01-01", "value": 7, "reason": "Recount"}]}
    assert _post(client, measure.slug, body, secret).json()["corrected"] == 1
    correction = DataPointCorrection.objects.get()
    assert (correction.old_value, correction.corrected_via) == (
        5.5,
        "Patient administration system",
    )


def test_one_bad_point_writes_nothing(client, measure, secret) -> None:
    body = {"data": [{"period": "2024-01-01", "value": 5}, {"period": "2024-02-01"}]}
    response = _post(client, measure.slug, body, secret)
    assert response.status_code == 422
    assert response.json()["detail"] == "data[1] (2024-02-01): Give the value."
    body = {"data": [{"period": "2024-01-01", "value": 5}, {"period": "2024-01-01", "value": 6}]}
    assert "also data[0]" in _post(client, measure.slug, body, secret).json()["detail"]
    body = {"data": [{"period": "2024-13-01", "value": 5}]}
    assert _post(client, measure.slug, body, secret).status_code == 422
    assert _post(client, measure.slug, {"data": []}, secret).status_code == 422
    assert not DataPoint.objects.exists()


def test_every_bad_point_is_named(client, measure, secret) -> None:
    body = {
        "data": [
            {"period": "2024-01-01", "value": "many"},
            {"period": "2024-02-01", "value": 5, "colour": "red"},
            {"period": "2024-03-01", "value": 6},
        ],
        "source": "PAS",
    }
    detail = _post(client, measure.slug, body, secret).json()["detail"]
    assert detail == (
        "data[0].value: input should be a valid number, unable to parse string as a number; "
        "data[1].colour is not an option; the options are period, value, numerator, "
        "denominator, reason; source is not an option; the options are data"
    )
    body = {
        "data": [
            {"period": "2024-01-01"},
            {"period": "2024-02-15", "value": 5},
            {"period": "2024-01-01", "value": 6},
            {"period": "2024-04-01", "value": 7},
        ]
    }
    detail = _post(client, measure.slug, body, secret).json()["detail"]
    assert detail.startswith("data[0] (2024-01-01): Give the value; data[1] (2024-02-15): ")
    assert "not the first day of a month" in detail and ".;" not in detail
    assert detail.endswith("data[2]: the period 2024-01-01 is also data[0]")
    body = {"data": [{"period": f"2024-{month:02}-01"} for month in range(1, 13)]}
    detail = _post(client, measure.slug, body, secret).json()["detail"]
    assert "data[9] (2024-10-01)" in detail and "data[10]" not in detail
    assert detail.endswith(" (and 2 more problems)")
    assert not DataPoint.objects.exists()


def test_a_proportion_above_one_is_refused(client, qi_team_user) -> None:
    measure = MeasureFactory.create(data_type=DataType.PROPORTION)
    _, secret = token_create(name="Audit", measures=[measure], by=qi_team_user)
    body = {"data": [{"period": "2024-01-01", "numerator": 12, "denominator": 10}]}
    response = _post(client, measure.slug, body, secret)
    assert (
        response.status_code == 422 and "greater than the denominator" in response.json()["detail"]
    )


def test_no_wrong_or_revoked_token_gets_401(client, measure, secret, qi_team_user) -> None:
    body = {"data": [{"period": "2024-01-01", "value": 5}]}
    missing = _post(client, measure.slug, body)
    assert missing.status_code == 401 and "Authorization: Bearer" in missing.json()["detail"]
    assert missing["WWW-Authenticate"].startswith("Bearer")
    wrong = _post(client, measure.slug, body, secret[:-2] + "xx")
    assert wrong.status_code == 401 and "not recognised" in wrong.json()["detail"]
    from qihub.measurement.models import IntegrationToken

    token_revoke(token=IntegrationToken.objects.get(), by=qi_team_user)
    revoked = _post(client, measure.slug, body, secret)
    assert revoked.status_code == 401 and "was revoked" in revoked.json()["detail"]
    assert not DataPoint.objects.exists()


def test_a_token_may_not_write_another_measure(client, secret) -> None:
    other = MeasureFactory.create(slug="falls")
    response = _post(client, other.slug, {"data": [{"period": "2024-01-01", "value": 5}]}, secret)
    assert response.status_code == 403
    assert "may not write to 'falls'" in response.json()["detail"]
    assert _post(client, "nothing", {"data": []}, secret).status_code == 404
    assert not DataPoint.objects.exists()


def test_anyone_reads_a_published_measure_but_not_a_draft(client, measure) -> None:
    DataPointFactory.create(measure=measure, value=4.5)
    response = client.get(_url(measure.slug))
    assert response.status_code == 200
    document = response.json()
    assert document["measure"]["chart"] == "xmr" and document["data"][0]["value"] == 4.5
    draft = MeasureFactory.create(published=False)
    assert client.get(_url(draft.slug)).status_code == 404


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-10-15", "not the first day of a month"),
        ("2999-01-01", "has not begun yet"),
        ("1800-01-01", "before 1900"),
    ],
)
def test_a_period_the_measure_does_not_have_is_refused_and_nothing_written(
    client, measure, secret, period, message
) -> None:
    body = {"data": [{"period": "2024-01-01", "value": 5}, {"period": period, "value": 6}]}
    response = _post(client, measure.slug, body, secret)
    assert response.status_code == 422
    assert message in json.dumps(response.json()) and "data[1]" in json.dumps(response.json())
    assert not DataPoint.objects.exists()
