"""The figures as Swedish text: numbers for the page, CSV for Swedish Excel (semicolons,
decimal comma, UTF-8 with BOM, Swedish headers) and JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

from app.core.swedish import sv_decimal
from app.insight.report import CHANNEL_ORDER, Report, channel_heading


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return sv_decimal(value)
    text = str(value)
    # A cell Excel would read as a formula is kept as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_HEADER = ["Avsnitt", "Rad", "Kommun", "Mått", "Värde", "Från och med", "Till och med", "Kontor"]
SHARE = "Andel av anmälningarna (%)"


def csv_rows(report: Report) -> list[list]:
    """The report as one long table, a figure a row: (section, row, municipality, measure,
    value), so that Excel can filter and pivot it without any reshaping."""
    rows: list[list] = []

    def add(section: str, row: str, measure: str, value, municipality: str = "") -> None:
        rows.append([section, row, municipality, measure, value])

    median = report.median_delivery_seconds
    for measure, value in (
        ("Anmälningar", report.registrations),
        ("Misstänkt spam", report.bots),
        ("Sidvisningar av formuläret", report.views),
        ("Valde nyheter och erbjudanden", report.marketing),
        ("Mediantid till leverans (sekunder)", None if median is None else round(median)),
    ):
        add("Nyckeltal", "", measure, value)
    for week in report.weeks:  # the week's Monday: a date Excel sorts and groups
        for channel in CHANNEL_ORDER:
            count = week.counts.get(channel, 0)
            add("Anmälningar per vecka", week.monday.isoformat(), channel_heading(channel), count)
    for area in report.ranked_areas:
        add("Områden", area.name, "Anmälningar", area.count, area.municipality)
    for section, items in (
        ("Bostadstyper", report.housing),
        ("Prisklasser (högsta pris)", report.prices),
        ("Minsta antal rum", report.rooms),
    ):
        for item in items:
            add(section, item.label, "Anmälningar", item.count)
            add(section, item.label, SHARE, item.share)
    for f in report.funnel:
        for measure, value in (
            ("Sidvisningar", f.views),
            ("Anmälningar", f.registrations),
            ("Konvertering (%)", f.conversion),
            ("Misstänkt spam", f.bots),
            ("Andel misstänkt spam (%)", f.bot_share),
        ):
            add("Formuläret", f.label, measure, value)
    for item in report.deliveries:
        add("Leveranser", item.label, "Anmälningar", item.count)
    return rows


def csv_bytes(report: Report) -> bytes:
    """The report as one long CSV table for Excel set to Swedish; every row names the period
    and the office, so files of several periods or offices can be put together."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    period = [report.start.isoformat(), report.end.isoformat(), _cell(report.office_name)]
    writer.writerows([[_cell(v) for v in row] + period for row in csv_rows(report)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_json(report: Report) -> dict:
    """The report as plain data (English keys, Swedish labels)."""

    def rows(items):
        return [
            {"key": r.key, "label": r.label, "registrations": r.count, "share_percent": r.share}
            for r in items
        ]

    return {
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "office": {"id": report.office, "name": report.office_name},
        "registrations": report.registrations,
        "bots": report.bots,
        "views": report.views,
        "marketing": report.marketing,
        "weeks": [
            {"year": w.monday.isocalendar().year, "week": w.number, "monday": w.monday.isoformat()}
            | {c: w.counts.get(c, 0) for c in CHANNEL_ORDER}
            | {"total": w.total}
            for w in report.weeks
        ],
        "areas": [
            {
                "municipality": m.name,
                "office": a.office,
                "area_id": a.area_id,
                "name": a.name,
                "registrations": a.count,
            }
            for m in report.municipalities
            for a in m.areas
        ],
        "housing_types": rows(report.housing),
        "price_bands": rows(report.prices),
        "rooms": rows(report.rooms),
        "funnel": [
            {
                "channel": f.channel,
                "site": f.site,
                "label": f.label,
                "views": f.views,
                "registrations": f.registrations,
                "conversion_percent": f.conversion,
                "bots": f.bots,
                "bot_share_percent": f.bot_share,
            }
            for f in report.funnel
        ],
        "deliveries": {r.key: r.count for r in report.deliveries}
        | {"median_seconds": report.median_delivery_seconds},
    }
