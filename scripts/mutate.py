"""Mutation testing of the modules that guard data and money (`make mutate`).

Each module is run on its own, in a scratch copy of the repository under .mutate/, with mutmut
told to mutate only that module and to run only that module's test files (see MODULES): the
whole suite per mutant would never finish. The outcome of every module run is kept in
docs/mutation.json and written out as docs/mutation.md: per module the mutants made, caught
and left, and each survivor, with the reason when it is left on purpose (LEFT_ON_PURPOSE).

    python scripts/mutate.py                      every module
    python scripts/mutate.py app/outbox/queue.py  only these (the others keep their last result)
"""

from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutate"
RESULTS = ROOT / "docs" / "mutation.json"
REPORT = ROOT / "docs" / "mutation.md"
MUTMUT = Path(sys.executable).parent / "mutmut"

# Module -> the test files that exercise it (only these run against its mutants).
MODULES: dict[str, list[str]] = {
    "app/intake/mapping.py": ["tests/test_mapping.py"],
    "app/vitec/payload.py": [
        "tests/test_staff.py::test_a_requirement_goes_only_with_a_housing_type_it_is_valid_for"
    ],
    "app/intake/validators.py": ["tests/test_validators.py", "tests/test_prices.py"],
    "app/outbox/changes.py": ["tests/test_outbox_guards.py", "tests/test_outbox.py"],
    "app/outbox/queue.py": ["tests/test_outbox_guards.py", "tests/test_outbox.py"],
    "app/outbox/lease.py": ["tests/test_outbox_guards.py", "tests/test_outbox.py"],
    "app/outbox/retention.py": ["tests/test_outbox_guards.py"],
    "app/core/sealing.py": ["tests/test_sealing.py", "tests/test_outbox.py"],
    "app/mail/queue.py": ["tests/test_mail_queue.py", "tests/test_mail_receipt_caps.py"],
    "app/web/security.py": ["tests/test_security_headers.py"],
    "app/staff/accounts.py": ["tests/test_staff_accounts.py"],
    "app/web/staff/session.py": ["tests/test_staff_accounts.py"],
    "app/insight/counters.py": ["tests/test_insight_counters.py"],
}

