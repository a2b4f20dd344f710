"""What the tracker accepts as a param, metric or tag key: one rule for every service.

StudyService checks objective and constraint names with it at CreateStudy, so
that a study can never produce a metric MLflow refuses.
"""

from __future__ import annotations

import re

MAX_KEY = 250
_KEY = re.compile(r"^[A-Za-z0-9_\-. /]{1,250}$")


def key_problem(key: str) -> str | None:
    """Why MLflow would refuse ``key`` as a param/metric/tag name; None when it is fine."""
    if not _KEY.match(key):
        return f"1-{MAX_KEY} of letters, digits, '_', '-', '.', ' ', '/'"
    parts = key.split("/")
    if key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return "no leading '/', empty, '.' or '..' path components"
    return None
