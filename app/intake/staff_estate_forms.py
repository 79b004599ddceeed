"""The staff form for interest in one home for sale: the staff form's identity, contact and
handling in Vitec, the home chosen from the office's homes for sale, a message, the present
home; none of the area form's wishes (Vitec's estate call takes none)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from wtforms import Form, SelectChoice, SelectField

from app.intake.estate_forms import NOTE_MAX, EstateInterestForm
from app.intake.forms import free_text_field
from app.intake.mapping import Answers, StaffExtras
from app.intake.staff_forms import OBTAIN_THROUGH_LABELS, StaffInterestForm, _choices
from app.vitec.reference import StaffLists
from app.vitec.vocabulary import ESTATE_TYPE_LABELS

# The staff form's area-call fields: wishes, counties, increased requirements, watching.
_AREA_ONLY = (
    "areas",
    "housing_types",
    "price_min",
    "price_max",
    "living_space_min",
    "living_space_max",
    "rooms_min",
    "rooms_max",
    "plot_area_min",
    "plot_area_max",
    "special_request",
    "countys",
    "requirements",
    "watched",
)


class StaffEstateForm(StaffInterestForm):
    """What staff enter for a person interested in one of the office's homes for sale."""

    estate_id = SelectField("Bostad", choices=[], default="", validate_choice=False)
    interest_note = free_text_field("Meddelande från personen", NOTE_MAX)

    def set_lists(self, lists: StaffLists) -> None:
        """Offer the office's users, tasks and categories (no increased requirements here)."""
        self.user_id.choices = _choices(lists.users, empty="Ingen")
        self.task_assigned_to.choices = _choices(lists.users, empty="Ingen")
        self.task_id.choices = _choices(lists.tasks, empty="Ingen uppgift")
        self.categories.choices = _choices(lists.categories)

    def set_estates(self, estates: list[tuple[str, str]]) -> None:
        """Offer the office's homes for sale, (id, name) each."""
        self.estate_id.choices = [SelectChoice("", "Välj bostad")] + [
            SelectChoice(value, label) for value, label in estates
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = Form.validate(self, extra_validators)
        if self.present_estate_type.data not in {"", None, *ESTATE_TYPE_LABELS}:
            self.present_estate_type.errors.append("Välj en typ av bostad i listan.")
            ok = False
        if not any(f.errors or f.data for f in self.contact_fields()):
            self.form_errors.append(self.contact_missing)
            ok = False
        if not self.estate_id.data:
            self.estate_id.errors.append("Välj den bostad personen är intresserad av.")
            ok = False
        elif self.estate_id.data not in {c.value for c in self.estate_id.choices}:
            self.estate_id.errors.append("Bostaden finns inte längre till salu. Välj i listan.")
            ok = False
        for field, allowed in (
            (self.user_id, {c.value for c in self.user_id.choices}),
            (self.task_id, {c.value for c in self.task_id.choices}),
            (self.task_assigned_to, {c.value for c in self.task_assigned_to.choices}),
            (self.obtain_through, set(OBTAIN_THROUGH_LABELS)),
            (self.lead_score, {c.value for c in self.lead_score.choices}),
        ):
            if field.data not in allowed:
                field.errors.append("Välj ett alternativ i listan.")
                ok = False
        if bool(self.custom_field_name.data) != bool(self.custom_field_value.data):
            self.custom_field_value.errors.append("Fyll i både namn och värde, eller inget av dem.")
            ok = False
        return ok

    def answers(self) -> Answers:
        """The person's answers plus the staff extras (no wishes)."""
        base = EstateInterestForm.answers(self)  # type: ignore[arg-type]
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
        )
        return replace(base, staff=extras)


for _name in _AREA_ONLY:  # WTForms drops a field that a subclass sets to None
    setattr(StaffEstateForm, _name, None)
