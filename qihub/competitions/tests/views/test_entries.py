"""Entrants: who may enter; real images accepted, bad ones refused with nothing written."""

import io
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from qihub.competitions.models import Entry, EntryImage, EntryStatus
from qihub.competitions.services import competition_close_entries, entry_reject, entry_submit
from qihub.competitions.tests.factories import image_bytes, upload, user_for
from qihub.core.tests.factories import StaffFactory


def _png(name: str = "design.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def _entry_data(**extra):
    return {"title": "Bold heart", "description": "A heart in NHS blue.", "team": "", **extra}


def _nothing_written() -> None:
    assert not Entry.objects.exists()
    assert not EntryImage.objects.exists()
    entry_type = ContentType.objects.get_for_model(Entry)
    assert not ModelLogEntry.objects.filter(content_type=entry_type).exists()


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in(client, open_competition):
    for path in ("enter/", "my-entries/", "my-entries/1/edit/", "my-entries/1/withdraw/"):
        response = client.get(f"/competitions/{open_competition.slug}/{path}")
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path


def test_only_eligible_people_may_enter(client, open_competition, public_user, staff_user):
    url = f"/competitions/{open_competition.slug}/enter/"
    client.force_login(public_user)  # a patient; this competition is for staff
    response = client.get(url)
    assert response.status_code == 403
    assert "You cannot enter this competition" in response.content.decode()
    response = client.post(url, {**_entry_data(), "images": [_png()]})
    assert response.status_code == 403
    _nothing_written()
    client.force_login(staff_user)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and "multiple" in html


def test_an_entry_with_real_png_images_is_saved_cleaned_and_listed(
    client, open_competition, staff_user
):
    client.force_login(staff_user)
    response = client.post(
        f"/competitions/{open_competition.slug}/enter/",
        {**_entry_data(), "images": [_png("one.png"), _png("two.png")]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/competitions/{open_competition.slug}/my-entries/"
    entry = Entry.objects.get()
    assert entry.submitted_by.user == staff_user
    assert entry.status == EntryStatus.SUBMITTED
    images = list(entry.images.all())
    assert [(i.width, i.height) for i in images] == [(40, 30), (40, 30)]
    names = [str(i.image.name) for i in images]
    assert all(name.endswith(".png") and "one" not in name for name in names)
    mine = client.get(response["Location"]).content.decode()
    assert "Entry 1: Bold heart" in mine
    assert "Awaiting moderation" in mine
    assert "has been sent" in mine  # the success message


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "logo.png",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                content_type="image/png",
            ),
            "logo.png is an SVG drawing; upload a PNG or JPEG image instead.",
        ),
        ("polyglot", "bytes of other data hidden after the image"),
        (
            SimpleUploadedFile("notes.png", b"just some text", content_type="image/png"),
            "notes.png is not a PNG or JPEG image.",
        ),
    ],
    ids=["svg", "jpeg-with-trailing-zip", "text"],
)
def test_bad_images_are_refused_with_a_clear_message_and_nothing_written(
    client, open_competition, staff_user, upload, message
):
    if upload == "polyglot":
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("payload.html", "<script>alert(1)</script>" * 20)
        upload = SimpleUploadedFile(
            "photo.jpg", image_bytes("JPEG") + archive.getvalue(), content_type="image/jpeg"
        )
    client.force_login(staff_user)
    response = client.post(
        f"/competitions/{open_competition.slug}/enter/",
        {**_entry_data(), "images": [_png("good.png"), upload]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_images"' in html  # the error summary links to the field
    error = html.split('id="id_images-error"', 1)[1].split("</span>", 2)[1]
    assert message in error.replace("&#x27;", "'")
    assert 'value="Bold heart"' in html  # what they typed is kept
    _nothing_written()


def test_too_many_or_no_images_are_refused(client, open_competition, staff_user):
    client.force_login(staff_user)
    url = f"/competitions/{open_competition.slug}/enter/"
    response = client.post(url, {**_entry_data(), "images": [_png() for _ in range(4)]})
    assert "An entry can have at most 3 images." in response.content.decode()
    response = client.post(url, _entry_data())
    assert "Add at least one image of your design." in response.content.decode()
    _nothing_written()


def test_a_limit_of_one_image_is_said_in_the_singular(client, open_competition, staff_user):
    open_competition.max_images_per_entry = 1
    open_competition.save(update_fields=["max_images_per_entry"])
    client.force_login(staff_user)
    url = f"/competitions/{open_competition.slug}/enter/"
    assert "at most 1 image." in client.get(url).content.decode()
    response = client.post(url, {**_entry_data(), "images": [_png(), _png()]})
    assert "An entry can have at most 1 image." in response.content.decode()
    _nothing_written()


def _submitted(competition, person):
    return entry_submit(
        competition=competition,
        person=person,
        title="Bold heart",
        description="A heart.",
        images=[upload()],
    )


def test_entrants_edit_their_entry_and_new_images_replace_the_old(
    client, open_competition, staff_user
):
    entry = _submitted(open_competition, staff_user.person)
    old = entry.images.get().pk
    client.force_login(staff_user)
    url = f"/competitions/{open_competition.slug}/my-entries/1/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "Bolder heart", "description": "Bigger.", "images": [_png()]}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Bolder heart"
    assert [i.pk for i in entry.images.all()] != [old]
    # Editing without new images keeps the current ones.
    client.post(url, {"title": "Boldest heart", "description": "Bigger."})
    assert entry.images.count() == 1


def test_a_rejected_entry_shows_its_reason_and_can_be_changed(client, open_competition, staff_user):
    entry = _submitted(open_competition, staff_user.person)
    entry_reject(entry=entry, actor=None, reason="It uses the NHS logo, which is not allowed.")
    client.force_login(staff_user)
    page = client.get(f"/competitions/{open_competition.slug}/my-entries/").content.decode()
    assert "Not accepted" in page
    assert "It uses the NHS logo, which is not allowed." in page
    assert "Change Entry 1: Bold heart" in page


def test_only_the_entrants_may_edit_or_withdraw(client, open_competition, staff_user):
    _submitted(open_competition, staff_user.person)
    other = StaffFactory.create()
    client.force_login(user_for(other))
    base = f"/competitions/{open_competition.slug}/my-entries/1/"
    assert client.get(base + "edit/").status_code == 404
    assert client.post(base + "withdraw/").status_code == 404
    assert Entry.objects.get().status == EntryStatus.SUBMITTED


def test_entrants_withdraw_after_confirming(client, open_competition, staff_user):
    _submitted(open_competition, staff_user.person)
    client.force_login(staff_user)
    url = f"/competitions/{open_competition.slug}/my-entries/1/withdraw/"
    assert "Withdraw Entry 1: Bold heart?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Entry.objects.get().status == EntryStatus.WITHDRAWN
    page = client.get(f"/competitions/{open_competition.slug}/my-entries/").content.decode()
    assert "Withdrawn" in page
    assert "Change Entry 1" not in page


def test_nothing_changes_after_entries_close(client, open_competition, staff_user):
    _submitted(open_competition, staff_user.person)
    competition_close_entries(competition=open_competition)
    client.force_login(staff_user)
    base = f"/competitions/{open_competition.slug}/"
    for path in ("enter/", "my-entries/1/edit/", "my-entries/1/withdraw/"):
        assert "Entries are closed" in client.get(base + path).content.decode(), path
    client.post(base + "my-entries/1/edit/", {"title": "Late change", "description": "x"})
    client.post(base + "my-entries/1/withdraw/")
    entry = Entry.objects.get()
    assert (entry.title, entry.status) == ("Bold heart", EntryStatus.SUBMITTED)
    assert "Change Entry 1" not in client.get(base + "my-entries/").content.decode()
