"""The figures as Swedish text: numbers for the page, CSV for Swedish Excel (semicolons,
decimal comma, UTF-8 with BOM, Swedish headers) and JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

from app.core.swedish import sv_decimal, week_label
from app.insight.report import CHANNEL_ORDER, Report, channel_heading


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return sv_decimal(value)
    text = str(value)
    # A cell Excel would read as a formula is kept as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_bytes(report: Report, broker: str) -> bytes:
    """The report as one CSV file of titled blocks, for Excel set to Swedish."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")

    def block(title: str, header: list[str], rows: list[list]) -> None:
        writer.writerow([])
        writer.writerow([title])
        writer.writerow(header)
        writer.writerows([[_cell(v) for v in row] for row in rows])

    writer.writerow(["Efterfrågan", _cell(broker)])
    writer.writerow(["Period", report.start.isoformat(), report.end.isoformat()])
    writer.writerow(["Kontor", _cell(report.office_name)])
    writer.writerow(["Anmälningar", report.registrations])
    writer.writerow(["Misstänkt spam", report.bots])
    writer.writerow(["Sidvisningar av formuläret", report.views])
    writer.writerow(["Valde nyheter och erbjudanden", report.marketing])
    names = [channel_heading(c) for c in CHANNEL_ORDER]
    block(
        "Anmälningar per vecka",
        ["Vecka", "Veckan börjar", *names, "Totalt"],
        [
            [
                week_label(w.monday),
                w.monday.isoformat(),
                *(w.counts.get(c, 0) for c in CHANNEL_ORDER),
                w.total,
            ]
            for w in report.weeks
        ],
    )
    block(
        "Områden",
        ["Kommun", "Område", "Områdes-id", "Kontor", "Anmälningar"],
        [
            [m.name, a.name, a.area_id, a.office, a.count]
            for m in report.municipalities
            for a in m.areas
        ],
    )
    share = "Andel av anmälningarna (%)"
    for title, first, rows in (
        ("Bostadstyper", "Bostadstyp", report.housing),
        ("Prisklasser (högsta pris)", "Prisklass", report.prices),
        ("Minsta antal rum", "Antal rum", report.rooms),
    ):
        block(title, [first, "Anmälningar", share], [[r.label, r.count, r.share] for r in rows])
    block(
        "Formuläret",
        [
            "Kanal och webbplats",
            "Sidvisningar",
            "Anmälningar",
            "Konvertering (%)",
            "Misstänkt spam",
            "Andel misstänkt spam (%)",
        ],
        [
            [f.label, f.views, f.registrations, f.conversion, f.bots, f.bot_share]
            for f in report.funnel
        ],
    )
    block("Leveranser", ["Status", "Antal"], [[r.label, r.count] for r in report.deliveries])
    median = report.median_delivery_seconds
    writer.writerow(
        ["Mediantid till leverans (sekunder)", "" if median is None else f"{median:.0f}"]
    )
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
