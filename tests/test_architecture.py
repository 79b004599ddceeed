"""The layout's one-way flow, checked on the source: web -> intake -> delivery -> vitec, the
sandbox outside the product, nothing below web reaching for Flask's app or the services."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each package of app/ may import from app/ (besides itself).
ALLOWED = {
    "app.vitec": set(),
    "app.delivery": {"app.vitec"},
    "app.intake": {"app.delivery", "app.vitec"},
    "app.staff": {"app.delivery"},
    "app.insight": {"app.delivery", "app.vitec"},
}
# Below web nothing imports Flask (so no current_app, no request); staff only its login mixin.
FRAMEWORK = ("flask", "flask_wtf", "flask_limiter")
FRAMEWORK_ALLOWED = {"app.staff": {"flask_login"}}
# Only the composition root and the CLI start the sandbox, and only inside a function.
SANDBOX_USERS = {"app.wiring.services", "app.cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, imported inside a function) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    found = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append((base, inner))
                found.extend((f"{base}.{alias.name}", inner) for alias in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


def package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "app" and len(parts) > 2 else module


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


MODULES = {module_name(p): imports(p) for p in sources("app")}


def real(name: str) -> bool:
    """A module of ours that exists (an imported name like app.outbox.enqueue is not)."""
    return name in MODULES


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(package):
    wrong = []
    for module, found in MODULES.items():
        if package_of(module) != package:
            continue
        for name, _ in found:
            target = package_of(name)
            if name.startswith("app") and real(name) and target not in {package, *ALLOWED[package]}:
                wrong.append(f"{module} imports {name}")
            root = name.split(".")[0]
            if root in FRAMEWORK or (
                root.startswith("flask") and root not in FRAMEWORK_ALLOWED.get(package, set())
            ):
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_no_cycle_among_the_packages():
    graph: dict[str, set[str]] = {}
    for module, found in MODULES.items():
        edges = graph.setdefault(package_of(module), set())
        edges.update(
            package_of(name)
            for name, _ in found
            if real(name) and package_of(name) != package_of(module)
        )
    state: dict[str, int] = {}

    def cycle_from(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in state and (found := cycle_from(nxt, [*path, node])):
                return found
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            assert cycle_from(node, []) is None


def test_the_sandbox_is_outside_the_product_and_started_only_when_asked_for():
    for module, found in MODULES.items():
        for name, nested in found:
            if name.split(".")[0] == "sandbox":
                assert module in SANDBOX_USERS and nested, f"{module} imports {name}"
    for path in sources("sandbox"):
        assert not [n for n, _ in imports(path) if n.split(".")[0] == "app"], path


def test_nothing_below_web_reaches_for_the_services_or_the_web():
    for module, found in MODULES.items():
        if package_of(module) in ALLOWED:
            banned = [
                n for n, _ in found if n.startswith(("app.wiring.services", "app.web", "app.cli"))
            ]
            assert banned == [], module
