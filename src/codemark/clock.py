"""What day it is, for a build. ``SOURCE_DATE_EPOCH`` fixes it, so builds are reproducible."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today() -> date:
    """Today's date in UTC, or the date ``SOURCE_DATE_EPOCH`` (seconds since 1970) names."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()
