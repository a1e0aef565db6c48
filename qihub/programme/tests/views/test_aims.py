"""The aims' public pages: the summary table, each aim's page; drafts for the QI team only."""

import re

import pytest
from wagtail import hooks

from qihub.core import extensions
from qihub.core.models import PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory
from qihub.measurement.models import Measure
from qihub.measurement.tests.factories import MeasureFactory
from qihub.programme.models import Aim
from qihub.programme.tests.factories import aim_make
from qihub.programme.tests.test_aims import FALLING, STEADY

pytestmark = pytest.mark.django_db
ADMIN = "/admin/snippets/programme/aim"


@pytest.fixture
def aims(db) -> dict[str, Aim]:
    return {
        "falling": aim_make(title="Fewer falls", values=FALLING),
        "steady": aim_make(title="Shorter waits", values=STEADY),
        "draft": aim_make(title="Secret aim", values=STEADY, published=False),
    }


def test_the_summary_table_shows_every_published_aims_status(client, aims):
    html = client.get("/programme/").content.decode()
    assert html.count('class="qihub-icon"') == 4  # two aims, a variation and an assurance icon
    assert "Fewer falls" in html and "Shorter waits" in html
    rows = html.split("<tr")
    falls = next(row for row in rows if "Fewer falls" in row)
    waits = next(row for row in rows if "Shorter waits" in row)
    assert "Special cause improvement (lower)" in falls
    assert "Common cause variation" in waits
    assert "Secret aim" not in html


def test_an_aims_page_shows_its_chart_data_downloads_and_directorates(client, aims, team):
    aim = aims["falling"]
    directorate = team.service.directorate
    aim.directorates.add(directorate)
    aim.save()
    html = client.get(f"/programme/aims/{aim.slug}/").content.decode()
    assert "<svg" in html and "The data" in html
    assert f"/measures/{aim.measure.slug}/data.csv" in html
    assert f"/measures/{aim.measure.slug}/data.json" in html
    assert directorate.name in html
    assert "Olu Owner" in html
    download = client.get(f"/measures/{aim.measure.slug}/data.csv")
    assert download.status_code == 200


def test_a_long_aims_page_shows_the_latest_points_and_links_to_them_all(client, db):
    aim = aim_make(title="Long aim", values=[5.0 + (i % 7) / 10 for i in range(70)])
    url = f"/programme/aims/{aim.slug}/"
    html = client.get(url).content.decode()
    table = html[html.index('<tbody class="nhsuk-table__body"') :]
    assert table.count('<tr class="nhsuk-table__row"') == 52
    assert "The latest 52 of 70 points" in html
    assert f'href="?table=all#aim-{aim.slug}-chart-data"' in html
    assert "The downloads above have every point." in html
    assert ">Point </span>19</td>" in table and ">Point </span>18</td>" not in table
    whole = client.get(f"{url}?table=all").content.decode()
    whole_table = whole[whole.index('<tbody class="nhsuk-table__body"') :]
    assert whole_table.count('<tr class="nhsuk-table__row"') == 70
    assert "The latest" not in whole
    download = client.get(f"/measures/{aim.measure.slug}/data.csv").content.decode()
    assert len(download.strip().splitlines()) == 1 + 70  # the header and every point


def test_a_draft_aim_is_found_by_no_one_but_the_qi_team(client, aims, staff_user, qi_team_user):
    url = f"/programme/aims/{aims['draft'].slug}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/measures/{aims['draft'].measure.slug}/data.csv").status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 404
    assert "Secret aim" not in client.get("/programme/").content.decode()
    live = client.get(f"/programme/aims/{aims['steady'].slug}/").content.decode()
    assert "Change this aim in the back office" not in live
    client.force_login(qi_team_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "only the QI team can see it" in response.content.decode()
    assert "Change this aim in the back office" in response.content.decode()
    assert "Secret aim" in client.get("/programme/").content.decode()


def test_an_unknown_aim_or_a_bad_address_is_not_found(client, aims):
    assert client.get("/programme/aims/no-such-aim/").status_code == 404
    assert client.get("/programme/aims/%3Cscript%3E/").status_code == 404
    assert client.post(f"/programme/aims/{aims['steady'].slug}/").status_code == 405


def test_an_aim_lists_what_other_apps_align_with_it(client, aims):
    aim = aims["steady"]

    def aligned(*, aim_id, user):
        if aim_id == aim.pk:
            return [extensions.AlignedItem("Consultation", "Next year's aims", "/c/1/", "Open")]
        return []

    with hooks.register_temporarily(extensions.AIM_ALIGNED, aligned):
        html = client.get(f"/programme/aims/{aim.slug}/").content.decode()
        other = client.get(f"/programme/aims/{aims['falling'].slug}/").content.decode()
    assert "Next year&#x27;s aims" in html and 'href="/c/1/"' in html
    assert "Next year" not in other


def test_site_search_finds_published_aims_only(client, aims):
    html = client.get("/search/", {"q": "aim"}).content.decode()
    assert "Secret aim" not in html
    html = client.get("/search/", {"q": "falls"}).content.decode()
    assert f"/programme/aims/{aims['falling'].slug}/" in html


def test_the_qi_team_edits_aims_in_the_back_office_and_others_may_not(
    client, qi_team, staff_user, aims
):
    aim = aims["steady"]
    client.force_login(staff_user)
    assert client.get(f"{ADMIN}/edit/{aim.pk}/").status_code in (302, 403)
    assert client.get(f"{ADMIN}/").status_code in (302, 403)
    client.force_login(qi_team)
    assert client.get(f"{ADMIN}/").status_code == 200
    assert client.get(f"{ADMIN}/edit/{aim.pk}/").status_code == 200


def test_the_navigation_offers_the_mission_and_aims(client, aims):
    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert re.search(r'href="/programme/"[^>]*>\s*Mission and aims', header)


def _aim_form(measure, owner, **fields):
    return {
        "title": "Fewer missed doses",
        "slug": "fewer-missed-doses",
        "description": "Patients get their medicines on time.",
        "measure": measure.pk,
        "baseline_value": "12",
        "baseline_period": "2024/25",
        "target_value": "6",
        "target_date": "2027-03-31",
        "owner": owner.pk,
        "position": "0",
        **fields,
    }


def test_the_qi_team_publishes_a_new_aim_and_its_measure_follows(client, qi_team):
    measure = MeasureFactory.create(published=False)
    client.force_login(qi_team)
    form = _aim_form(measure, StaffFactory.create(), **{"action-publish": "publish"})
    response = client.post(f"{ADMIN}/add/", form)
    assert response.status_code == 302, response.context["form"].errors
    aim = Aim.objects.get(slug="fewer-missed-doses")
    assert aim.live
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.published and measure.target_value == 6
    assert client.get(f"/programme/aims/{aim.slug}/").status_code == 200


def test_bad_aim_input_is_refused_by_name_and_changes_nothing(client, qi_team, aims):
    client.force_login(qi_team)
    taken = aims["steady"].measure
    patient = PersonFactory.create(kind=PersonKind.PATIENT)
    form = _aim_form(taken, patient, target_value="six", target_date="31/31/2027", title="<b>x</b>")
    response = client.post(f"{ADMIN}/add/", form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "target_value" in errors and "target_date" in errors and "owner" in errors
    response = client.post(f"{ADMIN}/add/", _aim_form(taken, aims["steady"].owner))
    assert response.status_code == 200
    assert "each aim needs its own" in response.content.decode()
    assert not Aim.objects.filter(slug="fewer-missed-doses").exists()
