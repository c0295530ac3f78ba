"""Celery tasks: thin, they call the same services as the cron command and the web pages."""

from celery import shared_task
from django.utils import translation

from . import jobs, reminders


@shared_task(name="casedesk.reports.send_reminders")
def send_reminders():
    with translation.override(reminders.LANGUAGE):
        result = reminders.run()
    return {"recorded": result.recorded, "emailed": result.emailed, "failed": result.failed, "told": result.told,
            "handed_over": result.handed_over}


@shared_task(name=jobs.RUN_TASK)
def run_report_job(job_id):
    with translation.override(reminders.LANGUAGE):
        jobs.run(job_id)
