"""iCalendar (RFC 5545) text for a list of entries: all-day deadlines and timed sessions."""

import datetime
from dataclasses import dataclass

LINE_OCTETS = 75


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    start: datetime.date | datetime.datetime  # a date: an all-day entry; a datetime: aware, one hour long
    url: str = ""


def escape(text):
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > LINE_OCTETS:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def _utc(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar(name, entries, stamp):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//casedesk//deadlines//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}", "X-WR-TIMEZONE:Asia/Shanghai"]
    for entry in entries:
        lines += ["BEGIN:VEVENT", f"UID:{escape(entry.uid)}", f"DTSTAMP:{_utc(stamp)}"]
        if isinstance(entry.start, datetime.datetime):
            lines += [f"DTSTART:{_utc(entry.start)}", f"DTEND:{_utc(entry.start + datetime.timedelta(hours=1))}"]
        else:
            lines += [f"DTSTART;VALUE=DATE:{entry.start:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{entry.start + datetime.timedelta(days=1):%Y%m%d}"]
        lines.append(f"SUMMARY:{escape(entry.summary)}")
        if entry.url:
            lines.append(f"URL:{entry.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
