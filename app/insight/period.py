"""The statistics page's choice of period and office, read from the query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from wtforms import Form, SelectChoice, SelectField, StringField

from app.insight.figures import monday
from app.vitec.offices import Office

WEEKS = {"4": 4, "12": 12, "52": 52}
CUSTOM = "egen"
DEFAULT = "12"
LONGEST_DAYS = 3 * 366
ALL_OFFICES = ""
# Dates far from today hold no figures, and near the calendar's end a week's Monday or the
# day after the period cannot even be computed: they are refused next to their field.
EARLIEST = date(2000, 1, 1)


class PeriodForm(Form):
    """Period and office: the last 4, 12 or 52 weeks, or from–to dates."""

    period = SelectField(
        "Period",
        choices=[
            SelectChoice("4", "De senaste 4 veckorna"),
            SelectChoice("12", "De senaste 12 veckorna"),
            SelectChoice("52", "De senaste 52 veckorna"),
            SelectChoice(CUSTOM, "Egen period (från och till)"),
        ],
        default=DEFAULT,
        validate_choice=False,
    )
    fran = StringField("Från och med")
    till = StringField("Till och med")
    kontor = SelectField("Kontor", validate_choice=False, default=ALL_OFFICES)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    office: Office | None  # None: every office

    @property
    def office_id(self) -> str | None:
        """The office's customer id, or None for every office."""
        return self.office.customer_id if self.office else None


def latest_day(today: date) -> date:
    """The last day a period may reach: the end of next year."""
    return date(today.year + 1, 12, 31)


def _date(field: StringField, missing: str, today: date) -> date | None:
    text = (field.data or "").strip()
    if not text:
        field.errors.append(missing)
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        field.errors.append("Skriv datumet som år-månad-dag, till exempel 2026-03-01.")
        return None
    if day < EARLIEST:
        field.errors.append(f"Välj ett datum från och med {EARLIEST.isoformat()}.")
        return None
    if day > latest_day(today):
        field.errors.append(f"Välj ett datum till och med {latest_day(today).isoformat()}.")
        return None
    return day


def read_period(args, offices: tuple[Office, ...], today: date) -> tuple[PeriodForm, Period | None]:
    """The form filled from the query string, and the period it names (None with errors,
    each next to its field)."""
    form = PeriodForm(args)
    form.kontor.choices = [SelectChoice(ALL_OFFICES, "Alla kontor")] + [
        SelectChoice(o.customer_id, o.name) for o in offices
    ]
    form.period.errors, form.fran.errors, form.till.errors, form.kontor.errors = [], [], [], []
    by_id = {o.customer_id: o for o in offices}
    office = None
    if form.kontor.data and form.kontor.data != ALL_OFFICES:
        office = by_id.get(form.kontor.data)
        if office is None:
            form.kontor.errors.append("Välj ett av kontoren i listan.")
    if form.period.data in WEEKS:
        start = monday(today) - timedelta(weeks=WEEKS[form.period.data] - 1)
        end = today
        form.fran.data, form.till.data = start.isoformat(), end.isoformat()
    elif form.period.data == CUSTOM:
        start = _date(form.fran, "Skriv från vilket datum.", today)
        end = _date(form.till, "Skriv till vilket datum.", today)
        if start and end and end < start:
            form.till.errors.append("Till-datumet kan inte vara före från-datumet.")
        elif start and end and (end - start).days > LONGEST_DAYS:
            form.till.errors.append("Välj en period på högst tre år.")
    else:
        form.period.errors.append("Välj en av perioderna i listan.")
        start = end = None
    if form.period.errors or form.fran.errors or form.till.errors or form.kontor.errors:
        return form, None
    return form, Period(start, end, office)
