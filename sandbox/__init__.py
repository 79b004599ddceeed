"""The built-in Vitec Connect stand-in: not the product; started only in sandbox mode and tests."""

from sandbox.app import Fault, SandboxServer, SandboxState, create_sandbox_app

__all__ = ["Fault", "SandboxServer", "SandboxState", "create_sandbox_app"]
