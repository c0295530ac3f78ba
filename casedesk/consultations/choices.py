"""A consultation's vocabularies: how the question came in, and what it was about."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.cases.choices import Category, Channel


class ConsultationChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    HOTLINE_12351 = "hotline_12351", _("12351 hotline")
    ONLINE = "online", pgettext_lazy("consultation channel", "Online")
    AT_EVENT = "at_event", pgettext_lazy("consultation channel", "At an outreach event")


class Topic(models.TextChoices):
    """The case categories, and the questions that are not (yet) disputes."""

    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    CONTRACT_TERMINATION = "contract_termination", _("Contract termination")
    WORK_INJURY = "work_injury", _("Work injury")
    INJURY_RECOGNITION = "injury_recognition", pgettext_lazy("consultation topic", "Work-injury recognition")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    OVERTIME = "overtime", _("Overtime")
    LABOR_RELATIONSHIP = "labor_relationship", _("Whether an employment relation exists")
    LABOUR_CONTRACT = "labour_contract", pgettext_lazy("consultation topic", "Labour contract")
    OTHER = "other", _("Other")


# What a consultation becomes when it turns into a case: the registration page starts from these.
CASE_CHANNEL = {
    ConsultationChannel.WALK_IN: Channel.WALK_IN,
    ConsultationChannel.HOTLINE_12351: Channel.HOTLINE_12351,
    ConsultationChannel.ONLINE: Channel.ONLINE,
    ConsultationChannel.AT_EVENT: Channel.WALK_IN,  # met in person, at the union's own event
}
CASE_CATEGORY = {
    **{topic: topic for topic in Topic.values if topic in Category.values},
    Topic.INJURY_RECOGNITION: Category.WORK_INJURY,
    Topic.LABOUR_CONTRACT: Category.OTHER,
}
