"""Mutation testing of the modules that guard data and money (`make mutate`).

Each module is run on its own, in a scratch copy of the repository under .mutate/, with mutmut
told to mutate only that module and to run only that module's test files: the whole suite per
mutant would never finish. The outcome of every module run is kept in docs/mutation.json and
written out as docs/mutation.md: per module the mutants made, caught and left, and each
survivor, with the reason when it is left on purpose. The modules, their test files and the
survivors left on purpose are listed in scripts/mutation_plan.py.

The browser and Redis tests stay out of the mutant runs. The PostgreSQL tests run only for the
modules with PostgreSQL-only code (ON_POSTGRESQL: row locks, the receipt cap's advisory lock),
on one throwaway server this script starts (tests/services.py) and hands to the tests through
TEST_POSTGRES_SERVER: each mutant's test session then takes a fresh database on it.

    python scripts/mutate.py                      every module
    python scripts/mutate.py app/outbox/queue.py  only these (the others keep their last result)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from mutation_plan import LEFT_ON_PURPOSE, MODULES, ON_POSTGRESQL  # beside this script

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutate"
RESULTS = ROOT / "docs" / "mutation.json"
REPORT = ROOT / "docs" / "mutation.md"
MUTMUT = Path(sys.executable).parent / "mutmut"

# What the scratch copy leaves out.
NOT_COPIED = {".git", ".venv", ".mutate", "mutants", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def slug(module: str) -> str:
    """A directory name for a module's scratch copy."""
    return module.removesuffix(".py").replace("/", ".")


def toml_value(value: object) -> str:
    """A value of the [tool.mutmut] table written as TOML (strings, numbers, flags, lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def pyproject_for(module: str) -> str:
    """The repository's pyproject.toml with [tool.mutmut] narrowed to one module and its tests."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    settings = dict(tomllib.loads(text)["tool"]["mutmut"])
    settings["only_mutate"] = [module]
    settings["pytest_add_cli_args_test_selection"] = MODULES[module]
    if module in ON_POSTGRESQL:  # let the PostgreSQL tests in (`-k "not postgres and …"`)
        args = list(settings["pytest_add_cli_args"])
        args[args.index("-k") + 1] = "not redis"
        settings["pytest_add_cli_args"] = args
    kept = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    lines = [f"{key} = {toml_value(value)}" for key, value in settings.items()]
    return kept.rstrip() + "\n\n[tool.mutmut]\n" + "\n".join(lines) + "\n"


def fresh_copy(module: str) -> Path:
    """A scratch copy of the working tree for one module's run, without an earlier run's
    mutants (results from tests since changed would be stale)."""
    target = SCRATCH / slug(module)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name in NOT_COPIED:
            continue
        if entry.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "out", "instance")
            shutil.copytree(entry, target / entry.name, ignore=ignore)
        else:
            shutil.copy2(entry, target / entry.name)
    (target / "pyproject.toml").write_text(pyproject_for(module), "utf-8")
    return target


def mutmut(workdir: Path, *args: str, log=None, env: dict[str, str] | None = None) -> str:
    """Run mutmut in a module's scratch copy (with these variables set); its output."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    result = subprocess.run(  # noqa: S603 - our own venv's mutmut, fixed arguments
        [str(MUTMUT), *args],
        cwd=workdir,
        env=env,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return result.stdout or ""


# `mutmut show` for many mutants in one process (one start-up instead of one per mutant).
_DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
print(json.dumps({name: get_diff_for_mutant(name) for name in sys.argv[1:]}))
"""


def diffs_of(workdir: Path, names: list[str]) -> dict[str, str]:
    """Each named mutant's diff against the original source."""
    if not names:
        return {}
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code, mutant names
        [sys.executable, "-c", _DIFFS, *names],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def changed_lines(diff: str) -> str:
    """The lines a mutant changed, as '- old / + new'."""
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-")]
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+")]
    removed = [line for line in removed if not line.startswith("--")]
    added = [line for line in added if not line.startswith("++")]
    return f"`{' '.join(removed)}` → `{' '.join(added)}`"


def run_module(module: str, children: int, env: dict[str, str]) -> dict:
    """Mutate one module and run its tests against each mutant; the counts and survivors."""
    workdir = fresh_copy(module)
    started = time.monotonic()
    with (workdir / "mutmut.log").open("w") as log:
        mutmut(workdir, "run", "--max-children", str(children), log=log, env=env)
    return collect(module, round(time.monotonic() - started))


def collect(module: str, seconds: int | None = None) -> dict:
    """The outcome of the last run in a module's scratch copy."""
    workdir = SCRATCH / slug(module)
    statuses: dict[str, str] = {}
    for line in mutmut(workdir, "results", "--all", "true").splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            statuses[name] = status
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    left = sorted(name for name, status in statuses.items() if status not in CAUGHT)
    diffs = diffs_of(workdir, left)
    survivors = [
        {"name": name, "status": statuses[name], "change": changed_lines(diffs[name])}
        for name in left
    ]
    return {
        "module": module,
        "tests": MODULES[module],
        "mutants": len(statuses),
        "counts": counts,
        "survivors": survivors,
        "seconds": seconds,
        "ran_at": datetime.fromtimestamp((workdir / "mutmut.log").stat().st_mtime, UTC).strftime(
            "%Y-%m-%d %H:%M UTC"
        ),
    }


