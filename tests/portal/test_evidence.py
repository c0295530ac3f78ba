"""Evidence sent with an online application: images and PDFs recognised by content, limits on size and
count, images re-encoded without their metadata, files served only to staff who may see the case."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casedesk.cases import transitions
from casedesk.cases.models import Case, PersonalDataAccess
from casedesk.portal.models import Evidence

from ..conftest import unchanged
from .conftest import application_post, field_errors

pytestmark = pytest.mark.django_db


def photo(name="photo.jpg", size=(64, 48), fmt="JPEG"):
    """A photo as a phone takes it: with EXIF metadata (the camera, and where)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x9286] = "secret place comment"  # UserComment-ish text
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes()) if fmt == "JPEG" else image.save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def pdf(name="contract.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def post(client, files, **overrides):
    return client.post("/apply/", {**application_post(**overrides), "evidence": files})


def test_two_photos_and_a_pdf_are_kept_the_photos_without_their_metadata(client, settings):
    sent = photo("a.jpg")
    assert b"PhoneMaker" in sent.read() and sent.seek(0) == 0
    response = post(client, [sent, photo("b.png", fmt="PNG"), pdf()])
    assert response.status_code == 302
    files = list(Evidence.objects.order_by("position"))
    assert [f.kind for f in files] == ["jpeg", "png", "pdf"]
    stored = (settings.MEDIA_ROOT / files[0].file_path.name).read_bytes()
    assert b"PhoneMaker" not in stored and b"secret place" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert (settings.MEDIA_ROOT / files[2].file_path.name).read_bytes().startswith(b"%PDF-")
    assert files[0].file_path.name.startswith("evidence/")


@pytest.mark.parametrize("label", ["a .jpg that is a zip", "a .pdf that is a photo", "a text file", "too large",
                                   "too many"])
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_is_saved(client, settings, label):
    settings.CASEDESK_PORTAL_UPLOAD_MAX_BYTES = 20_000
    settings.CASEDESK_PORTAL_UPLOAD_MAX_FILES = 3
    files = {
        "a .jpg that is a zip": [SimpleUploadedFile("photo.jpg", b"PK\x03\x04" + b"\x00" * 200)],
        "a .pdf that is a photo": [photo("scan.pdf")],
        "a text file": [SimpleUploadedFile("notes.txt", "工资表".encode())],
        "too large": [photo("big.png", size=(400, 400), fmt="PNG"), SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 30_000)],
        "too many": [photo(f"p{n}.jpg") for n in range(4)],
    }[label]
    with unchanged():
        response = post(client, files)
    assert response.status_code == 400, label
    errors = field_errors(response.content.decode(), "evidence")
    assert errors and any(word in errors[0] for word in ("只能提交", "超过", "最多")), errors
    assert Case.objects.count() == 0 and Evidence.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "evidence").exists() or not any((settings.MEDIA_ROOT / "evidence").rglob("*.*"))


def test_the_desk_serves_the_files_to_who_may_see_the_case_and_logs_it(client, login, supervisor, mediator,
                                                                      volunteer, other_mediator):
    assert post(client, [photo()]).status_code == 302
    file = Evidence.objects.get()
    case = file.application.case
    url = f"/cases/{case.pk}/evidence/{file.pk}/"
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert url in page
    response = login(supervisor).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert PersonalDataAccess.objects.filter(user=supervisor, case=case, action="download_evidence").count() == 1
    # The unit's volunteers review the application while it awaits acceptance (casedesk.portal.review).
    assert login(volunteer).get(url).status_code == 200
    assert PersonalDataAccess.objects.filter(user=volunteer, case=case, action="download_evidence").count() == 1
    transitions.perform(case, "accept", mediator)
    assert login(volunteer).get(url).status_code == 404
    assert client.get(url).status_code in (302, 404)  # anonymous: to the login page
    assert client.get(f"/cases/{case.pk}/evidence/{file.pk + 1}/").status_code in (302, 404)


def test_a_body_over_the_limits_is_refused_with_413_and_only_the_application_takes_files(client, settings):
    limit = settings.CASEDESK_MAX_BODY_BYTES_FOR_PATH["/apply/"]
    assert limit > 10 * settings.CASEDESK_PORTAL_UPLOAD_MAX_BYTES
    with unchanged():
        response = client.post("/apply/", data=b"x", content_type="application/octet-stream",
                               CONTENT_LENGTH=str(limit + 1))
    assert response.status_code == 413
    big = client.post("/track/", data=b"x", content_type="application/octet-stream",
                      CONTENT_LENGTH=str(settings.CASEDESK_MAX_BODY_BYTES + 1))
    assert big.status_code == 413


def test_a_backup_carries_the_evidence_files(client, tmp_path):
    import json
    import zipfile

    from django.core.management import call_command

    assert post(client, [photo()]).status_code == 302
    file = Evidence.objects.get()
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as backup:
        manifest = json.loads(backup.read("manifest.json"))
    entry = next(f for f in manifest["files"] if f["path"] == file.file_path.name)
    assert entry["sha256"] == file.sha256


def test_files_written_before_a_failed_recording_are_removed(client, settings):
    """A file is written, then its row recorded; when recording the second fails (here: a row the database
    refuses), the first file goes too, whatever the caller does: no worker's file is left without its row."""
    import dataclasses

    from django.db import IntegrityError, transaction

    from casedesk.portal import evidence
    from casedesk.portal.models import Application

    assert post(client, [photo("a.jpg")]).status_code == 302
    application = Application.objects.get()
    before = {path for path in (settings.MEDIA_ROOT / "evidence").rglob("*") if path.is_file()}
    first, second = evidence.check_all([photo("b.jpg"), photo("c.jpg")])
    checked = [first, dataclasses.replace(second, kind=None)]  # NOT NULL: its row cannot be recorded
    with pytest.raises(IntegrityError), transaction.atomic():
        evidence.store(application, checked)
    after = {path for path in (settings.MEDIA_ROOT / "evidence").rglob("*") if path.is_file()}
    assert after == before
