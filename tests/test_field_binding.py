"""The forms bind their fields once per process: each form still gets fields of its own."""

from __future__ import annotations

import gc

from werkzeug.datastructures import MultiDict
from wtforms import Form, FormField, SelectChoice, StringField
from wtforms.csrf.session import SessionCSRF
from wtforms.datalist import DataList

from app.intake import field_binding
from app.intake.field_binding import ReusedFields
from app.intake.forms import InterestForm
from app.intake.staff_forms import StaffInterestForm

POSTED = MultiDict(
    {
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": "inte-en-adress",
        "price_max": "3,5 milj",
        "areas": "OMR-SOD",
    }
)


def test_a_second_form_binds_no_field_anew(monkeypatch):
    monkeypatch.setattr(field_binding, "_PROTOTYPES", {})
    InterestForm()
    built = []
    original = StringField.__init__

    def counting(self, *args, **kwargs):
        built.append(kwargs.get("name"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(StringField, "__init__", counting)
    form = InterestForm(POSTED)
    assert built == []
    assert form.first_name.data == "Åsa"
    assert form.first_name.label.text == "Förnamn"
    assert form.first_name.id == "first_name"


def test_each_form_has_fields_and_state_of_its_own():
    first = InterestForm(POSTED)
    first.areas.choices = [SelectChoice("OMR-SOD", "Södermalm")]
    assert first.validate() is False
    assert first.email.errors
    assert first.price_max.amount == 3_500_000
    first.email.flags.marked = True
    first.housing_types.choices.append(SelectChoice("slott", "Slott"))

    second = InterestForm()
    assert second.first_name.data == ""
    assert second.email.errors == ()
    assert second.price_max.amount is None
    assert second.areas.choices == []
    assert second.email.flags.marked is None
    assert "slott" not in [choice.value for choice in second.housing_types.choices]
    for name in ("first_name", "email", "areas", "price_max", "consent"):
        assert second[name]._form is second
        assert second[name].meta is second.meta
        assert second[name] is not first[name]
        assert second[name].flags is not first[name].flags


class Sample(Form):
    class Meta(ReusedFields):
        pass

    name = StringField("Namn", render_kw={"autocomplete": "name"})


def test_attributes_given_at_binding_are_copied_not_shared():
    first = Sample()
    first.name.render_kw["data-marked"] = "ja"
    assert Sample().name.render_kw == {"autocomplete": "name"}


def test_a_prefix_gives_fields_of_their_own_names():
    InterestForm()
    assert InterestForm(prefix="ny").first_name.name == "ny-first_name"
    assert InterestForm().first_name.name == "first_name"


def test_a_form_in_a_field_and_a_csrf_token_are_bound_anew_for_each_form():
    class Address(Form):
        street = StringField("Gatuadress")

    class WithParts(Form):
        class Meta(ReusedFields):
            csrf = True
            csrf_class = SessionCSRF
            csrf_secret = b"k" * 32

        address = FormField(Address)

    first = WithParts(MultiDict({"address-street": "Storgatan 1"}), meta={"csrf_context": {}})
    kept = len(field_binding._PROTOTYPES)
    second = WithParts(meta={"csrf_context": {}})
    assert len(field_binding._PROTOTYPES) == kept
    assert second.address.form is not first.address.form
    assert second.address.street.data is None
    assert first.csrf_token.csrf_impl is first._csrf
    assert second.csrf_token.csrf_impl is second._csrf


def test_the_staff_form_keeps_its_own_fields_beside_the_buyers():
    buyer, staff = InterestForm(), StaffInterestForm()
    # e-mail is declared once, on the buyer's form, and inherited by the staff form.
    assert type(staff.email.meta) is type(staff.meta)
    assert staff.email is not buyer.email
    assert staff.email._form is staff
    staff.email.label.text = "Kundens e-post"
    assert InterestForm().email.label.text == "E-post"
    assert StaffInterestForm().email.label.text == "E-post"


class English(InterestForm):
    class Meta:
        locales = ("en",)


def test_forms_with_other_translations_get_fields_bound_with_them():
    swedish, english = InterestForm(), English()
    assert english.email._translations is not swedish.email._translations
    assert English().email._translations is english.email._translations


class Twice(Form):
    class Meta(ReusedFields):
        pass

    street = home = StringField("Adress")


def test_one_field_declared_under_two_names_gets_each_name():
    Twice()
    form = Twice()
    assert (form.street.name, form.home.name) == ("street", "home")


def test_a_field_with_a_datalist_is_bound_anew_for_each_form():
    class Suggested(Form):
        class Meta(ReusedFields):
            pass

        city = StringField("Ort")
        street = StringField(
            "Gatuadress",
            datalist=DataList(lambda form, field: [f"{form.city.data} centrum"]),
        )

    first = Suggested(MultiDict({"city": "Malmö"}))
    second = Suggested(MultiDict({"city": "Umeå"}))
    assert "Malmö centrum" in str(first.street.datalist())
    assert "Umeå centrum" in str(second.street.datalist())


def test_forms_that_would_each_need_fields_of_their_own_stop_adding_prototypes(monkeypatch):
    monkeypatch.setattr(field_binding, "_PROTOTYPES", {})
    monkeypatch.setattr(field_binding, "MAX_PROTOTYPES", 40)
    for number in range(5):
        form = InterestForm(MultiDict({f"f{number}-first_name": "Åsa"}), prefix=f"f{number}")
        assert form.first_name.data == "Åsa"
    assert len(field_binding._PROTOTYPES) == 40


def test_no_kept_field_holds_on_to_a_posted_form(monkeypatch):
    # The first form of a process is the one its fields are bound with.
    monkeypatch.setattr(field_binding, "_PROTOTYPES", {})
    InterestForm(MultiDict({"first_name": "Kvarhållen"}))
    gc.collect()
    lingering = [
        form
        for form in gc.get_objects()
        if isinstance(form, InterestForm) and form.first_name.data == "Kvarhållen"
    ]
    assert lingering == []
