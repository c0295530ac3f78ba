"""The Celery application, used only when CASEDESK_BROKER_URL is set (Redis).

    celery -A casedesk worker --beat --loglevel=INFO

runs the background report jobs and, by beat, the daily deadline reminders. Without a
broker the same work runs in the request, and reminders by cron: manage.py send_reminders.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings")

app = Celery("casedesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["casedesk.reports"])


@app.on_after_finalize.connect
def _schedule_reminders(sender, **kwargs):
    from django.conf import settings

    sender.add_periodic_task(
        crontab(hour=settings.CASEDESK_REMINDER_HOUR, minute=0), sender.signature("casedesk.reports.send_reminders"),
        name="deadline reminders",
    )
