"""Text as the site stores it: no control characters a keyboard cannot type."""

from __future__ import annotations

import re

# C0 control characters but tab, line feed and carriage return: no keyboard types them, and
# PostgreSQL refuses NUL in text (the driver raises instead of storing or comparing it).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control_characters(value):
    """`value` without control characters (tab and line breaks stay); non-text as given."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value
