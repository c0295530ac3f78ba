# The project's Celery app becomes the current one as soon as Django loads, so that tasks queue on its broker.
from .celery import app as celery_app

__all__ = ("celery_app",)
