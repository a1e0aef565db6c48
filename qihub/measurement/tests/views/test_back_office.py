"""The back office for measures: the QI team may create measures, record, correct and upload
data, and make and revoke tokens; other staff, even with back-office access, may not."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from qihub.measurement.models import (
    DataPoint,
    DataPointCorrection,
    DataType,
    IntegrationToken,
    Measure,
    Rebase,
    token_digest,
)
from qihub.measurement.tests.factories import DataPointFactory, MeasureFactory

pytestmark = pytest.mark.django_db
MEASURES = "/admin/snippets/measurement/measure"
TOKENS = "/admin/snippets/measurement/integrationtoken"


@pytest.fixture
def qi_team(client, qi_team_user):  # type: ignore[no-untyped-def]
    client.force_login(qi_team_user)
    return client


@pytest.fixture
def staff_in_back_office(client, staff_user):  # type: ignore[no-untyped-def]
    """Staff who may open the back office (for another app's work), but not measures."""
    staff_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff_user)
    return client


def _refused(response) -> bool:  # type: ignore[no-untyped-def]
    """The back office refuses with 403, or (Wagtail's own views and a PermissionDenied inside
    the admin) a redirect to its home page with "Sorry, you do not have permission"."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def _measure_form(**fields):  # type: ignore[no-untyped-def]
    data = {
        "name": "Average length of stay",
        "slug": "",
        "definition": "Mean days from admission to discharge, adult inpatients.",
        "unit": "days",
        "data_type": "continuous",
        "frequency": "month",
        "direction": "decrease",
        "target_value": "",
        "target_date": "",
        "baseline_points": "",
        "published": "on",
    }
    for prefix in ("rebases", "annotations"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


def test_the_qi_team_creates_a_measure_with_a_rebase(qi_team) -> None:
    form = _measure_form(
        **{
            "rebases-TOTAL_FORMS": "1",
            "rebases-0-period": "2024-06-01",
            "rebases-0-reason": "New discharge lounge",
        }
    )
    response = qi_team.post(f"{MEASURES}/add/", form)
    assert response.status_code == 302, response.context["form"].errors
    measure = Measure.objects.get()
    assert measure.slug == "average-length-of-stay"
    assert measure.rebases.get().reason == "New discharge lounge"


def _actions(measure: Measure) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(measure).order_by("pk").values_list("action", flat=True)
    )


def test_creating_and_editing_a_measure_is_audited_by_its_services(qi_team) -> None:
    qi_team.post(f"{MEASURES}/add/", _measure_form())
    measure = Measure.objects.get()
    assert _actions(measure) == ["qihub.measurement.measure.create"]
    edit = _measure_form(
        slug=measure.slug,
        name="Mean length of stay",
        **{
            "annotations-TOTAL_FORMS": "1",
            "annotations-0-period": "2024-03-01",
            "annotations-0-text": "New ward opened",
        },
    )
    assert qi_team.post(f"{MEASURES}/edit/{measure.pk}/", edit).status_code == 302
    measure.refresh_from_db()
    assert measure.name == "Mean length of stay" and measure.annotations.count() == 1
    update = ModelLogEntry.objects.for_instance(measure).get(
        action="qihub.measurement.measure.update"
    )
    assert update.data == {"changed": ["annotations", "name"]}
    assert _actions(measure) == [
        "qihub.measurement.measure.create",
        "qihub.measurement.measure.update",
    ]


def test_a_blank_web_address_is_made_from_the_name_on_edit_too(qi_team) -> None:
    measure = MeasureFactory.create(name="Falls", slug="falls")
    response = qi_team.post(
        f"{MEASURES}/edit/{measure.pk}/", _measure_form(name="Falls with harm", slug="")
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.slug == "falls-with-harm"


def test_a_measure_with_data_keeps_its_data_type(qi_team) -> None:
    measure = MeasureFactory.create()
    DataPointFactory.create(measure=measure)
    response = qi_team.post(
        f"{MEASURES}/edit/{measure.pk}/",
        _measure_form(
            name="A new name",
            slug=measure.slug,
            data_type="count",
            **{
                "rebases-TOTAL_FORMS": "1",
                "rebases-0-period": "2024-06-01",
                "rebases-0-reason": "New discharge lounge",
            },
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "has data already, so its data type cannot change" in errors["data_type"][0]
    measure.refresh_from_db()
    assert measure.data_type == DataType.CONTINUOUS and measure.name != "A new name"
    assert not Rebase.objects.exists()
    assert "qihub.measurement.measure.update" not in _actions(measure)


def test_a_measure_with_data_keeps_its_frequency(qi_team) -> None:
    measure = MeasureFactory.create()
    DataPointFactory.create(measure=measure)
    response = qi_team.post(
        f"{MEASURES}/edit/{measure.pk}/",
        _measure_form(name=measure.name, slug=measure.slug, frequency="week"),
    )
    assert response.status_code == 200
    assert "how often it is recorded cannot change" in response.content.decode()
    measure.refresh_from_db()
    assert measure.frequency == "month"


def test_a_measure_with_data_is_not_deleted(qi_team) -> None:
    measure = MeasureFactory.create()
    DataPointFactory.create(measure=measure)
    response = qi_team.post(f"{MEASURES}/delete/{measure.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"{MEASURES}/"
    assert "has data, so it cannot be deleted" in response.content.decode()
    assert Measure.objects.filter(pk=measure.pk).exists()
    bulk = qi_team.post(
        f"/admin/bulk/measurement/measure/delete/?id={measure.pk}&next={MEASURES}/", follow=True
    )
    assert "has data, so it cannot be deleted" in bulk.content.decode()
    assert Measure.objects.filter(pk=measure.pk).exists()
    empty = MeasureFactory.create()
    qi_team.post(f"{MEASURES}/delete/{empty.pk}/")
    assert not Measure.objects.filter(pk=empty.pk).exists()


def test_staff_may_not_edit_measures(staff_in_back_office) -> None:
    assert _refused(staff_in_back_office.get(f"{MEASURES}/add/"))
    assert _refused(staff_in_back_office.post(f"{MEASURES}/add/", _measure_form()))
    assert not Measure.objects.exists()


def test_the_qi_team_records_and_corrects_a_point(qi_team) -> None:
    measure = MeasureFactory.create()
    url = f"/admin/measures/{measure.pk}/data/"
    assert qi_team.get(url).status_code == 200
    assert qi_team.post(url, {"period": "2024-01-01", "value": "5.5"}).status_code == 302
    refused = qi_team.post(url, {"period": "2024-01-01", "value": "6"})
    assert refused.status_code == 400
    assert "give a reason for the correction" in refused.content.decode()
    corrected = qi_team.post(url, {"period": "2024-01-01", "value": "6", "reason": "Recount"})
    assert corrected.status_code == 302
    assert DataPoint.objects.get().value == 6
    assert DataPointCorrection.objects.get().old_value == 5.5
    page = qi_team.get(url).content.decode()
    assert "Recount" in page and "5.5 → 6" in page


def test_numbers_read_as_people_write_them(qi_team) -> None:
    measure = MeasureFactory.create(data_type=DataType.PROPORTION, target_value=0.9)
    url = f"/admin/measures/{measure.pk}/data/"
    qi_team.post(url, {"period": "2024-01-01", "numerator": "800", "denominator": "1000"})
    qi_team.post(
        url, {"period": "2024-01-01", "numerator": "850", "denominator": "1000", "reason": "Late"}
    )
    page = qi_team.get(url).content.decode()
    assert "850 / 1,000" in page and "800 / 1,000 → 850 / 1,000" in page
    assert ".0" not in page.split("Latest data")[1]
    listing = qi_team.get(f"{MEASURES}/").content.decode()
    assert "0.9" in listing and "Published" in listing and "True" not in listing


def test_the_upload_page_names_the_measure_plainly(qi_team) -> None:
    measure = MeasureFactory.create(name="Patients waiting over four hours")
    page = qi_team.get(f"/admin/measures/{measure.pk}/upload/").content.decode()
    assert "Upload a file of data for Patients waiting over four hours." in page
    assert "hours&#x27;s" not in page and "hours's" not in page


def test_a_proportion_form_names_the_bad_numerator(qi_team) -> None:
    measure = MeasureFactory.create(data_type=DataType.PROPORTION)
    response = qi_team.post(
        f"/admin/measures/{measure.pk}/data/",
        {"period": "2024-01-01", "numerator": "12", "denominator": "10"},
    )
    assert response.status_code == 400
    assert "greater than the denominator" in response.context["form"].errors["numerator"][0]
    assert not DataPoint.objects.exists()


def test_staff_may_not_record_or_upload(client, staff_user, staff_in_back_office) -> None:
    measure = MeasureFactory.create()
    for url in (f"/admin/measures/{measure.pk}/data/", f"/admin/measures/{measure.pk}/upload/"):
        assert _refused(staff_in_back_office.get(url))
    response = staff_in_back_office.post(
        f"/admin/measures/{measure.pk}/data/", {"period": "2024-01-01", "value": "1"}
    )
    assert _refused(response)
    assert not DataPoint.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client) -> None:
    measure = MeasureFactory.create()
    response = client.get(f"/admin/measures/{measure.pk}/data/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_upload_preview_then_import_then_the_report(qi_team) -> None:
    measure = MeasureFactory.create()
    upload_file = SimpleUploadedFile(
        "los.csv", b"period,value\n2024-01-01,5\n2024-02-01,x\n", content_type="text/csv"
    )
    response = qi_team.post(f"/admin/measures/{measure.pk}/upload/", {"file": upload_file})
    assert response.status_code == 302
    status = qi_team.get(response["Location"]).content.decode()
    assert "1 would be added" in status and "the value &#x27;x&#x27; is not a number" in status
    assert not DataPoint.objects.exists()
    imported = qi_team.post(response["Location"] + "import/", {"reason": ""})
    assert imported.status_code == 302
    assert DataPoint.objects.get().value == 5
    report = qi_team.get(response["Location"] + "report.csv")
    assert report["Content-Type"].startswith("text/csv")
    assert "is not a number" in report.content.decode()


def test_a_bad_file_is_explained_on_the_form(qi_team) -> None:
    measure = MeasureFactory.create()
    upload_file = SimpleUploadedFile("los.csv", b"when,how many\n1,2\n", content_type="text/csv")
    response = qi_team.post(f"/admin/measures/{measure.pk}/upload/", {"file": upload_file})
    assert response.status_code == 400
    assert "Missing: period" in response.content.decode()


def test_someone_elses_upload_is_not_found(qi_team, qi_team_user, client) -> None:
    from qihub.measurement.services import data_upload_preview

    measure = MeasureFactory.create()
    upload = data_upload_preview(
        measure=measure, by=qi_team_user, file_name="a.csv", data=b"period,value\n2024-01-01,5\n"
    )
    from qihub.core.models import User
    from qihub.core.permissions import QI_TEAM_GROUP

    colleague = User.objects.create_user(email="other.qi@trust.example", password="x")
    colleague.groups.add(*qi_team_user.groups.filter(name=QI_TEAM_GROUP))
    client.force_login(colleague)
    assert client.get(f"/admin/measures/{measure.pk}/upload/{upload.pk}/").status_code == 404


def test_a_token_secret_is_shown_once_and_stored_hashed(qi_team) -> None:
    measure = MeasureFactory.create()
    response = qi_team.post(f"{TOKENS}/add/", {"name": "Theatre system", "measures": [measure.pk]})
    token = IntegrationToken.objects.get()
    made = f"/admin/integration-tokens/{token.pk}/made/"
    assert response.status_code == 302 and response["Location"] == made
    page = qi_team.get(made)
    assert "no-store" in page["Cache-Control"]
    secret = re.search(r'value="(qihub_[^"]+)"', page.content.decode())
    assert secret is not None
    assert token.digest == token_digest(secret.group(1))
    assert list(token.measures.all()) == [measure]
    assert ModelLogEntry.objects.for_instance(token).get().action == (
        "qihub.measurement.token.create"
    )
    again = qi_team.get(made).content.decode()
    assert secret.group(1) not in again and "was shown once" in again
    assert IntegrationToken.objects.count() == 1
    listing = qi_team.get(f"{TOKENS}/").content.decode()
    assert secret.group(1) not in listing and token.prefix in listing
    assert "Revoke" in listing

    revoke = f"/admin/integration-tokens/{token.pk}/revoke/"
    assert qi_team.get(revoke).status_code == 200
    assert qi_team.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.is_revoked


def test_a_tokens_measures_change_through_its_service(qi_team, qi_team_user) -> None:
    from qihub.measurement.services import token_create

    falls, stay = MeasureFactory.create(slug="falls"), MeasureFactory.create(slug="stay")
    token, _ = token_create(name="PAS", measures=[falls], by=qi_team_user)
    edit = f"{TOKENS}/edit/{token.pk}/"
    assert qi_team.post(edit, {"name": "PAS", "measures": [stay.pk]}).status_code == 302
    assert list(token.measures.all()) == [stay]
    entry = ModelLogEntry.objects.for_instance(token).get(action="qihub.measurement.token.update")
    assert entry.data == {"changed": ["measures"], "name": "PAS", "measures": ["stay"]}
    token_create(name="Theatres", measures=[], by=qi_team_user)
    taken = qi_team.post(edit, {"name": "Theatres", "measures": [stay.pk]})
    assert taken.status_code == 200 and "already exists" in taken.content.decode()
    token.refresh_from_db()
    assert token.name == "PAS"


def test_staff_may_not_make_or_revoke_tokens(staff_in_back_office, qi_team_user) -> None:
    from qihub.measurement.services import token_create

    token, _ = token_create(name="PAS", measures=[], by=qi_team_user)
    assert _refused(staff_in_back_office.get(f"{TOKENS}/add/"))
    assert _refused(staff_in_back_office.post(f"{TOKENS}/add/", {"name": "Mine"}))
    assert _refused(staff_in_back_office.get(f"/admin/integration-tokens/{token.pk}/made/"))
    assert _refused(staff_in_back_office.post(f"{TOKENS}/edit/{token.pk}/", {"name": "Mine"}))
    revoke = f"/admin/integration-tokens/{token.pk}/revoke/"
    assert _refused(staff_in_back_office.get(revoke))
    assert _refused(staff_in_back_office.post(revoke))
    token.refresh_from_db()
    assert not token.is_revoked and IntegrationToken.objects.count() == 1
    assert token.name == "PAS"
