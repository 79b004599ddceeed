"""Typed models of Vitec's interest payloads (InterestAndContactOnArea and
InterestOnEstateAndContact) and their documented limits."""

from __future__ import annotations

from typing import Literal, TypedDict

ObtainThrough = Literal["Interest", "Phone", "Visit", "Agreement", "Other", "Email", "NotAsked"]
EstateType = Literal[
    "House",
    "RowHouse",
    "HousingCooperative",
    "Cottage",
    "Plot",
    "AgricultureProperty",
    "Tenancy",
    "OtherHousing",
    "CommercialProperty",
    "Condominium",
]
Watched = Literal["Yes", "No", "NotAsked"]

OBTAIN_THROUGH: tuple[str, ...] = ObtainThrough.__args__
ESTATE_TYPES: tuple[str, ...] = EstateType.__args__
WATCHED: tuple[str, ...] = Watched.__args__

# Housing-type flags of a LookingForAccommodation, in the order the form shows them.
HOUSING_FLAGS: tuple[str, ...] = (
    "house",
    "rowHouse",
    "housingCooperative",
    "cottage",
    "plot",
    "farm",
    "premises",
    "tenancy",
    "foreignProperty",
    "otherHousing",
)

# The estate classes (EstateClassType) an increased requirement names in validForTypes, per
# housing-type flag of a wish. Vitec publishes no such mapping; this is our reading of the names
# (a radhus is a house to Vitec's estate classes; tenancy and "other" have no estate class).
FLAG_ESTATE_CLASSES: dict[str, frozenset[str]] = {
    "house": frozenset({"House"}),
    "rowHouse": frozenset({"House"}),
    "housingCooperative": frozenset({"HousingCooperative", "Condominium"}),
    "cottage": frozenset({"Cottage"}),
    "plot": frozenset({"Plot"}),
    "farm": frozenset({"Farm"}),
    "premises": frozenset({"Premises", "CommercialProperty"}),
    "tenancy": frozenset(),
    "foreignProperty": frozenset({"ForeignProperty", "Foreignproperty"}),
    "otherHousing": frozenset(),
}


# The small models (Vitec's names and spellings: longitud, latitud).
class Range(TypedDict, total=False):
    min: float
    max: float


class Coordinate(TypedDict):
    longitud: float
    latitud: float


class Address(TypedDict, total=False):
    streetAddress: str
    zipCode: str
    city: str
    countryCode: str


class Email(TypedDict, total=False):
    emailAddress: str
    emailAddress2: str


class Task(TypedDict, total=False):
    predefinedTaskId: str
    note: str
    estateId: str
    assignedTo: str


class CustomField(TypedDict, total=False):
    name: str
    value: str


class UpdatePerson(TypedDict, total=False):
    firstName: str
    lastName: str
    socialSecurityNumber: str
    isForeignSocialSecurityNumber: bool
    telePhone: str
    workPhone: str
    cellPhone: str
    approval: bool
    approvalDate: str
    gdprApprovalDate: str
    obtainThrough: ObtainThrough
    contactId: str
    customerId: str
    categoryIds: list[str]
    address: Address
    email: Email
    userId: str
    otherPhone: str
    wishAdvertising: bool
    note: str
    coordinate: Coordinate
    task: Task
    customField: CustomField
    leadScore: int


class LookingForAccommodation(TypedDict, total=False):
    id: str
    areaIds: list[str]
    countys: list[str]
    countryCode: str
    polygon: list[Coordinate]
    foreignProperty: bool
    house: bool
    rowHouse: bool
    housingCooperative: bool
    cottage: bool
    premises: bool
    plot: bool
    farm: bool
    tenancy: bool
    otherHousing: bool
    livingSpace: Range
    numberOfRooms: Range
    price: Range
    plotArea: Range
    specialRequset: str
    increasedRequirementIDs: list[str]
    active: bool


class PresentAccommodation(TypedDict, total=False):
    estateType: EstateType
    livingSpace: float
    numberOfRooms: float
    price: float
    other: str
    coordinate: Coordinate


class InterestAndContactOnArea(TypedDict, total=False):
    updatePerson: UpdatePerson
    lookingForAccommodations: list[LookingForAccommodation]
    presentAccommodation: PresentAccommodation
    notifyUser: bool
    watched: Watched


class InterestOnEstateAndContact(TypedDict, total=False):
    """Interest in one home for sale; updatePerson and estateId are required (estateId max 40)."""

    updatePerson: UpdatePerson
    estateId: str
    presentAccommodation: PresentAccommodation
    interestNote: str
    notifyUser: bool


ESTATE_ID_MAX = 40
