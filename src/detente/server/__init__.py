"""HTTP API and web dashboard over a détente store (``detente serve``); see docs/api.md."""

from detente.server.app import create_app

__all__ = ["create_app"]
