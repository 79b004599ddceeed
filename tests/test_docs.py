"""The README fits on a screen, and the manual (README.md and docs/) points only at what exists:
the files and headings its links name, and the repository paths it mentions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FOLDERS = ("app", "sandbox", "tests", "scripts", "static", "templates", "bench", "migrations")
# A repository path in the text: app/outbox/worker.py, tests/clock.py, static/ (not inside a URL).
PATH = re.compile(r"(?<![\w/.:-])((?:" + "|".join(FOLDERS) + r")/[\w./-]*)")


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def anchor(heading: str) -> str:
    """A heading's anchor as the repository host writes it: lower case, punctuation dropped."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of a page's headings (outside code blocks)."""
    found, fenced = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.add(anchor(line.lstrip("#")))
    return found


def test_the_readme_fits_on_a_screen_or_four():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200


def test_the_settings_table_lives_in_the_configuration_page_only():
    assert "<!-- settings:start" not in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- settings:start" in (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_link_leads_to_a_page_and_heading_that_exist(page):
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, fragment = target.partition("#")
        destination = (page.parent / path).resolve() if path else page
        if not destination.exists() or (fragment and fragment not in anchors(destination)):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_path_the_manual_names_exists(page):
    named = set(PATH.findall(page.read_text(encoding="utf-8")))
    missing = sorted(path for path in named if not (ROOT / path.rstrip("/.")).exists())
    assert missing == []


def test_the_settings_table_is_written_in_place_from_the_declarations(tmp_path):
    from scripts.settings_table import write_settings_table

    page = ROOT / "docs" / "configuration.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("\n", text.index("<!-- settings:start")) + 1
    end = text.index("<!-- settings:end -->")
    stale = tmp_path / "configuration.md"
    stale.write_text(text[:start] + "| old | table |\n" + text[end:], encoding="utf-8")

    write_settings_table(stale)

    assert stale.read_text(encoding="utf-8") == text
