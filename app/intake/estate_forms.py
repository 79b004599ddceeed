"""The form for interest in one home for sale: the area form's contact, present home, valuation
and consent, with a message instead of the wishes (only what Vitec's estate call takes)."""

from __future__ import annotations

from app.intake.forms import InterestForm, free_text_field
from app.intake.mapping import Wish

NOTE_MAX = 2000

# The area form's wishes: this call takes none of them.
WISH_FIELDS = (
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


class NoWishes:
    """For a form about one home: no wishes to check, none to send."""

    def _check_wishes(self) -> bool:
        return True

    def wish(self) -> Wish:
        """No wishes: the home is the wish."""
        return Wish(area_ids=(), housing_flags=())


class EstateInterestForm(NoWishes, InterestForm):
    """What a buyer fills in to hear about one home; the message becomes Vitec's interestNote."""

    interest_note = free_text_field("Meddelande till mäklaren", NOTE_MAX)


for _name in WISH_FIELDS:  # WTForms drops a field that a subclass sets to None
    setattr(EstateInterestForm, _name, None)
