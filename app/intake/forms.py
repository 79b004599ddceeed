"""The public interest form: fields, Swedish labels and messages, cross-field rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.core.swedish import format_amount
from app.intake.field_binding import ReusedFields
from app.intake.mapping import Answers, PostalAddress, PresentHome, Wish
from app.intake.validators import (
    InvalidValue,
    clean_multiline,
    clean_text,
    normalize_email,
    normalize_postcode,
    parse_amount,
    parse_phone,
    parse_price,
    phone_as_stored,
    phone_e164,
)
from app.vitec.vocabulary import (
    ESTATE_TYPE_LABELS,
    HOUSING_LABELS,
    LIVING_SPACE,
    PLOT_AREA,
    PRICE,
    RANGES,
    ROOMS,
    WishRange,
)

FREE_TEXT_MAX = 1000
# The same verb and fields as the hint above them (templates/_interest_form.html).
CONTACT_MISSING = "Fyll i e-post, mobiltelefon eller hemtelefon så att mäklaren kan nå dig."


# Shared by every amount field: built once rather than each time a form is made.
_AMOUNT_FILTERS = (clean_text,)
_AMOUNT_VALIDATORS = (Length(max=20, message="Skriv ett kortare tal."),)


class AmountField(StringField):
    """A number typed the Swedish way, shown with its unit beside the input; .amount holds the
    parsed Decimal or None. A price (unit "kr") is read as Swedes say prices ("3,5 milj", "2,5"
    for millions), and .note says how when that is not plain from what was typed."""

    def __init__(self, label: str, maximum: Decimal, unit: str, **kwargs: Any) -> None:
        kwargs.setdefault("validators", _AMOUNT_VALIDATORS)
        super().__init__(label, filters=_AMOUNT_FILTERS, **kwargs)
        self.maximum = maximum
        self.unit = unit
        self.is_price = unit == "kr"
        self.amount: Decimal | None = None
        self.note: str | None = None

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        self.amount, self.note = None, None
        if self.errors or not self.data:
            return
        try:
            if self.is_price:
                # The buyer is asked "Menar du …?"; the staff form asks about the person.
                asked = getattr(form, "price_asked", "du")
                reading = parse_price(self.data, self.maximum, asked)
                self.amount, self.note = reading.amount, reading.note
            else:
                self.amount = parse_amount(self.data, self.maximum, self.unit)
        except InvalidValue as exc:
            self.errors.append(str(exc))


class CheckboxesField(SelectMultipleField):
    """Checkbox group; values not among the choices are ignored rather than refused."""

    def pre_validate(self, form: Any) -> None:
        allowed = {choice.value for choice in self.choices or []}
        # Each offered value at most once, whatever was posted.
        self.data = list(dict.fromkeys(value for value in self.data or [] if value in allowed))


def normalizer(function):
    """A field validator that normalises the value or reports its Swedish message."""

    def check(form: Any, field: Any) -> None:
        if field.data:
            try:
                field.data = function(field.data)
            except InvalidValue as exc:
                raise ValidationError(str(exc)) from exc

    return check


def read_phone(form: Any, field: Any) -> None:
    """A phone field's validator: the number in the form it is stored in, and (as `e164`) in
    the form the desk's index keeps, both from one reading."""
    field.e164 = None
    if field.data:
        try:
            number = parse_phone(field.data)
        except InvalidValue as exc:
            raise ValidationError(str(exc)) from exc
        field.data = phone_as_stored(number)
        field.e164 = phone_e164(number)


def read_phones(form: Any) -> dict[str, str]:
    """Each phone number as typed, with the E.164 form its field's validation read (so the
    desk's index need not read it again); call it once the form has validated."""
    return {
        field.raw_data[0]: field.e164
        for field in form
        if getattr(field, "e164", None) and field.raw_data
    }


_TEXT_FILTERS = (clean_text,)
PHONE_TOO_LONG = "Telefonnumret är för långt."


def text_field(
    label: str,
    max_length: int,
    too_long: str,
    required: str | None = None,
    normalise: Any = None,
    check: Any = None,
) -> StringField:
    """A one-line text field: cleaned, length-limited, required (with its message) or
    optional, and normalised by `normalise` (or checked by the validator `check`) when given."""
    validators: list[Any] = [DataRequired(message=required)] if required else [Optional()]
    validators.append(Length(max=max_length, message=too_long))
    if check is not None:
        validators.append(check)
    if normalise is not None:
        validators.append(normalizer(normalise))
    return StringField(label, filters=_TEXT_FILTERS, validators=validators)


def range_fields(wished: WishRange) -> tuple[AmountField, AmountField]:
    """The lowest and highest value of a wished range."""
    return (
        AmountField(wished.low_label, wished.maximum, wished.unit),
        AmountField(wished.high_label, wished.maximum, wished.unit),
    )


def free_text_field(label: str, max_length: int = FREE_TEXT_MAX) -> TextAreaField:
    """A free-text answer of several lines."""
    message = f"Skriv högst {format_amount(Decimal(max_length))} tecken."
    return TextAreaField(
        label, filters=[clean_multiline], validators=[Length(max=max_length, message=message)]
    )


