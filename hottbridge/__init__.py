"""Shared ground of the three packages: the version, the error hierarchy and the command line."""

from hottbridge._version import __version__
from hottbridge.errors import BridgeError, HottBridgeError, HottError, LearnError, SourceSpan

__all__ = ["BridgeError", "HottBridgeError", "HottError", "LearnError", "SourceSpan", "__version__"]
