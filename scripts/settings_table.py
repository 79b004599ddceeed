"""Write the settings table of docs/configuration.md from the declarations, between its
settings markers: run after declaring a setting (`make settings-table`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "configuration.md"
START = "<!-- settings:start"
END = "<!-- settings:end -->"


def write_settings_table(page: Path = PAGE) -> None:
    """Replace what stands between the page's markers with the table the declarations make."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from app.settings.loading import settings_markdown

    text = page.read_text(encoding="utf-8")
    start = text.index("\n", text.index(START)) + 1
    end = text.index(END)
    table = settings_markdown().strip() + "\n"
    page.write_text(text[:start] + table + text[end:], encoding="utf-8")


if __name__ == "__main__":
    write_settings_table()