# Survivors left on purpose: mutant name -> why no test should catch it.
_HEADER = "request header names are case-insensitive (werkzeug): the same header"
LEFT_ON_PURPOSE: dict[str, str] = {
    **dict.fromkeys(
        [
            *(f"app.insight.counters.x_increments__mutmut_{n}" for n in (4, 9, 14, 27, 31, 34, 37)),
            "app.insight.counters.x_view_increments__mutmut_2",
            "app.insight.counters.x_write__mutmut_22",
            *(
                f"app.insight.counters.x\u01c1Counted\u01c1increments__mutmut_{n}"
                for n in (3, 8, 13, 21, 25, 28, 31)
            ),
        ],
        "each key is added to once in a fresh Counter (areas and types de-duplicated first):"
        " += and = give the same",
    ),
    "app.staff.accounts.x_add__mutmut_21": "select(None) with the same WHERE still finds"
    " the row or none: the same answer",
    "app.staff.accounts.x_by_session_id__mutmut_3": "both need exactly one colon between two"
    " digit runs: partition and rpartition split such an id alike",
    "app.outbox.lease.x_claim_due__mutmut_29": "the re-check in the update only matters if a"
    " row changed after the select, which the lock (SQLite's write lock, FOR UPDATE) prevents",
    **dict.fromkeys(
        (f"app.outbox.lease.x_claim_due__mutmut_{n}" for n in range(12, 18)),
        "PostgreSQL only (FOR UPDATE SKIP LOCKED): not measured here, as the mutant runs leave"
        " the PostgreSQL server out; tests/test_outbox.py runs the claims on PostgreSQL",
    ),
    **dict.fromkeys(
        [
            *(f"app.mail.queue.x_receipts_to__mutmut_{n}" for n in range(2, 26)),
            *(f"app.mail.queue.x_serialise__mutmut_{n}" for n in range(2, 26)),
            *(f"app.mail.queue.x_receipts_for__mutmut_{n}" for n in (2, 6, 7)),
            *(f"app.mail.queue.x_open_batch__mutmut_{n}" for n in range(12, 16)),
        ],
        "PostgreSQL only (the advisory lock of the receipt cap, FOR UPDATE): not measured"
        " here, as the mutant runs leave the PostgreSQL server out; tests/test_mail_postgres.py",
    ),
    **dict.fromkeys(
        ("app.mail.queue.x_add__mutmut_16", "app.mail.queue.x_add__mutmut_17"),
        "attempts has a column default of 0: leaving it out stores the same",
    ),
    "app.mail.queue.x_open_batch__mutmut_5": "only a queued row has a batch (the claim clears"
    " it): the status condition never decides",
    **dict.fromkeys(
        ("app.outbox.queue.x_enqueue__mutmut_17", "app.outbox.queue.x_enqueue__mutmut_18"),
        "attempts has a column default of 0: leaving it out stores the same",
    ),
    "app.outbox.queue.x__settle__mutmut_31": "letting go of a lease that is already let go"
    " (lease_until NULL) sets NULL again: the same",
    **dict.fromkeys(
        ("app.outbox.changes.x__erased__mutmut_21", "app.outbox.changes.x__erased__mutmut_23"),
        "a CASE without ELSE gives NULL: the same as else_=None",
    ),
    "app.outbox.changes.x_erase__mutmut_13": "a changed row exists, so the look-up after"
    " `or` gives the same answer",
    "app.outbox.changes.x_erase__mutmut_16": "select(None) with the same WHERE still finds"
    " the row or none: the same answer",
    "app.outbox.changes.x_purge_delivered__mutmut_19": "a delivered row has no last_error"
    " (mark_delivered clears it), so there is nothing left to clear",
    "app.intake.mapping.x__valuation_task__mutmut_6": "only called when a valuation task id"
    " is configured, so the fallback after `or` is never used",
    **dict.fromkeys(
        (
            "app.intake.validators.x__compact__mutmut_7",
            "app.intake.validators.x__compact__mutmut_8",
        ),
        "a minus, typographic or plain, is refused all the same (no negative amounts)",
    ),
    **dict.fromkeys(
        (
            "app.intake.validators.x_normalize_phone__mutmut_10",
            "app.intake.validators.x_normalize_phone__mutmut_11",
        ),
        "Vitec's 17-character limit: a valid Swedish number's national form is about 14 characters"
        " at most (090x premium numbers), so the boundary is never met",
    ),
    "app.intake.validators.x_clean_text__mutmut_23": "X is no control character, so adding"
    " it to the set of control characters read as spaces changes nothing",
    "app.intake.validators.x_parse_price__mutmut_39": "0 read as millions is 0 kronor too",
    "app.intake.validators.x_parse_price__mutmut_43": "numbers up to 100 were read as millions"
    " in the branch before, so 0 < and 1 < decide alike",
    "app.intake.validators.x_parse_price__mutmut_58": "Decimal(2) has the same exponent as"
    " Decimal(1): rounded to whole kronor alike",
    "app.intake.validators.x_parse_price__mutmut_72": "str.split() splits at no-break spaces"
    " too, so replacing them first changes nothing",
    "app.core.sealing.xǁPayloadSealerǁseal__mutmut_3": "json reads ensure_ascii=None as"
    " false (the test of the sealed UTF-8 catches ensure_ascii left out, i.e. true)",
    "app.web.security.x_same_origin_post__mutmut_4": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_5": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_17": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_18": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_22": "an Origin of null fails the same-site"
    " comparison below as well (tested: test_only_a_post_from_this_site_counts_as_ours)",
    "app.web.security.x_same_origin_post__mutmut_23": "as _22: null is refused by the"
    " comparison too",
    "app.web.security.x_same_origin_post__mutmut_30": "rstrip of the characters X and /:"
    " a host URL never ends in X",
}

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


def mutmut(workdir: Path, *args: str, log=None) -> str:
    """Run mutmut in a module's scratch copy; its output."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
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


def run_module(module: str, children: int) -> dict:
    """Mutate one module and run its tests against each mutant; the counts and survivors."""
    workdir = fresh_copy(module)
    started = time.monotonic()
    with (workdir / "mutmut.log").open("w") as log:
        mutmut(workdir, "run", "--max-children", str(children), log=log)
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
        "*Score* counts caught and left-on-purpose mutants against all made. The mutant runs",
        "use SQLite only: a mutant in a PostgreSQL-only branch (a row lock, the receipt cap's",
        "advisory lock) is listed as left with that reason, as not measured here.",
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
        if not made:
            out.append(
                f"| `{module}` | – | 0 | | | | | no function to mutate (mutmut 3 mutates"
                " function bodies); its tables are checked by "
                + ", ".join(f"`{t.removeprefix('tests/')}`" for t in result["tests"])
                + " |"
            )
            continue
        tests = ", ".join(f"`{t.removeprefix('tests/')}`" for t in result["tests"])
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
        for module in args.modules or list(MODULES):
            print(f"mutating {module} …", flush=True)
            result = collect(module) if args.collect else run_module(module, args.children)
            caught, on_purpose, made = score(result)
            print(f"  {made} made, {caught} caught, {on_purpose} left on purpose", flush=True)
            keep(result)
    REPORT.write_text(render(load()), "utf-8")
    return 0


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