CAUGHT = ("killed", "timeout", "segfault")


def score(result: dict) -> tuple[int, int, int]:
    """(caught, left on purpose, made): caught counts killed and timed-out mutants."""
    counts = result["counts"]
    caught = sum(counts.get(status, 0) for status in CAUGHT)
    on_purpose = sum(1 for s in result["survivors"] if s["name"] in LEFT_ON_PURPOSE)
    return caught, on_purpose, result["mutants"]


def percent(part: int, whole: int) -> str:
    """A share as a whole percent ('–' of nothing)."""
    return f"{100 * part / whole:.0f} %" if whole else "–"


def render(results: dict[str, dict]) -> str:
    """The written result: a table per module, then each module's survivors."""
    out = [
        "# Mutation testing",
        "",
        "Generated by `make mutate` (scripts/mutate.py, mutmut 3): each module below is mutated",
        "on its own and only its own test files run against each mutant. *Caught* counts the",
        "mutants a test failed on (or that timed out); a survivor left on purpose (an equivalent",
        "mutant: the same behaviour) is listed with why; *Caught %* is caught of all made, the",
        "*Score* counts caught and left-on-purpose mutants against all made. The modules with",
        "PostgreSQL-only code (row locks, the receipt cap's advisory lock) also meet their",
        "PostgreSQL tests, on one throwaway server the run starts itself; the others run on",
        "SQLite only. Browser and Redis tests stay out.",
        "",
        "Run: `make mutate` (all modules) or `make mutate MODULES=app/outbox/queue.py`.",
        "",
        "| Module | Tests | Made | Caught | Left on purpose | Not caught | Caught % | Score |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for module in MODULES:
        result = results.get(module)
        if result is None:
            out.append(f"| `{module}` | – | not run yet | | | | | |")
            continue
        caught, on_purpose, made = score(result)
        tests = ", ".join(f"`{t.removeprefix('tests/')}`" for t in result["tests"])
        if not made:
            out.append(
                f"| `{module}` | – | 0 | | | | | no function to mutate (mutmut 3 mutates"
                f" function bodies); its tables are checked by {tests} |"
            )
            continue
        tests += ", also on PostgreSQL" if module in ON_POSTGRESQL else ""
        missed = made - caught - on_purpose
        out.append(
            f"| `{module}` | {tests} | {made} | {caught} | {on_purpose} | {missed} | "
            f"{percent(caught, made)} | {percent(caught + on_purpose, made)} |"
        )
    out.append("")
    for module in MODULES:
        result = results.get(module)
        if not result or not result["survivors"]:
            continue
        took = f", {result['seconds']} s" if result["seconds"] else ""
        out += [f"## `{module}`", "", f"Run {result['ran_at']}{took}.", ""]
        for survivor in result["survivors"]:
            name = survivor["name"].rpartition(".")[2]
            why = LEFT_ON_PURPOSE.get(survivor["name"])
            verdict = f"left on purpose: {why}" if why else f"**not caught** ({survivor['status']})"
            out.append(f"- `{name}` {survivor['change']}: {verdict}")
        out.append("")
    return "\n".join(out)


def main() -> int:
    """Run the named modules (default: all), keep their results and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="module", help="default: every module")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--report-only", action="store_true", help="rewrite the report only")
    parser.add_argument(
        "--collect", action="store_true", help="read the modules' last runs in .mutate/ again"
    )
    args = parser.parse_args()
    unknown = [module for module in args.modules if module not in MODULES]
    if unknown:
        parser.error(f"not among the modules: {', '.join(unknown)}")
    if not args.report_only:
        with contextlib.ExitStack() as stack:
            server: dict[str, str] = {}  # started for the first module that needs it
            for module in args.modules or list(MODULES):
                print(f"mutating {module} …", flush=True)
                if args.collect:
                    result = collect(module)
                else:
                    if module in ON_POSTGRESQL and not server:
                        server = postgres(stack)
                    env = server if module in ON_POSTGRESQL else {}
                    result = run_module(module, args.children, env)
                caught, on_purpose, made = score(result)
                print(f"  {made} made, {caught} caught, {on_purpose} left on purpose", flush=True)
                keep(result)
    REPORT.write_text(render(load()), "utf-8")
    return 0


def postgres(stack: contextlib.ExitStack) -> dict[str, str]:
    """A throwaway PostgreSQL server started the tests' own way, stopped when `stack` closes;
    the variable that hands it to the tests."""
    sys.path.insert(0, str(ROOT))
    from tests.services import SHARED_POSTGRES, postgres_server

    address = stack.enter_context(postgres_server())
    print(f"  PostgreSQL for the mutant runs at {address}", flush=True)
    return {SHARED_POSTGRES: address}


def load() -> dict[str, dict]:
    """Every module's last result."""
    return json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}


def keep(result: dict) -> None:
    """Store one module's result beside the others (read afresh: another run may have added
    its own meanwhile)."""
    results = load()
    results[result["module"]] = result
    ordered = {module: results[module] for module in MODULES if module in results}
    RESULTS.write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    sys.exit(main())
