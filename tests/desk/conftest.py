"""Helpers for the desk's page tests: the registration page's POST, and reading a field's error."""

from ..conftest import registration_body


def registration_post(workers=1, **overrides):
    """The registration page's fields for registration_body(workers, **overrides)."""
    body = registration_body(workers=workers, **overrides)
    post = {f"case-{k}": v for k, v in body.items() if k not in ("applicants", "employer", "claims", "court_referral", "referral")}
    post.update({f"employer-{k}": v for k, v in body["employer"].items()})
    for prefix, rows in (("applicants", body["applicants"]), ("claims", body["claims"])):
        post[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        post[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            if prefix == "applicants":
                row = {"id_type": "resident_id", **row}
            post.update({f"{prefix}-{index}-{k}": v for k, v in row.items()})
    for key, value in (body["court_referral"] or {}).items():
        post[f"court_referral-{key}"] = value
    for key, value in (body.get("referral") or {}).items():
        post[f"referral-{key}"] = value
    return post


def field_error(page, field_id):
    """The error message shown next to the field with this id ("" when there is none)."""
    return page.split(f'id="{field_id}_error"', 1)[1].split("</p>", 1)[0].split(">", 1)[1].strip()
