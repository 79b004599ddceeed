"""Efterfrågan (/staff/statistik): what the registrations tell the broker, for logged-in staff;
per area, and as CSV and JSON."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, request, url_for

from app.core.clock import STOCKHOLM
from app.core.swedish import sv_date, sv_decimal, sv_duration, sv_int, sv_percent, week_label
from app.insight import charts
from app.insight.export import as_json, csv_bytes
from app.insight.figures import area_figures, figures
from app.insight.period import Period, read_period
from app.insight.report import CHANNEL_ORDER, area_names, area_rows, build_report, channel_heading
from app.web.buyer.counting import flush
from app.web.staff import session as staff_session
from app.wiring.services import delivery, vitec

bp = Blueprint("insight", __name__, url_prefix="/staff/statistik")
for name, function in {
    "sv_int": sv_int,
    "sv_percent": sv_percent,
    "sv_decimal": sv_decimal,
    "sv_duration": sv_duration,
    "week_label": week_label,
    "sv_date": sv_date,
}.items():
    bp.add_app_template_filter(function, name)


# Staff only, like every page under /staff: app.web.staff.auth.require_login covers this blueprint.
bp.after_request(staff_session.no_store)


AREA_BARS = 15  # the chart shows the most wanted areas; the table below lists them all


def _period() -> tuple:
    today = delivery().clock().astimezone(STOCKHOLM).date()
    return read_period(request.args, vitec().offices.all, today)


def _offices_in(period: Period):
    return (period.office,) if period.office else vitec().offices.all


def _office_name(period: Period) -> str:
    return period.office.name if period.office else "Alla kontor"


def _report(period: Period):
    flush()  # this process's additions; the other processes write theirs every few seconds
    fig = figures(delivery().engine, period.start, period.end, period.office_id)
    names = area_names(
        [(o.customer_id, vitec().reference(o).groups()) for o in _offices_in(period)]
    )
    return build_report(fig, names, _office_name(period), delivery().engine)


def _query() -> dict:
    return {k: v for k, v in request.args.items() if k in ("period", "fran", "till", "kontor")}


def _count_bars(rows) -> list[charts.Bar]:
    return charts.bars([(row.label, row.count, sv_int(row.count)) for row in rows])


def _graphs(report) -> dict:
    """The charts' geometry, from the same figures as the tables."""
    weekly = [
        (str(w.number), f"{week_label(w.monday)}: {sv_int(w.total)}", w.counts)
        for w in report.weeks
    ]
    columns, grid = charts.stacked_columns(weekly, list(CHANNEL_ORDER))
    converting = [f for f in report.funnel if f.conversion is not None]
    areas = report.ranked_areas
    return {
        "columns": columns,
        "grid": grid,
        "areas": charts.bars(
            [(f"{a.name}, {a.municipality}", a.count, sv_int(a.count)) for a in areas[:AREA_BARS]]
        ),
        "housing": _count_bars(report.housing),
        "prices": _count_bars(report.prices),
        "rooms": _count_bars(report.rooms),
        "conversion": charts.bars(
            [
                (
                    f.label,
                    f.conversion,
                    f"{sv_percent(f.conversion)} ({f.registrations} av {f.views})",
                )
                for f in converting
            ]
        ),
        "deliveries": _count_bars(report.deliveries),
    }


@bp.get("")
def overview():
    """The statistics page for the period and office asked for."""
    form, period = _period()
    if period is None:
        page = render_template("staff/statistik.html", form=form, report=None, query=_query())
        return page, 422
    report = _report(period)
    return render_template(
        "staff/statistik.html",
        form=form,
        report=report,
        query=_query(),
        graphs=_graphs(report),
        channels=[(c, channel_heading(c)) for c in CHANNEL_ORDER],
        charts=charts,
    )


@bp.get("/omrade/<office>/<area_id>")
def area(office: str, area_id: str):
    """One area's page: the housing types and price bands wanted there."""
    form, period = _period()
    if period is None:
        return render_template("staff/statistik.html", form=form, report=None, query=_query()), 422
    try:
        office_obj = vitec().offices.get(office)
    except LookupError:
        abort(404)
    names = area_names([(office, vitec().reference(office_obj).groups())])
    flush()
    counted = area_figures(delivery().engine, period.start, period.end, office, area_id)
    if (office, area_id) not in names and not counted.registrations:
        abort(404)
    name, municipality = names.get((office, area_id), (area_id, ""))
    housing, prices = area_rows(counted)
    return render_template(
        "staff/statistik_omrade.html",
        form=form,
        period=period,
        office=office_obj,
        area_id=area_id,
        name=name,
        municipality=municipality,
        counted=counted,
        housing=housing,
        prices=prices,
        query=_query(),
        charts=charts,
        graphs={"housing": _count_bars(housing), "prices": _count_bars(prices)},
        back=url_for(".overview", **_query()),
    )


def _export(period: Period | None):
    if period is None:
        abort(400)
    return _report(period)


@bp.get("/efterfragan.csv")
def export_csv():
    """The period's figures as a CSV file for Swedish Excel."""
    _, period = _period()
    report = _export(period)
    name = f"efterfragan-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    body = csv_bytes(report)
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/efterfragan.json")
def export_json():
    """The period's figures as JSON."""
    _, period = _period()
    body = json.dumps(as_json(_export(period)), ensure_ascii=False, indent=1)
    return Response(body, content_type="application/json; charset=utf-8")
