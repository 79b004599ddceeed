"""The built-in Vitec Connect stand-in: not the product; started only in sandbox mode and tests."""

from sandbox.app import create_sandbox_app
from sandbox.server import SandboxServer
from sandbox.state import Fault, SandboxState

__all__ = ["Fault", "SandboxServer", "SandboxState", "create_sandbox_app"]
