"""The demo's online applications: two workers who applied from their phones in the last days, waiting
in the desk's 网上申请 queue; the desk asked one of them for more and the worker answered. Sent through
the portal's own services with the clock at each moment; part of `manage.py load_demo`."""

import datetime

from django.db.models import Max
from django.utils import timezone

from casedesk.cases import clock, identifiers, steps
from casedesk.cases.models import Case
from casedesk.portal import review, services
from casedesk.portal.forms import ApplyForm
from casedesk.units import tree

from . import dates

APPLICATIONS = [
    {
        "days_ago": 1, "at": datetime.time(21, 40),
        "form": {
            "name": "付春燕", "id_type": "resident_id", "phone": "13979001122", "address": "某某县城南街道桂花苑3栋",
            "employment_form": "platform", "job": "外卖骑手",             "employer_name": "某某县速达配送服务有限公司", "employer_address": "某某县城南街道商贸城B座",
            "category": "wage_arrears",
            "summary": "我在速达配送跑外卖，最近两个月的配送费一直没结，站长说总部没打款，已经拖了一个多月。",
            "claim_kind_0": "wage", "claim_amount_0": "7860", "wants_messages": True,
            "consent": True, "sensitive_consent": True,
        },
        "birth": datetime.date(1994, 3, 8), "serial": 731,
        # Days before the day of loading: the work began, the dispute began.
        "dates": {"employed_from": 460, "dispute_started_on": 50},
    },
    {
        "days_ago": 3, "at": datetime.time(12, 15),
        "form": {
            "name": "龚德明", "id_type": "resident_id", "phone": "13607992233", "address": "某某县青塘镇新村5组",
            "employment_form": "contract", "job": "钢筋工",
            "employer_name": "某某县宏建建筑劳务有限公司", "employer_address": "某某县工业园区经二路18号",
            "category": "wage_arrears",
            "summary": "工地完工后包工头说工资要等年底结，最后三个月的工资一直没发。",
            "claim_kind_0": "wage", "claim_amount_0": "21600", "wants_messages": False,
            "consent": True, "sensitive_consent": True,
        },
        "birth": datetime.date(1979, 11, 23), "serial": 732,
        "dates": {"employed_from": 270, "employment_ended_on": 36, "dispute_started_on": 30},
        "asked": ("请补充工资欠条或考勤记录的照片，并写明包工头的姓名和电话。", datetime.timedelta(hours=5)),
        "answered": ("包工头叫钟伟，电话13807990099。欠条在家里，我明天拍照再传。", datetime.timedelta(hours=9)),
    },
]


def load(accounts):
    """Send the applications (oldest first) and take the desk's request and the worker's answer. Each is
    sent after every case registered so far (case numbers follow registration times), and everything
    happens before now."""
    today, now = clock.today(), clock.now()
    latest = Case.objects.aggregate(latest=Max("submitted_at"))["latest"]
    asker = accounts["zhiyuan1"]
    for spec in sorted(APPLICATIONS, key=lambda s: -s["days_ago"]):
        sent = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=spec["days_ago"]),
                                                             spec["at"]))
        if latest is not None and sent <= latest:
            sent = latest + (now - latest) / 4
        latest = sent
        body = {**spec["form"], "id_number": identifiers.make_resident_id("360730", spec["birth"], spec["serial"]),
                **{key: (today - datetime.timedelta(days=days)).isoformat() for key, days in spec["dates"].items()}}
        form = ApplyForm(body)
        if "unit" in form.fields:  # several units: the workers of the demo apply to the county union
            form = ApplyForm({**body, "unit": str(tree.root().pk)})
        if not form.is_valid():
            raise ValueError(f"demo application {body['name']}: {form.errors.as_json()}")
        registration, _rows = form.registration()
        with dates.at(sent):
            submitted = services.submit(registration, wants_messages=form.cleaned_data["wants_messages"])
        if "asked" in spec:
            text, after = spec["asked"]
            with dates.at(min(sent + after, sent + (now - sent) / 3)):
                steps.record(submitted.application.case, "ask_information", asker, request=text)
            answer, after = spec["answered"]
            with dates.at(min(sent + after, sent + (now - sent) * 2 / 3)):
                review.answer(submitted.application, text=answer, files=[])
