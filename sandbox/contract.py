"""Vitec Connect's published description (the contract fixture) as strict JSON-Schema validators.

The fixture holds, verbatim, the paths this service calls and the definitions they reference,
from Vitec's Swagger 2.0 description (2020), plus a labelled overlay of newer keys from Vitec's
help page. The validators are strict: no object may carry a key its definition lacks.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

# The sandbox is a dev/test tool run from the repository, so it reads the test fixture.
FIXTURE = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "vitec_connect_contract.json"
)
BASE_URI = "urn:vitec-connect:2020"
LOCAL_REF = "#/definitions/"

JsonPath = tuple[str | int, ...]

FORMAT_CHECKER = FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time", raises=(TypeError, ValueError))
def _is_date_time(value: object) -> bool:
    # Vitec is an ASP.NET service: it reads any ISO 8601 date-time, with or without offset.
    if isinstance(value, str):
        datetime.fromisoformat(value)
    return True


@cache
def contract() -> dict[str, Any]:
    """The contract fixture as loaded from tests/fixtures (read once)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _strict(schema: dict[str, Any], name: str | None = None) -> None:
    """Forbid unknown keys on every object schema, walking properties and array items."""
    if name is not None:
        schema.setdefault("title", name)
    properties = schema.get("properties")
    if properties is not None or schema.get("type") == "object":
        schema["additionalProperties"] = False
    for child in (properties or {}).values():
        _strict(child)
    if isinstance(schema.get("items"), dict):
        _strict(schema["items"])


@cache
def definitions() -> dict[str, Any]:
    """Every definition of the contract, strict, with the overlay's newer keys applied."""
    source = contract()
    result = copy.deepcopy(source["definitions"])
    overlay = source["overlay"]
    for name, extra in overlay["properties"].items():
        result[name]["properties"].update(copy.deepcopy(extra))
    for name, limits in overlay["maxLength"].items():
        for key, limit in limits.items():
            result[name]["properties"][key]["maxLength"] = limit["value"]
    for name, schema in result.items():
        _strict(schema, name)
    return result


@cache
def registry() -> Registry:
    """A referencing registry holding the strict definitions under BASE_URI."""
    document = {"id": BASE_URI, "definitions": definitions()}
    resource = Resource.from_contents(document, default_specification=DRAFT4)
    return Registry().with_resource(BASE_URI, resource)


def _absolute(node: Any) -> Any:
    """A copy of a schema whose local $refs point into the registry."""
    if isinstance(node, dict):
        return {
            key: (BASE_URI + value if key == "$ref" and value.startswith("#") else _absolute(value))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_absolute(item) for item in node]
    return node


def validator_for(schema: dict[str, Any]) -> Draft4Validator:
    """A validator for a schema that may reference the contract's definitions."""
    return Draft4Validator(_absolute(schema), registry=registry(), format_checker=FORMAT_CHECKER)


@cache
def validator(definition_name: str) -> Draft4Validator:
    """The strict validator of one definition, e.g. 'Area.Models.Area'."""
    if definition_name not in definitions():
        raise KeyError(f"{definition_name} is not in the contract")
    return validator_for({"$ref": LOCAL_REF + definition_name})


def response_schema(path: str, method: str = "get") -> dict[str, Any] | None:
    """The success response schema of a path as the description gives it (None: no body)."""
    responses = contract()["paths"][path][method]["responses"]
    for status in sorted(responses):
        if status.startswith("2"):
            return copy.deepcopy(responses[status].get("schema"))
    return None


def unknown_keys(error: ValidationError) -> list[str]:
    """The keys an additionalProperties error is about."""
    allowed = error.schema.get("properties", {})
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in instance if key not in allowed]


def missing_keys(error: ValidationError) -> list[str]:
    """The keys a required error is about."""
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in error.validator_value if key not in instance]


def _explain(errors: Iterator[ValidationError]) -> list[tuple[JsonPath, str]]:
    result: list[tuple[JsonPath, str]] = []
    for error in errors:
        path = tuple(error.absolute_path)
        model = error.schema.get("title", "the model")
        if error.validator == "additionalProperties":
            result += [
                ((*path, key), f"{key!r} is not a key of {model}") for key in unknown_keys(error)
            ]
        elif error.validator == "required":
            result += [
                ((*path, key), f"{key!r} is required by {model}") for key in missing_keys(error)
            ]
        else:
            result.append((path, error.message))
    return sorted(result, key=lambda item: [str(part) for part in item[0]])


def errors(instance: Any, definition_name: str) -> list[tuple[JsonPath, str]]:
    """Every way `instance` breaks a definition, as (JSON path, message); empty when valid."""
    return _explain(validator(definition_name).iter_errors(instance))


def response_errors(instance: Any, path: str, method: str = "get") -> list[tuple[JsonPath, str]]:
    """Every way a response body breaks the path's success response schema."""
    schema = response_schema(path, method)
    if schema is None:
        return [] if instance in (None, b"", "") else [((), "the description gives no body")]
    return _explain(validator_for(schema).iter_errors(instance))
