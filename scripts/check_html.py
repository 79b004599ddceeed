"""Render every page (tests/pages.py) against a sandbox and run the Nu Html Checker on them:
`make check-html`. Exits non-zero when the checker reports an error."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sandbox import SandboxServer, SandboxState, create_sandbox_app  # noqa: E402
from tests.conftest import CUSTOMER_ID, SANDBOX_PASSWORD, SANDBOX_USER, make_app  # noqa: E402
from tests.pages import every_page  # noqa: E402


def main(vnu_jar: str) -> int:
    """Write each page to a file and check them all in one run of vnu.jar."""
    state = SandboxState({CUSTOMER_ID: (SANDBOX_USER, SANDBOX_PASSWORD)})
    server = SandboxServer(create_sandbox_app(state))
    url = server.start()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(
            url,
            f"sqlite:///{folder}/outbox.db",
            VALUATION_TASK_ID="UPG-2",
            FORM_RATE_LIMIT="5 per hour",
        )
        try:
            pages = every_page(app)
        finally:
            server.stop()
        files = []
        for name, html in pages.items():
            path = Path(folder) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            files.append(str(path))
        command = [
            shutil.which("java") or "java",
            "-jar",
            vnu_jar,
            "--errors-only",
            "--format",
            "gnu",
            *files,
        ]
        result = subprocess.run(command, check=False)  # noqa: S603 - our own files
    verdict = "errors above" if result.returncode else "no errors"
    print(f"Nu Html Checker: {len(files)} pages, {verdict}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
