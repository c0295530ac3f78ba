"""Numbers and versions stay gap-free and unique when documents are issued at the same moment (PostgreSQL)."""

import contextlib
import contextvars
import threading

import pytest
from django.db import connection, connections

from casedesk.cases.signals import case_changed
from casedesk.documents import receivers
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import render_document

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres_only(transactional_db):  # the fixture, not the marker: tests/conftest.py restores groups for it
    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL")


def issue_at_once(jobs):
    """Run render_document for each (case, kind, actor) in its own thread, all released together."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def work(case, kind, actor):
        try:
            barrier.wait(timeout=30)
            render_document(case, kind, actor)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(work, *job)) for job in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


@contextlib.contextmanager
def no_automatic_documents():
    """The steps' own documents (issued on commit) held back, so that every document comes from the threads."""
    case_changed.disconnect(dispatch_uid="documents.automatic")
    try:
        yield
    finally:
        case_changed.connect(receivers.issue_automatic_document, dispatch_uid="documents.automatic")


def rejected(register, walk, supervisor):
    with no_automatic_documents():  # rejecting issues the rejection notice on commit
        return walk(register(), ("reject", supervisor, {"reason": "被申请人明确表示不同意调解"}))


def test_two_cases_issued_at_once_get_consecutive_numbers(register, walk, supervisor):
    one, two = rejected(register, walk, supervisor), rejected(register, walk, supervisor)
    issue_at_once([(one, "rejection_notice", supervisor), (two, "rejection_notice", supervisor)])
    serials = sorted(GeneratedDocument.objects.values_list("serial", flat=True))
    assert serials == [1, 2]


def test_the_same_document_issued_twice_at_once_gets_versions_one_and_two_of_one_number(register, walk, supervisor):
    case = rejected(register, walk, supervisor)
    issue_at_once([(case, "rejection_notice", supervisor)] * 2)
    rows = list(GeneratedDocument.objects.order_by("version").values_list("version", "number"))
    assert [v for v, _ in rows] == [1, 2]
    assert rows[0][1] == rows[1][1]
