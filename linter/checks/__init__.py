"""One module per rule kind, all with the shape of checks.base.Check."""

from linter.checks.base import Check
from linter.checks.lexicon import LexiconCheck
from linter.checks.metric import MetricCheck
from linter.checks.occurrence import OccurrenceCheck
from linter.checks.orgcc import OrgCcCheck
from linter.checks.pattern import PatternCheck
from linter.checks.placeholder import PlaceholderCheck
from linter.checks.position import PositionCheck
from linter.checks.regex import RegexCheck
from linter.checks.requires import RequiresCheck
from linter.checks.substitution import SubstitutionCheck
from linter.checks.weekday import WeekdayCheck

KINDS: dict[str, type[Check]] = {
    cls.kind: cls
    for cls in (
        LexiconCheck,
        RegexCheck,
        PatternCheck,
        SubstitutionCheck,
        RequiresCheck,
        PositionCheck,
        OccurrenceCheck,
        MetricCheck,
        PlaceholderCheck,
        WeekdayCheck,
        OrgCcCheck,
    )
}

__all__ = ["KINDS", "Check"]
