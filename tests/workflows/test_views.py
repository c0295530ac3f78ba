"""The task pages: who may open and take which task, bad data, and viewflow's own pages.

A refused action answers the task page again, with the reason, with the status the API gives for
the same refusal (400 bad data, 403 not permitted, 409 wrong state), and the task stays open."""

import pytest
from viewflow.workflow.status import STATUS

from casedesk.cases import transitions
from casedesk.cases.choices import Status
from workflows.inbox import url_of

from ..conftest import unchanged
from .conftest import open_task, open_tasks, process_of

pytestmark = pytest.mark.django_db


def test_the_task_page_offers_only_what_this_user_may_do(register, mediator, supervisor, login):
    case = register()
    task = open_task(case, "decide_acceptance")
    for user in (mediator, supervisor):
        login(user).post(url_of(task) + "assign/")
        page = login(user).get(url_of(task) + "execute/").content.decode()
        assert ('value="reject"' in page) == (user == supervisor)
        assert 'value="accept"' in page
        login(user).post(url_of(task) + "unassign/")


def test_bad_data_is_shown_on_the_form_and_changes_nothing(mediating, mediator, do_task):
    case = mediating()
    with unchanged(case):
        response = do_task(case, "record_outcome", mediator, expect=400, transition="reach_agreement", amount="-1")

    assert case.status == Status.MEDIATING
    assert open_task(case, "record_outcome").status == STATUS.ASSIGNED
    assert 'class="error"' in response.content.decode()


def test_a_transition_the_task_does_not_stand_for_is_refused(register, supervisor, do_task):
    case = register()
    with unchanged(case):
        response = do_task(case, "decide_acceptance", supervisor, expect=403, transition="archive")

    assert case.status == Status.SUBMITTED and open_tasks(case) == ["decide_acceptance"]
    assert 'class="error" role="alert"' in response.content.decode()  # the task page, with the reason


def test_a_user_who_may_not_take_the_transition_gets_the_task_page_with_a_403(register, mediator, do_task):
    case = register()
    with unchanged(case):
        response = do_task(case, "decide_acceptance", mediator, expect=403, transition="reject", reason="不予受理")

    page = response.content.decode()
    assert 'class="error" role="alert"' in page and 'class="workflow-action"' in page
    assert case.status == Status.SUBMITTED and open_task(case, "decide_acceptance").status == STATUS.ASSIGNED


def test_a_case_that_moved_on_meanwhile_gets_the_task_page_with_a_409(register, volunteer, supervisor, do_task):
    case = register()
    transitions.perform(case, "withdraw", volunteer, reason="已自行和解")  # not committed: the flow has not followed
    with unchanged(case):
        response = do_task(case, "decide_acceptance", supervisor, expect=409, transition="accept")

    assert 'class="error" role="alert"' in response.content.decode()
    assert case.status == Status.WITHDRAWN and open_task(case, "decide_acceptance").status == STATUS.ASSIGNED


def test_a_mediator_cannot_take_the_assignment_task(register, mediator, supervisor, committed, login):
    case = register()
    with committed():
        transitions.perform(case, "accept", mediator)
    task = open_task(case, "assign")

    with unchanged(case):
        assert login(mediator).post(url_of(task) + "assign/").status_code == 403
    assert open_task(case, "assign").owner is None


def test_someone_elses_mediation_task_is_closed_to_a_supervisor(mediating, supervisor, login):
    case = mediating()
    task = open_task(case, "record_outcome")

    assert login(supervisor).get(url_of(task) + "execute/").status_code == 403


def test_volunteers_have_no_workflow_pages(register, volunteer, login):
    case = register()
    task = open_task(case, "decide_acceptance")

    assert login(volunteer).get(url_of(task)).status_code == 403
    assert login(volunteer).get("/workflow/mediation/").status_code == 403


def test_supervisors_see_viewflows_dashboard_process_and_chart(mediating, supervisor, login):
    case = mediating()
    client = login(supervisor)
    process = process_of(case)

    for url in ("/workflow/mediation/", "/workflow/mediation/flows/", f"/workflow/mediation/{process.pk}/",
                "/workflow/mediation/chart/", "/workflow/mediation/inbox/", "/workflow/mediation/queue/"):
        assert client.get(url).status_code == 200, url


def test_a_mediator_may_not_look_at_the_process_of_a_case_they_cannot_see(mediating, other_mediator, mediator, login):
    case = mediating()
    url = f"/workflow/mediation/{process_of(case).pk}/"

    assert login(other_mediator).get(url).status_code == 404  # as for a process that does not exist
    assert login(mediator).get(url).status_code == 200
