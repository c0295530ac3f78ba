"""Content-Security-Policy: django-csp's middleware, plus the relaxations of CASEDESK_CSP_RELAXED_TEMPLATES.

The desk's own pages load scripts and styles from /static/ only. A third-party page that cannot
live under that policy (viewflow's process lists and charts) gets the extra sources for the pages
drawn from its own templates alone: never a whole URL prefix, so the desk's pages that live under
the same prefix (the workflow task pages) stay strict.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.template.response import SimpleTemplateResponse


def rendered_template_name(response):
    """The name of the template a TemplateResponse was drawn from ("" for any other response)."""
    if not isinstance(response, SimpleTemplateResponse) or not response.template_name:
        return ""
    template = response.resolve_template(response.template_name)  # the cached loader: no file is read again
    return getattr(getattr(template, "origin", None), "template_name", "") or ""


def relaxation_for(response):
    """The extra sources for this response, {directive: [sources]}, or None."""
    name = rendered_template_name(response)
    for prefix, extra in settings.CASEDESK_CSP_RELAXED_TEMPLATES.items():
        if name.startswith(prefix):
            return extra
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        extra = None if report_only else relaxation_for(response)
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        return parts
