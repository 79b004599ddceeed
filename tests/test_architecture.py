"""The layout's one-way flow, checked on the source: web -> intake -> delivery -> vitec, the
sandbox outside the product, nothing below web reaching for Flask's app or the services."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each room of app/ may import from app/ (besides itself): a package, or one module of
# one. The root (create_app, the CLI and its Swedish) and wiring (the composition root) may
# import anything.
# The flow: web -> intake -> mail -> outbox -> vitec, with core (and settings) under all.
ALLOWED = {
    "app.core": set(),
    "app.vitec": set(),
    # The settings are read into Vitec's offices and the SMTP server the mail goes through;
    # HOUSING_TYPES is checked against Vitec's housing flags.
    "app.settings": {"app.core", "app.vitec.offices", "app.vitec.payload", "app.mail.smtp"},
    # An erase takes the person's unsent e-mail with it, in the same transaction.
    "app.outbox": {"app.core", "app.vitec", "app.mail.queue"},
    # The receipt is written from the typed answers; the alarm reads the outbox row.
    "app.mail": {"app.core", "app.vitec", "app.outbox", "app.intake.mapping"},
    "app.staff": {"app.core"},
    "app.insight": {"app.core", "app.vitec", "app.outbox"},
    "app.intake": {"app.core", "app.vitec", "app.outbox", "app.mail"},
    "app.web": {
        "app.core",
        "app.vitec",
        "app.outbox",
        "app.mail",
        "app.staff",
        "app.insight",
        "app.intake",
        "app.wiring",
        "app.settings.typed",  # the settings, read as typed attributes
    },
}
ROOT_MODULES = {"app", "app.__main__", "app.cli", "app.cli_swedish", "app.command_line"}
TOP = {"app.wiring", *ROOT_MODULES}
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
    return ".".join(parts[:2]) if parts[0] == "app" and len(parts) > 1 else module


def allowed(target: str, rules: set[str]) -> bool:
    """A module may be imported when its package, or the module itself, is in the rules."""
    return any(target == rule or target.startswith(rule + ".") for rule in rules)


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


MODULES = {module_name(p): imports(p) for p in sources("app")}


def real(name: str) -> bool:
    """A module of ours that exists (an imported name like app.outbox.enqueue is not)."""
    return name in MODULES


def test_every_module_of_app_has_a_room():
    rooms = {*ALLOWED, *TOP}
    homeless = [m for m in MODULES if m not in ROOT_MODULES and package_of(m) not in rooms]
    assert homeless == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(package):
    wrong = []
    for module, found in MODULES.items():
        if package_of(module) != package:
            continue
        names = {name for name, _ in found}
        for name in sorted(names):
            # `from app import outbox` names app and app.outbox: only the module counts. But
            # `from app.outbox import enqueue` (a name the package re-exports) or `from app
            # import create_app` is an import of that package itself.
            specific = any(other.startswith(name + ".") and real(other) for other in names)
            ours = name.split(".")[0] == "app" and real(name) and not specific
            if ours and package_of(name) != package and not allowed(name, ALLOWED[package]):
                wrong.append(f"{module} imports {name}")
            root = name.split(".")[0]
            if package != "app.web" and (
                root in FRAMEWORK
                or (root.startswith("flask") and root not in FRAMEWORK_ALLOWED.get(package, set()))
            ):
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_no_cycle_among_the_modules():
    graph = {}
    for module, found in MODULES.items():
        names = {name for name, nested in found if real(name) and not nested}
        # `from app import outbox` names the package app and the module app.outbox: only the latter
        graph[module] = {
            n
            for n in names
            if n != module and not any(o.startswith(n + ".") and real(o) for o in names)
        }
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
        if package_of(module) in ALLOWED and package_of(module) != "app.web":
            banned = [n for n, _ in found if n.startswith(("app.wiring", "app.web", "app.cli"))]
            assert banned == [], module


def test_settings_are_read_as_typed_attributes_outside_the_settings_module():
    from app.settings.declarations import SETTINGS

    names = {setting.name for setting in SETTINGS} | {"OFFICES", "MAIL_SERVER", "MAIL_ENABLED"}
    by_string = re.compile(r"""config(?:\[|\.get\()\s*["']([A-Z0-9_]+)["']""")
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sources("app")
        if "settings" not in path.relative_to(ROOT).parts
        for name in by_string.findall(path.read_text(encoding="utf-8"))
        if name in names
    ]
    assert found == []


def test_the_sandbox_never_re_enters_its_own_half_imported_package():
    inside = [
        f"{path.name} imports {name}"
        for path in sources("sandbox")
        if path.name != "__init__.py"
        for name, _ in imports(path)
        if name == "sandbox"
    ]
    assert inside == []
