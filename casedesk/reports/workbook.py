"""Excel workbooks (openpyxl): the annual report, one sheet per table plus the case list;
and the plain case-list export."""

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import exports

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text):
    return BAD_TITLE_CHARS.sub(" ", str(text))[:31]


def _header(sheet, labels):
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def _value(sheet, value):
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    if hasattr(value, "isoformat") and not isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value if isinstance(value, (int, float)) or value is None else str(value)


def _add_table(book, table):
    sheet = book.create_sheet(sheet_title(table.title))
    _header(sheet, table.columns)
    for row in table.rows:
        sheet.append([_value(sheet, cell.value) for cell in row])


def _add_case_list(book, rows):
    return _add_list(book, _("Case list"), exports.columns(), rows)


def _add_list(book, title, columns, rows):
    """A sheet of `rows` ((id, values) each) under `columns`; returns the ids listed."""
    sheet = book.create_sheet(sheet_title(title))
    _header(sheet, columns)
    ids = []
    for record_id, row in rows:
        ids.append(record_id)
        sheet.append([_value(sheet, v) for v in row])
    return ids


def _save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def annual_workbook(title, tables, rows, *, org_name, opening=None):
    """(xlsx bytes, ids of the listed cases): a cover under the unit's name `org_name` (with the
    summary's paragraph, exact and rounded, when given), one sheet per table, the case list."""
    book = Workbook(write_only=True)
    cover = book.create_sheet(sheet_title(_("About")))
    cover.append([str(title)])
    cover.append([org_name])
    cover.append([str(_("Each figure counts the cases registered in the period; the last sheet lists them."))])
    if opening is not None:
        cover.append([opening.text()])
        cover.append([opening.text(exact=False)])
    for table in tables:
        _add_table(book, table)
    ids = _add_case_list(book, rows)
    return _save(book), ids


def case_list_workbook(rows):
    book = Workbook(write_only=True)
    ids = _add_case_list(book, rows)
    return _save(book), ids


def list_workbook(title, columns, rows):
    """(xlsx bytes, ids listed): one sheet of records, such as the consultations."""
    book = Workbook(write_only=True)
    ids = _add_list(book, title, columns, rows)
    return _save(book), ids
