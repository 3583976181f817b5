"""Who lives and works in the demo's compound: households (40 to a building, en and zh
alternating, as the bench's compound), the committee, two group leaders, a guard, property
staff, two volunteers and an admin per building — as the roster import gives them back.

Some hold two roles, as in a real compound: the admin of each odd building lives in its first
home (a household of two, `resident;building_admin`), and Volunteer Kim lives in building 1
(`resident;volunteer`, a home of her own)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..bench import compound as roster

# (name, role, language) of the staff; building admins are added per building.
STAFF = [("王主任", "committee", "zh"), ("Committee Smith", "committee", "en"),
         ("团长李姐", "group_leader", "zh"), ("Leader Brown", "group_leader", "en"),
         ("门卫老赵", "guard", "zh"), ("Property Chen", "property", "en"),
         ("志愿者小刘", "volunteer", "zh"), ("Volunteer Kim", "volunteer", "en")]


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    role: str
    language: str
    building: str
    room: str
    code: str

    @property
    def sender(self) -> str:
        return f"u-{self.person_id}"

    @property
    def dm(self) -> str:
        """Their direct chat's id on the demo platform."""
        return f"dm-{self.sender}"

    @property
    def home(self) -> str:
        return f"{self.building}-{self.room}"

    @property
    def zh(self) -> bool:
        return self.language == "zh"


@dataclass
class Compound:
    residents: list[Person]
    staff: dict[str, Person]  # by name
    admins: dict[str, Person]  # building → its admin

    @property
    def buildings(self) -> list[str]:
        return sorted({p.building for p in self.residents}, key=int)

    @property
    def everyone(self) -> list[Person]:
        return self.residents + list(self.staff.values()) + list(self.admins.values())

    def by_role(self, role: str) -> list[Person]:
        return [p for p in self.staff.values() if p.role == role]

    def resident(self, home: str) -> Person:
        return next(p for p in self.residents if p.home == home)


KIM_HOME = ("1", "9901")  # Volunteer Kim's own home, beside the numbered households


def staff_rows(households: int, per_building: int) -> list[tuple[str, str, str, str, str]]:
    homes = roster.households(households, per_building)
    buildings = sorted({b for b, _ in homes}, key=int)
    first_home = {b: next(r for hb, r in homes if hb == b) for b in buildings}
    rows = [(*KIM_HOME, name, "resident;volunteer", language) if name == "Volunteer Kim"
            else ("", "", name, role, language) for name, role, language in STAFF]
    rows += [(b, first_home[b], f"{b}号楼楼长", "resident;building_admin", "zh") if int(b) % 2
             else (b, "", f"Admin of building {b}", "building_admin", "en") for b in buildings]
    return rows


def import_compound(folder: Path, env: dict[str, str], households: int, per_building: int) -> Compound:
    """Write the roster, import it with `lastmile roster import`, and read back everyone's code."""
    rows = roster.import_rows(folder, env, households, staff=staff_rows(households, per_building),
                              per_building=per_building)
    languages = {row[2]: row[4] for row in staff_rows(households, per_building)}
    people = [Person(person_id=r["person_id"], name=r["name"], role=_job(r), building=r["building"],
                     room=r["room"], code=r["code"],
                     language=languages.get(r["name"]) or _resident_language(r, households, per_building))
              for r in rows]
    return Compound(residents=[p for p in people if p.role == "resident"],
                    staff={p.name: p for p in people if p.role not in ("resident", "building_admin")},
                    admins={p.building: p for p in people if p.role == "building_admin"})


def _job(row: dict[str, str]) -> str:
    """What someone does beyond living here (the codes file lists every role; `resident` if
    nothing else)."""
    roles = [r for r in (row.get("roles") or row["role"]).split(";") if r]
    return next((r for r in roles if r != "resident"), "resident")


def _resident_language(row: dict[str, str], households: int, per_building: int) -> str:
    homes = roster.households(households, per_building)
    return "zh" if homes.index((row["building"], row["room"])) % 2 else "en"
