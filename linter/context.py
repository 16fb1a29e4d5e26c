"""What a check may know about a message beyond its text: where it came from (a template, an
email's headers, front matter), the organisation map and the date "today" is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from linter.org import Envelope, OrgMap
from linter.sources.placeholders import Placeholder

# Feature span groups msglint marks itself (not from a lexicon): every placeholder, and those
# whose name looks like a date ({deadline}, {{ due_date }}), which count as a date being given.
BUILTIN_FEATURES = ("placeholder", "placeholder_date")


@dataclass
class LintContext:
    # The source is a template: its placeholders are meant to be there.
    template: bool = False
    # Placeholders found in the linted text (offsets of the linted text), already masked.
    placeholders: list[Placeholder] = field(default_factory=list)
    envelope: Envelope | None = None
    org: OrgMap | None = None
    today: dt.date | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)

    def reference_date(self) -> dt.date:
        """--today when given, else the real date (only used when the text gives no year)."""
        return self.today or dt.date.today()
