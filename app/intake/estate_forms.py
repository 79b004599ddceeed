"""The form for interest in one home for sale: the area form's contact, present home, valuation
and consent, with a message instead of the wishes (only what Vitec's estate call takes)."""

from __future__ import annotations

from typing import Any

from wtforms import Form

from app.intake.forms import InterestForm, free_text_field
from app.intake.mapping import Answers, PostalAddress, PresentHome, Wish
from app.vitec.vocabulary import ESTATE_TYPE_LABELS

NOTE_MAX = 2000

# The area form's wishes: this call takes none of them.
_WISH_FIELDS = (
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
)


class EstateInterestForm(InterestForm):
    """What a buyer fills in to hear about one home; the message becomes Vitec's interestNote."""

    interest_note = free_text_field("Meddelande till mäklaren", NOTE_MAX)

    def validate(self, extra_validators: Any = None) -> bool:
        ok = Form.validate(self, extra_validators)
        if self.present_estate_type.data not in {"", None, *ESTATE_TYPE_LABELS}:
            self.present_estate_type.errors.append("Välj en typ av bostad i listan.")
            ok = False
        if not any(f.errors or f.data for f in self.contact_fields()):
            self.form_errors.append(self.contact_missing)
            ok = False
        return ok

    def answers(self) -> Answers:
        """The validated answers as plain data for the mapping (no wishes)."""
        return Answers(
            first_name=self.first_name.data,
            last_name=self.last_name.data,
            email=self.email.data or "",
            cell_phone=self.cell_phone.data or "",
            home_phone=self.home_phone.data or "",
            address=PostalAddress(
                street_address=self.street_address.data or "",
                zip_code=self.zip_code.data or "",
                city=self.city.data or "",
            ),
            wish=Wish(area_ids=(), housing_flags=()),
            present=PresentHome(
                estate_type=self.present_estate_type.data or "",
                living_space=self.present_living_space.amount,
                rooms=self.present_rooms.amount,
                price=self.present_price.amount,
                other=self.present_other.data or "",
            ),
            wish_advertising=bool(self.wish_advertising.data),
            wants_valuation=bool(self.valuation.data),
        )


for _name in _WISH_FIELDS:  # WTForms drops a field that a subclass sets to None
    setattr(EstateInterestForm, _name, None)
