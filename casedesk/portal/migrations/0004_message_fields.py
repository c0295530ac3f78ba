# Each message keeps its parts for a gateway's template, so that the daily run can hand over a message
# that missed its hand-over after the commit as the first hand-over would have. Messages written before
# keep none ({}).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0003_message_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='message',
            name='fields',
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
