"""Desk roles (Django groups, casedesk.cases.roles) as the permissions viewflow routes tasks by.

Nothing is stored: a user holds these permissions because of the group they are in, so the
roles stay the one rule. Who may actually change a case is still decided by the transition
service; these only say who sees which task in the queue.
"""

from django.contrib.auth.backends import BaseBackend

from casedesk.cases import access, roles

VIEW_PROCESS = "workflows.view_caseprocess"


class RoleBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not getattr(user_obj, "is_active", False) or user_obj.is_anonymous:
            return set()
        if obj is not None:
            return self._object_permissions(user_obj, obj)
        if roles.is_supervisor(user_obj):
            return {"workflows.decide_acceptance", "workflows.supervise", VIEW_PROCESS}
        if roles.is_mediator(user_obj):
            return {"workflows.decide_acceptance"}
        return set()

    def _object_permissions(self, user_obj, obj):
        """A process may be looked at by whoever may see its case (others get 404 from the desk)."""
        from .models import CaseProcess

        if isinstance(obj, CaseProcess) and obj.artifact_object_id:
            case = obj.current_case()
            if access.can_see(user_obj, case):
                return {VIEW_PROCESS}
        return set()
