"""The staff form: manual entry with every field Vitec's payload has."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from wtforms import BooleanField, SelectChoice, SelectField
from wtforms.validators import InputRequired, ValidationError

from app.intake.forms import (
    PHONE_TOO_LONG,
    CheckboxesField,
    InterestForm,
    free_text_field,
    read_phone,
    text_field,
)
from app.intake.mapping import Answers, Routing, StaffExtras, StaffTask
from app.intake.validators import InvalidValue, normalize_personnummer
from app.vitec.payload import FLAG_ESTATE_CLASSES
from app.vitec.reference import StaffLists

FOREIGN_SSN_MAX = 20  # Vitec's help page; a Swedish personnummer is 13 with the dash

OBTAIN_THROUGH_LABELS = {
    "Phone": "Telefon",
    "Visit": "Besök",
    "Email": "E-post",
    "Agreement": "Avtal",
    "Other": "Annat",
    "Interest": "Intresseanmälan på webben",  # kept when staff correct a buyer's registration
}
WATCHED_LABELS = {"Yes": "Ja", "No": "Nej", "NotAsked": "Ej tillfrågad"}

# Swedish counties (län) and their codes, as Vitec's `countys` takes them.
COUNTIES = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


PAGE_FIRST = ("social_security_number", "foreign_ssn", "contact_id", "first_name", "last_name")
PAGE_LAST = ("consent", "wish_advertising")


def _choices(pairs, empty: str | None = None) -> list[SelectChoice]:
    options = [SelectChoice("", empty)] if empty is not None else []
    return options + [SelectChoice(value, label) for value, label in pairs]


class StaffInterestForm(InterestForm):
    """The public form plus what staff set; Vitec's lists are given per request. Its labels
    and messages speak of the person, not to them."""

    EVERY_HOUSING_TYPE = True  # whatever the buyer's form offers

    first_name = text_field(
        "Förnamn", 30, "Förnamnet får vara högst 30 tecken.", required="Förnamn saknas."
    )
    last_name = text_field(
        "Efternamn", 30, "Efternamnet får vara högst 30 tecken.", required="Efternamn saknas."
    )
    present_other = free_text_field("Övrigt om personens boende")
    contact_missing = "Personens e-post eller telefonnummer saknas."
    price_asked = "personen"  # "Menar personen 500 000 kr?"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page shows the identity first and consent last; the error summary follows it.
        names = [n for n in self._fields if n not in PAGE_FIRST and n not in PAGE_LAST]
        self._fields = {n: self._fields[n] for n in (*PAGE_FIRST, *names, *PAGE_LAST)}

    consent = BooleanField(
        "Samtycke",
        validators=[InputRequired(message="Bekräfta att personen har informerats och samtyckt.")],
    )
    social_security_number = text_field("Personnummer", 20, "Personnumret är för långt.")
    foreign_ssn = BooleanField("Utländskt personnummer")
    work_phone = text_field("Arbetstelefon", 30, PHONE_TOO_LONG, check=read_phone)
    other_phone = text_field("Annan telefon", 30, PHONE_TOO_LONG, check=read_phone)
    contact_id = text_field(
        "Befintligt kontakt-id i Vitec", 40, "Kontakt-id får vara högst 40 tecken."
    )
    obtain_through = SelectField(
        "Hur kom intresset in?",
        choices=_choices(OBTAIN_THROUGH_LABELS.items()),
        default="Phone",
        validate_choice=False,
    )
    user_id = SelectField("Handläggare", choices=[], default="", validate_choice=False)
    categories = CheckboxesField("Kategorier", choices=[])
    note = free_text_field("Anteckning", 2000)
    lead_score = SelectField(
        "Intressegrad (0–5)",
        choices=_choices(((str(n), str(n)) for n in range(6)), empty="Ingen"),
        default="",
        validate_choice=False,
    )
    custom_field_name = text_field("Eget fält: namn", 100, "Skriv högst 100 tecken.")
    custom_field_value = text_field("Eget fält: värde", 500, "Skriv högst 500 tecken.")
    task_id = SelectField("Typ av uppgift", choices=[], default="", validate_choice=False)
    task_note = free_text_field("Anteckning till uppgiften")
    task_estate_id = text_field("Objekt-id för uppgiften", 40, "Skriv högst 40 tecken.")
    task_assigned_to = SelectField(
        "Uppgiften tilldelas", choices=[], default="", validate_choice=False
    )
    notify_user = BooleanField("Meddela handläggaren")
    watched = SelectField(
        "Ska matchas och bevakas",
        choices=_choices(WATCHED_LABELS.items()),
        default="Yes",
        validate_choice=False,
    )
    countys = CheckboxesField("Län", choices=_choices(COUNTIES.items()))
    send_receipt = BooleanField("Skicka ett kvitto till personens e-postadress", default=True)
    requirements = CheckboxesField("Utökade krav", choices=[])

    def set_lists(self, lists: StaffLists) -> None:
        """Offer the office's users, tasks, categories and increased requirements."""
        self.user_id.choices = _choices(lists.users, empty="Ingen")
        self.task_assigned_to.choices = _choices(lists.users, empty="Ingen")
        self.task_id.choices = _choices(lists.tasks, empty="Ingen uppgift")
        self.categories.choices = _choices(lists.categories)
        self.requirements.choices = _choices((r.requirement_id, r.text) for r in lists.requirements)
        self._requirements = {r.requirement_id: r for r in lists.requirements}

    def contact_fields(self) -> tuple:
        """Vitec also counts the work phone as a way to reach the person."""
        return (*super().contact_fields(), self.work_phone)

    def validate_social_security_number(self, field: Any) -> None:
        if field.data and not self.foreign_ssn.data:
            try:
                field.data = normalize_personnummer(field.data)
            except InvalidValue as exc:
                raise ValidationError(str(exc)) from exc
        elif field.data and len(field.data) > FOREIGN_SSN_MAX:
            raise ValidationError(
                f"Ett utländskt personnummer får vara högst {FOREIGN_SSN_MAX} tecken."
            )

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        for field, allowed in self._listed_choices():
            if field.data not in allowed:
                field.errors.append("Välj ett alternativ i listan.")
                ok = False
        ok &= self._check_notify()
        if bool(self.custom_field_name.data) != bool(self.custom_field_value.data):
            self.custom_field_value.errors.append("Fyll i både namn och värde, eller inget av dem.")
            ok = False
        ok &= self._check_area_extras()
        return ok

    def _listed_choices(self) -> list[tuple[Any, set]]:
        """Each chosen value and the values its list offers."""
        return [
            (self.user_id, {c.value for c in self.user_id.choices}),
            (self.task_id, {c.value for c in self.task_id.choices}),
            (self.task_assigned_to, {c.value for c in self.task_assigned_to.choices}),
            (self.obtain_through, set(OBTAIN_THROUGH_LABELS)),
            (self.lead_score, {c.value for c in self.lead_score.choices}),
        ]

    def _check_notify(self) -> bool:
        """Vitec's rule: telling a handläggare about a new contact needs the handläggare."""
        if self.notify_user.data and not self.user_id.data and not self.contact_id.data:
            self.user_id.errors.append("Välj en handläggare att meddela (krävs för nya kontakter).")
            return False
        return True

    def _check_area_extras(self) -> bool:
        """The area call's own fields: watching from its list, and each increased requirement
        holding for one of the chosen housing types."""
        ok = True
        if self.watched.data not in WATCHED_LABELS:
            self.watched.errors.append("Välj ett alternativ i listan.")
            ok = False
        chosen = frozenset().union(
            *(FLAG_ESTATE_CLASSES[flag] for flag in self.housing_types.data or [])
        )
        for requirement_id in self.requirements.data or []:
            requirement = self._requirements.get(requirement_id)
            if requirement and not chosen & requirement.valid_for:
                self.requirements.errors.append(
                    f"”{requirement.text}” gäller inte de valda bostadstyperna."
                )
                ok = False
        return ok

    def answers(self) -> Answers:
        """The public answers plus the staff extras."""
        custom = None
        if self.custom_field_name.data:
            custom = (self.custom_field_name.data, self.custom_field_value.data)
        extras = StaffExtras(
            social_security_number=self.social_security_number.data or "",
            is_foreign_ssn=bool(self.foreign_ssn.data),
            work_phone=self.work_phone.data or "",
            other_phone=self.other_phone.data or "",
            obtain_through=self.obtain_through.data,
            contact_id=self.contact_id.data or "",
            note=self.note.data or "",
            lead_score=int(self.lead_score.data) if self.lead_score.data else None,
            custom_field=custom,
            task=self._task(),
            **self._area_extras(),
        )
        return replace(super().answers(), staff=extras)

    def _area_extras(self) -> dict[str, tuple[str, ...]]:
        """The staff extras only the area call takes: counties and increased requirements."""
        return {
            "countys": tuple(self.countys.data or ()),
            "increased_requirement_ids": tuple(self.requirements.data or ()),
        }

    def routing(self, customer_id: str) -> Routing:
        """Where the registration goes in Vitec (this office), as the staff member chose."""
        return Routing(
            customer_id=customer_id,
            user_id=self.user_id.data or None,
            category_ids=tuple(self.categories.data or ()),
            notify_user=bool(self.notify_user.data),
            watched=self.watched.data,
        )

    def _task(self) -> StaffTask | None:
        if not self.task_id.data:
            return None  # the details of a task go with it
        return StaffTask(
            predefined_task_id=self.task_id.data,
            note=self.task_note.data or "",
            estate_id=self.task_estate_id.data or "",
            assigned_to=self.task_assigned_to.data or "",
        )
