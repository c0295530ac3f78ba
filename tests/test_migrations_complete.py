"""Every model change has its migration: a field, an index or a constraint changed in a model and not in a
migration would pass every other test (the test database is built from the models' migrations) and be
missing from the databases the desk runs on."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db  # makemigrations checks the history of the database it is given
def test_the_models_and_their_migrations_agree():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        raise AssertionError("a model change has no migration:\n" + out.getvalue()) from None


@pytest.mark.django_db
def test_the_checks_of_the_database_find_nothing_to_warn_about():
    """What `migrate` (and so `make run`) prints before it starts: no warning on either database."""
    call_command("check", databases=["default"], fail_level="WARNING")
