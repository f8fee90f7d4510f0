"""Card text is hostile: make it inert before it reaches a terminal."""

from __future__ import annotations

import re

# C0 controls except tab, DEL, C1 controls, and Unicode bidi overrides that can reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal(text: str) -> str:
    """Show control characters as visible escapes (ESC becomes \\x1b) so no escape sequence runs."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                        else f"\\u{ord(m.group(0)):04x}", text)
