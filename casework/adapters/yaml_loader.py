"""The safe YAML loader of the shipped data files (workflow, outcome catalogue).

libyaml's C parser (``yaml.CSafeLoader``) when PyYAML was built with it, as the wheels on
Debian and PyPI are: the same documents, tags refused alike, about ten times faster than the
pure-Python parser, whose ~35 ms per command were most of the workflow's load (issue 18).
"""

from __future__ import annotations

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

__all__ = ["SafeLoader"]
