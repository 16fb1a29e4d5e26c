"""The organisation map of a project config (person -> department, manager) and an email's
addressing, which together tell whether a Cc goes over the contact's head."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.utils import getaddresses


@dataclass(frozen=True)
class Person:
    key: str  # the map's key: an email address or a name, compared case-insensitively
    name: str = ""
    email: str = ""
    department: str = ""
    manager: str = ""


@dataclass(frozen=True)
class OrgMap:
    """Hashable (it is part of a lint configuration); maps are small, so lookups scan."""

    people: tuple[Person, ...] = ()

    @classmethod
    def from_config(cls, data: dict) -> OrgMap:
        people = []
        for key, spec in data.items():
            spec = spec or {}
            people.append(
                Person(
                    key=str(key),
                    name=str(spec.get("name", "")),
                    email=str(spec.get("email", key if "@" in str(key) else "")),
                    department=str(spec.get("department", "")),
                    manager=str(spec.get("manager", "")),
                )
            )
        return cls(tuple(people))

    def find(self, who: Address | str) -> Person | None:
        if isinstance(who, Address):
            return next((p for p in self.people if who.matches(p)), None)
        wanted = who.strip().lower()
        return next(
            (p for p in self.people if wanted in {p.key.lower(), p.email.lower(), p.name.lower()}),
            None,
        )

    def manager_of(self, person: Person) -> Person | None:
        if not person.manager:
            return None
        return self.find(person.manager) or Person(key=person.manager, email=person.manager)


@dataclass(frozen=True)
class Address:
    name: str
    email: str

    def matches(self, person: Person) -> bool:
        mine = {self.email.lower(), self.name.lower()} - {""}
        theirs = {person.key.lower(), person.email.lower(), person.name.lower()} - {""}
        return bool(mine & theirs)


@dataclass
class Envelope:
    """An email's From/To/Cc, with the span of each header line in the linted text."""

    sender: list[Address] = field(default_factory=list)
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    date: dt.date | None = None  # the Date header: the day a year-less date is read against


def parse_addresses(value: str) -> list[Address]:
    return [Address(name.strip(), addr.strip()) for name, addr in getaddresses([value]) if addr]
