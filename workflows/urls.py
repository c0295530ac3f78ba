"""viewflow's frontend for the flows under /workflow/: the task pages, and for supervisors the
dashboards (every process, the chart, the queues). Mediators and volunteers find their tasks
on the desk's home page (workflows.inbox)."""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site
from viewflow.workflow.flow import FlowAppViewset

from casedesk.cases import roles

from .flows import MediationFlow
from .views_access import guard_process_pages


class CaseFlowViewset(FlowAppViewset):
    def has_view_permission(self, user, obj=None):
        """Who may open pages here at all; each page then checks its own task or process."""
        return roles.is_mediator(user) or roles.is_supervisor(user)

    def _get_urls(self):
        return guard_process_pages(super()._get_urls())


site = Site(title=_("Case desk workflows"), viewsets=[CaseFlowViewset(MediationFlow, icon="gavel")])
