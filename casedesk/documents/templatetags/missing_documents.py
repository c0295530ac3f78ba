"""The case page's list of automatic documents that failed to render, each with its retry."""

from django import template
from django.urls import reverse

from casedesk.cases import labels
from casedesk.documents import receivers

register = template.Library()


@register.simple_tag(takes_context=True)
def missing_documents(context, case):
    """[{kind, label, url}] for each document a step of `case` owes; url only for who may issue it."""
    user = context.get("user")
    return [
        {
            "kind": kind.value,
            "label": labels.document_name(kind, case),
            "url": reverse("document-issue-missing", args=[case.pk, kind.value])
            if receivers.may_issue(case, kind, user) else None,
        }
        for kind in receivers.missing_documents(case)
    ]
