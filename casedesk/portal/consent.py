"""The consent a worker gives before sending an online application (个人信息保护法).

The text names the purposes, the sensitive personal data and with whom the data is shared; the
sensitive part is consented to separately (单独同意, Art.29). The application keeps the version of
the text, the SHA-256 of the text exactly as it was shown, and when each consent was given.

Changing the wording (here or its translation) means a new VERSION: applications keep the version
they accepted, and the hash tells which wording that was.
"""

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _

from casedesk.units import tree

VERSION = "2026-11"


def general_paragraphs():
    # The online application is the root unit's (casedesk.units): its name, as on the portal's pages.
    values = {"org": tree.root().name, "phone": settings.CASEDESK_ORG_PHONE}
    return [
        _("%(org)s processes the personal data you give on this page to handle your labour dispute: to decide "
          "whether to accept your application, to mediate, to issue the documents of the case, to contact you "
          "about it and to keep its file as the rules on archives require.") % values,
        _("Your name, your contact details and what you tell us about the dispute are shared with your "
          "employer, and with a court or an arbitration commission, only as far as handling your case needs "
          "(for example in the notice of a mediation session, the agreement, or an application for judicial "
          "confirmation). They are not used for anything else and not given to anyone else.") % values,
        _("You may ask to see or correct your data, or withdraw your consent (the case can then no longer be "
          "handled online), at the union's desk or by phone: %(phone)s.") % values,
    ]


def sensitive_paragraphs():
    return [
        _("Sensitive personal data: the number of your identity document, and, where your case needs them, "
          "your bank account (for the employer to pay you) and data on your health (in a work-injury dispute). "
          "They are stored encrypted, used only for this case, and shared with the employer or a court only as "
          "far as the case needs. Without this separate consent the union cannot handle the case online; you "
          "may still apply at the union's desk."),
    ]


def text_shown():
    """The whole consent text as the worker reads it now (in the request's language)."""
    return "\n".join(general_paragraphs() + sensitive_paragraphs())


def sha256_of_text():
    return hashlib.sha256(text_shown().encode("utf-8")).hexdigest()
