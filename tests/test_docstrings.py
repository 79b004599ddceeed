"""The statistics and the desk's modules say in one line what each public function does."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTED = sorted(
    [
        *(ROOT / "app" / "insight").glob("*.py"),
        *(ROOT / "app" / "web" / "staff").glob("desk*.py"),
        *(
            ROOT / "app" / "web" / "staff" / name
            for name in (
                "statistics.py",
                "receipt_status.py",
                "vitec_fields.py",
                "auth_forms.py",
                "blueprint.py",
                "auth.py",
                "detail.py",
                "entry.py",
                "correction.py",
                "erase.py",
                "audit_log.py",
            )
        ),
        ROOT / "app" / "web" / "buyer" / "counting.py",
        ROOT / "app" / "mail" / "alarms.py",
        ROOT / "app" / "outbox" / "states.py",
    ]
)
# Every listed file exists: a move must take the list along.
assert all(path.exists() for path in DOCUMENTED)


def undocumented(tree: ast.AST, prefix: str = "") -> list[str]:
    """Public functions and methods (properties too) without a docstring."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not node.name.startswith("_") and ast.get_docstring(node) is None:
                found.append(f"{prefix}{node.name} (line {node.lineno})")
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            found.extend(undocumented(node, f"{node.name}."))
    return found


@pytest.mark.parametrize("path", DOCUMENTED, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_public_function_has_a_docstring(path):
    assert undocumented(ast.parse(path.read_text(encoding="utf-8"))) == []
