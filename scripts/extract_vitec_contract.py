"""Extract the parts of Vitec Connect's Swagger 2.0 description this service uses.

Usage: python scripts/extract_vitec_contract.py SWAGGER_JSON [OUTPUT_JSON]

Writes the ten paths the service calls and every definition they reference, verbatim,
plus a separately labelled overlay of what is newer than the 2020 description (from Vitec's
help page). OUTPUT_JSON defaults to tests/fixtures/vitec_connect_contract.json.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "tests" / "fixtures" / "vitec_connect_contract.json"

PATHS = (
    "/Interest/SendInterestAndContactOnArea",
    "/Area/GetAreas",
    "/Municipality",
    "/User/GetUser",
    "/Task/GetTasks",
    "/Category/GetCategories",
    "/IncreasedRequirement/{customerId}",
    "/Interest/SendInterestAndContactOnEstate",
    "/Estate/GetEstateList",
    "/Viewing/{customerId}/{estateId}",
)
# Paths of which the service uses only some methods (viewings are read, never created).
ONLY_METHODS = {"/Viewing/{customerId}/{estateId}": ("get",)}
REF_PREFIX = "#/definitions/"

# EstateClassType as the 2020 description spells it (e.g. on
# Contact.Models.IntrestOnObject.estateType), plus the help page's spelling "ForeignProperty".
ESTATE_CLASS_TYPES_2020 = [
    "House",
    "HousingCooperative",
    "Cottage",
    "Plot",
    "Project",
    "Farm",
    "CommercialProperty",
    "Condominium",
    "Foreignproperty",
    "Premises",
]

OVERLAY: dict[str, Any] = {
    "note": (
        "NOT part of the 2020 description. Newer keys and limits stated in Vitec's help page "
        "for POST Interest/SendInterestAndContactOnArea (Dokumentation för API-funktioner) and "
        "in the project's notes on Vitec (shared/vitec-connect/README.md). The validators add "
        "'properties' as allowed keys of the named definition and replace 'maxLength'."
    ),
    "properties": {
        "Update.Contact.UpdatePerson": {
            "isForeignSocialSecurityNumber": {
                "description": "Utländskt personnummer (help page sample: true)",
                "type": "boolean",
            }
        },
        "Interest.Models.InterestAndContactOnArea": {
            "watched": {
                "description": "Ska matchas/bevakas (MatchingWatched)",
                "enum": ["Yes", "No", "NotAsked"],
                "type": "string",
            }
        },
        "IncreasedRequirement.Models.IncreasedRequirement": {
            "validForTypes": {
                "description": (
                    "EstateClassType names the requirement applies to. Both spellings of "
                    "foreign property are accepted: 'Foreignproperty' (the 2020 enum) and "
                    "'ForeignProperty' (the help page)."
                ),
                "type": "array",
                "items": {
                    "type": "string",
                    "enum": [*ESTATE_CLASS_TYPES_2020, "ForeignProperty"],
                },
            }
        },
    },
    "maxLength": {
        "Update.Contact.UpdatePerson": {
            "socialSecurityNumber": {
                "value": 20,
                "note": "20 per the help page and the project's notes; 15 in the 2020 description",
            }
        }
    },
}


def referenced(node: Any, definitions: dict[str, Any], found: dict[str, Any]) -> None:
    """Collect every definition `node` references, following references transitively."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                name = value[len(REF_PREFIX) :]
                if name not in found:
                    found[name] = definitions[name]
                    referenced(definitions[name], definitions, found)
            else:
                referenced(value, definitions, found)
    elif isinstance(node, list):
        for item in node:
            referenced(item, definitions, found)


def _methods(path: str, operations: dict[str, Any]) -> dict[str, Any]:
    """The path's operations the service uses (all, unless ONLY_METHODS names some)."""
    wanted = ONLY_METHODS.get(path)
    return {m: op for m, op in operations.items() if wanted is None or m in wanted}


def extract(swagger_bytes: bytes) -> dict[str, Any]:
    """The contract fixture for the given Swagger document."""
    swagger = json.loads(swagger_bytes)
    paths = {path: _methods(path, swagger["paths"][path]) for path in PATHS}
    found: dict[str, Any] = {}
    referenced(paths, swagger["definitions"], found)
    return {
        "source": {
            "title": swagger["info"]["title"],
            "host": swagger["host"],
            "format": f"Swagger {swagger['swagger']}",
            "lastChanged": "2020",
            "public": True,
            "foundIn": {
                "repository": "aarrgard/solidrpc",
                "path": "SolidRpc.Test.Vitec/SolidRpc.Test.Vitec.json",
            },
            "sha256": hashlib.sha256(swagger_bytes).hexdigest(),
            "extractedBy": "scripts/extract_vitec_contract.py",
            "extract": "the paths below and every definition they reference, verbatim",
        },
        "swagger": swagger["swagger"],
        "info": swagger["info"],
        "host": swagger["host"],
        "securityDefinitions": swagger.get("securityDefinitions", {}),
        "paths": paths,
        "definitions": dict(sorted(found.items())),
        "overlay": OVERLAY,
    }


def main(argv: list[str]) -> int:
    """Read the Swagger file named on the command line and write the fixture."""
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUTPUT
    contract = extract(Path(argv[1]).read_bytes())
    text = json.dumps(contract, indent=2, ensure_ascii=False) + "\n"
    output.write_text(text, encoding="utf-8")
    print(f"{output}: {len(contract['paths'])} paths, {len(contract['definitions'])} definitions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
