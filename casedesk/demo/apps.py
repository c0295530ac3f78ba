from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo desk: `manage.py load_demo` and `manage.py document_samples` (data in fixtures/)."""

    name = "casedesk.demo"
    verbose_name = "Demo data"
