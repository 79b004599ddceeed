"""The staff form for interest in one home for sale: the staff form's identity, contact and
handling in Vitec, the home chosen from the office's homes for sale, a message, the present
home; none of the area form's wishes (Vitec's estate call takes none)."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField

from app.intake.estate_forms import NOTE_MAX, WISH_FIELDS, NoWishes
from app.intake.forms import free_text_field
from app.intake.staff_forms import StaffInterestForm, _choices
from app.vitec.reference import StaffLists

# The staff form's area-call fields: wishes, counties, increased requirements, watching.
_AREA_ONLY = (*WISH_FIELDS, "countys", "requirements", "watched")


class StaffEstateForm(NoWishes, StaffInterestForm):
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

    def _check_wishes(self) -> bool:
        """The home chosen, and still among the office's homes for sale."""
        if not self.estate_id.data:
            self.estate_id.errors.append("Välj den bostad personen är intresserad av.")
            return False
        if self.estate_id.data not in {c.value for c in self.estate_id.choices}:
            self.estate_id.errors.append("Bostaden finns inte längre till salu. Välj i listan.")
            return False
        return True

    def _check_notify(self) -> bool:
        return True  # the estate call tells the home's own handläggare

    def _check_area_extras(self) -> bool:
        return True  # watching and increased requirements are the area call's

    def _area_extras(self) -> dict[str, tuple[str, ...]]:
        return {}


for _name in _AREA_ONLY:  # WTForms drops a field that a subclass sets to None
    setattr(StaffEstateForm, _name, None)
