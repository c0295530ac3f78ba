"""A user's calendar subscription: the secret in its address, kept only as a hash."""

from django.conf import settings
from django.db import models


class FeedToken(models.Model):
    """One live subscription address per user; making a new one or stopping it revokes the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    digest = models.CharField(max_length=64, unique=True)  # sha256 of the secret: the address is never stored
    created_at = models.DateTimeField()
    last_read_at = models.DateTimeField(null=True, blank=True)
