"""A model field that takes its moment from the desk's clock (casedesk.cases.clock), not the wall clock.

`auto_now` reads the wall clock: a demo loaded for its own day showed its cases "changed" at the
moment it was loaded, and tests with the clock fixed could not see the moment the desk wrote. The
moments a row is written are taken with `default=clock.now` (created) or `UpdatedAt` (changed).
"""

from django.db import models

from . import clock


class UpdatedAt(models.DateTimeField):
    """`auto_now`, read from the desk's clock: the moment of every save, as of the change being saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", clock.now)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = clock.now()
        setattr(model_instance, self.attname, value)
        return value
