"""Evidence sent with an online application: images and PDFs only, recognised by their content.

Each file is at most CASEDESK_PORTAL_UPLOAD_MAX_BYTES, at most CASEDESK_PORTAL_UPLOAD_MAX_FILES per
application. An image is decoded and encoded again (Pillow), which drops its metadata (the place and
the phone a photo was taken with); a PDF is kept as sent. A file whose name says one kind and whose
content is another, or is neither an image nor a PDF, is refused with a message naming it.
"""

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from casedesk.cases import clock
from casedesk.documents import storage

from .models import Evidence

ROOT = "evidence"
MAX_PIXELS = 40_000_000  # a phone photo has 12-50 MP; more is a decompression bomb
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png"}
NAMED = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "pdf": "pdf"}


class Refused(Exception):
    pass


@dataclass
class Checked:
    kind: str
    data: bytes


def check_all(files, already=0):
    """[Checked] for the uploaded files, or Refused with the first reason. `already`: the files the
    application holds so far (an answer to the desk's request for more adds to them)."""
    limit = settings.CASEDESK_PORTAL_UPLOAD_MAX_FILES
    if already and files and already + len(files) > limit:
        raise Refused(_("At most %(count)d files can be sent with one application, and %(sent)d have been sent "
                        "already: send at most %(left)d more.")
                      % {"count": limit, "sent": already, "left": max(limit - already, 0)})
    if len(files) > limit:
        raise Refused(_("At most %(count)d files can be sent with one application.") % {"count": limit})
    return [check(upload) for upload in files]


def check(upload):
    name = (upload.name or "")[:100]
    limit = settings.CASEDESK_PORTAL_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise Refused(_("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": round(limit / 1048576, 1)})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Refused(_("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": round(limit / 1048576, 1)})
    kind = _content_kind(data)
    named = NAMED.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    if kind is None or (named is not None and named != kind):
        raise Refused(_("“%(name)s” is not what its name says, or not an image or a PDF: only photos "
                        "(JPG, PNG) and PDF files can be sent.") % {"name": name})
    return Checked(kind, data if kind == "pdf" else _reencoded(data, kind, name))


def _content_kind(data):
    if data.startswith(b"%PDF-"):
        return "pdf"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    return None
                image.verify()
                return IMAGE_FORMATS.get(image.format)
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError, OSError,
            SyntaxError, ValueError):
        return None


def _reencoded(data, kind, name):
    """The image drawn again from its pixels: no EXIF, no GPS, no comments; turned upright first."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if kind == "jpeg":
                upright.convert("RGB").save(out, "JPEG", quality=88)
            else:
                upright.save(out, "PNG", optimize=True)
            return out.getvalue()
    except (OSError, ValueError, SyntaxError) as exc:
        raise Refused(_("“%(name)s” could not be read as an image.") % {"name": name}) from exc


def store(application, checked, information_request=None):
    """Write each checked file once under MEDIA_ROOT/evidence/ and record it, numbered after the files the
    application holds already (`information_request`: sent with the answer to it). Returns the paths
    written (for the caller to remove if its transaction fails later); if writing or recording one fails
    here, the files written so far are removed before the error goes on."""
    written = []
    year = timezone.localdate(application.created_at).year
    first = (application.evidence.aggregate(last=Max("position"))["last"] or 0) + 1
    try:
        for position, item in enumerate(checked, start=first):
            suffix = "jpg" if item.kind == "jpeg" else item.kind
            path = f"{ROOT}/{year}/{secrets.token_hex(16)}.{suffix}"
            storage.write_once(path, item.data)
            written.append(path)
            Evidence.objects.create(application=application, information_request=information_request,
                                    position=position, kind=item.kind, file_path=path,
                                    sha256=hashlib.sha256(item.data).hexdigest(), size=len(item.data),
                                    created_at=clock.now())
    except BaseException:
        remove(written)
        raise
    return written


def remove(paths):
    for path in paths:
        storage.remove_unrecorded(path)