class InterestForm(Form):
    """What a home buyer fills in; area choices are set per request from Vitec's list."""

    class Meta(ReusedFields):
        locales = ("sv_SE", "sv")
        # The buyer's forms carry a signed token of their own (app.web.security.FormTokens); the
        # staff form is checked by CSRFProtect, once, app-wide.
        csrf = False

    submission_id = HiddenField()
    form_token = HiddenField()  # signed: binds the post to this id and times it
    # The honeypot: hidden from people and assistive tech, named so that autofill and
    # password managers leave it alone; a bot that fills every input fills it too.
    kontrollfalt = StringField("Lämna det här fältet tomt", validators=[Length(max=200)])
    first_name = text_field(
        "Förnamn", 30, "Förnamnet får vara högst 30 tecken.", required="Skriv ditt förnamn."
    )
    last_name = text_field(
        "Efternamn", 30, "Efternamnet får vara högst 30 tecken.", required="Skriv ditt efternamn."
    )
    email = text_field(
        "E-post", 100, "E-postadressen får vara högst 100 tecken.", normalise=normalize_email
    )
    cell_phone = text_field("Mobiltelefon", 30, PHONE_TOO_LONG, check=read_phone)
    home_phone = text_field("Hemtelefon", 30, PHONE_TOO_LONG, check=read_phone)
    street_address = text_field("Gatuadress", 68, "Adressen får vara högst 68 tecken.")
    zip_code = text_field(
        "Postnummer", 10, "Skriv postnumret med fem siffror.", normalise=normalize_postcode
    )
    city = text_field("Ort", 25, "Orten får vara högst 25 tecken.")

    # The broker's form offers the types HOUSING_TYPES names; a staff form offers every type.
    EVERY_HOUSING_TYPE = False
    areas = CheckboxesField("Områden", choices=[])
    housing_types = CheckboxesField(
        "Typ av bostad", choices=[SelectChoice(v, label) for v, label in HOUSING_LABELS.items()]
    )

    price_min, price_max = range_fields(PRICE)
    living_space_min, living_space_max = range_fields(LIVING_SPACE)
    rooms_min, rooms_max = range_fields(ROOMS)
    plot_area_min, plot_area_max = range_fields(PLOT_AREA)
    special_request = free_text_field("Övriga önskemål")

    present_estate_type = SelectField(
        "Typ av bostad",  # the wishes' term too: one term for one thing
        choices=[
            SelectChoice("", "Välj bostadstyp"),
            *(SelectChoice(v, label) for v, label in ESTATE_TYPE_LABELS.items()),
        ],
        validate_choice=False,
    )
    present_living_space = AmountField("Boarea", LIVING_SPACE.maximum, LIVING_SPACE.unit)
    present_rooms = AmountField("Antal rum", ROOMS.maximum, ROOMS.unit)
    present_price = AmountField("Ungefärligt värde", PRICE.maximum, PRICE.unit)
    present_other = free_text_field("Övrigt om ditt boende")
    # Offered only when VALUATION_TASK_ID is set; the mapping ignores it otherwise.
    valuation = BooleanField("Ja, kontakta mig om en kostnadsfri värdering")

    consent = BooleanField(
        "Samtycke",
        validators=[
            InputRequired(message="Du behöver samtycka för att vi ska kunna ta emot din anmälan.")
        ],
    )
    wish_advertising = BooleanField("Jag vill få nyheter och erbjudanden")

    # Cross-field messages; the staff form speaks of the person instead.
    contact_missing = CONTACT_MISSING

    def contact_fields(self) -> tuple:
        """The fields of which Vitec needs at least one."""
        return (self.email, self.cell_phone, self.home_phone)

    @staticmethod
    def area_choices(choices: list[tuple[str, str]]) -> list[SelectChoice]:
        """These (id, name) areas as the form's choices."""
        return [SelectChoice(value, label) for value, label in choices]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        ok &= self._check_person()
        ok &= self._check_wishes()
        return ok

    def _check_person(self) -> bool:
        """The rules across the person's fields: a listed present home, a way to be reached."""
        ok = True
        if self.present_estate_type.data not in {"", None, *ESTATE_TYPE_LABELS}:
            self.present_estate_type.errors.append("Välj en typ av bostad i listan.")
            ok = False
        if not any(f.errors or f.data for f in self.contact_fields()):
            # The rule belongs to no single field: shown with its hint above the fields.
            self.form_errors.append(self.contact_missing)
            ok = False
        return ok

    def _check_wishes(self) -> bool:
        """The rules across the wishes: an area, a housing type, ranges that rise."""
        ok = True
        if not self.areas.data:
            self.areas.errors.append("Välj minst ett område.")
            ok = False
        if not self.housing_types.data:
            self.housing_types.errors.append("Välj minst en typ av bostad.")
            ok = False
        for wished in RANGES:
            low, high = self[f"{wished.name}_min"], self[f"{wished.name}_max"]
            if low.amount is not None and high.amount is not None and low.amount > high.amount:
                high.errors.append("Det högsta värdet kan inte vara lägre än det lägsta.")
                ok = False
        return ok

    def wish(self) -> Wish:
        """What the person wishes for, as plain data."""
        return Wish(
            area_ids=tuple(self.areas.data),
            housing_flags=tuple(self.housing_types.data),
            ranges={
                r.name: (self[f"{r.name}_min"].amount, self[f"{r.name}_max"].amount) for r in RANGES
            },
            special_request=self.special_request.data or "",
        )

    def answers(self) -> Answers:
        """The validated answers as plain data for the mapping."""
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
            wish=self.wish(),
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
