"""Web views of documents: the public verification page that a document's QR code leads to (no
login). Issuing again a document that failed to render is an action of the case page (casedesk.desk)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import verification


@never_cache
def verify(request, code):
    response = render(request, "documents/verify.html", {"facts": verification.facts(code)})
    # The code is a capability: keep it out of Referer headers sent to other sites.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response

