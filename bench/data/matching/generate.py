"""A synthetic Malian claimants register with gold clusters, for the matcher's tests and benchmark.

Invented people (common Malian names, real village names from the place table the redaction package ships),
each registered by one to three sources (truth commission, legal-aid clinic, one-stop centre) with the
variation real registers show: transliterated spellings, diminutives, family name first, capitals and lost
accents, typos, a full date or a year or "vers 1971", the village or its cercle or region, missing fields.
Hard negatives on purpose: many different people with the same very common name, brothers and sisters
sharing family name and parents, twins. The spelling variants here are written independently of the
matcher's table (some it lists, some it does not) so the measure is not circular.

    .venv/bin/python -m bench.data.matching.generate --people 300 --seed 7 -o claimants.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIELDS = ("id", "given_name", "family_name", "birth_date", "birth_place", "father_name", "mother_name", "sex",
          "source")
SOURCES = ("commission", "clinique-juridique", "centre-one-stop")

# Family names with weights (very common ones first) and the other spellings met in registers.
FAMILY = {
    "Traoré": (12, ["Traore", "Trawore", "Tarawele", "Traorè", "Trahore"]),
    "Coulibaly": (11, ["Kulibali", "Koulibaly", "Kulubali", "Coulibali", "Kulibaly"]),
    "Diarra": (7, ["Jara", "Djarra", "Diara"]),
    "Keïta": (6, ["Keita", "Kéita", "Keyta", "Kayta"]),
    "Diallo": (7, ["Jallo", "Djallo", "Dialo"]),
    "Touré": (5, ["Ture", "Toure", "Touree"]),
    "Cissé": (4, ["Sise", "Cisse", "Sissé"]),
    "Maïga": (5, ["Maiga", "Mayga", "Maïgua"]),
    "Dembélé": (4, ["Dembele", "Dembelé", "Dembelle"]),
    "Sidibé": (3, ["Sidibe", "Sidibeh"]),
    "Konaté": (3, ["Konate", "Konatè"]),
    "Koné": (4, ["Kone", "Konè"]),
    "Sangaré": (3, ["Sangare", "Sangarè"]),
    "Doumbia": (3, ["Dumbia", "Doumbiya", "Dumbiya"]),
    "Kouyaté": (2, ["Kuyate", "Kouyate", "Kouyatè"]),
    "Sissoko": (2, ["Sisoko", "Cissoko"]),
    "Samaké": (2, ["Samake"]),
    "Bagayoko": (2, ["Bagayogo"]),
    "Guindo": (2, ["Gindo"]),
    "Dicko": (2, ["Diko", "Dikko"]),
    "Haïdara": (2, ["Haidara", "Aïdara"]),
    "Sanogo": (2, ["Sanogho"]),
    "Togola": (1, ["Togora"]),
    "Dolo": (1, []), "Kassogué": (1, ["Kassogue"]), "Tounkara": (1, ["Tunkara"]), "Fofana": (1, ["Fofanah"]),
    "Mariko": (1, []), "Ballo": (1, ["Balo"]), "Bouaré": (1, ["Bouare", "Buware"]), "Niaré": (1, ["Niare"]),
}
# Given names by sex, with weights, spellings and diminutives (same person, another form).
FEMALE = {
    "Fatoumata": (10, ["Fatimata", "Fatumata"], ["Fanta", "Fatim", "Fatou"]),
    "Aminata": (8, ["Aminatou"], ["Mina", "Minata"]),
    "Mariam": (7, ["Maryam", "Mariama", "Mariame"], []),
    "Awa": (6, ["Hawa"], []), "Kadiatou": (5, ["Kadidiatou"], ["Kadidia", "Kadi"]),
    "Aïssata": (4, ["Aissata"], ["Aïcha"]), "Djénéba": (4, ["Djeneba", "Jeneba"], ["Zeinab"]),
    "Oumou": (4, ["Umu"], []), "Bintou": (3, ["Bintu"], []), "Assétou": (3, ["Assetou"], ["Sitan"]),
    "Rokia": (3, ["Rokiatou"], []), "Salimata": (3, ["Salamata"], ["Sali"]), "Adama": (2, [], []),
    "Kany": (1, [], []), "Nana": (1, [], []), "Ramata": (2, [], []), "Coumba": (2, ["Koumba"], []),
    "Safiatou": (1, [], ["Safi"]), "Maïmouna": (2, ["Maimouna"], []), "Niélé": (1, ["Niele"], []),
}
MALE = {
    "Moussa": (8, ["Musa", "Mousa"], []), "Oumar": (7, ["Umar", "Omar", "Oumarou"], []),
    "Boubacar": (7, ["Bubakar", "Aboubacar", "Boubakar"], ["Babou", "Bouba"]),
    "Mamadou": (9, ["Mahamadou", "Mamadu"], ["Madou"]), "Ibrahim": (5, ["Ibrahima", "Brahima"], []),
    "Seydou": (5, ["Seidou"], []), "Souleymane": (4, ["Suleyman", "Soulemane"], []),
    "Abdoulaye": (5, ["Abdulaye"], ["Ablaye"]), "Amadou": (5, ["Ahmadou", "Hamadou"], []),
    "Bakary": (4, ["Bakari"], []), "Sekou": (4, ["Sékou", "Seku"], []), "Youssouf": (3, ["Yusuf"], []),
    "Drissa": (3, ["Idrissa"], []), "Ousmane": (4, ["Usman", "Ousman"], []), "Adama": (4, [], []),
    "Modibo": (2, [], []), "Lassana": (2, ["Lassane"], []), "Fousseyni": (2, ["Fousseini"], []),
    "Siaka": (2, [], []), "Yacouba": (2, ["Yakouba"], []), "Salif": (2, ["Salifou"], []),
    "Tiémoko": (1, ["Tiemoko"], []), "Daouda": (2, ["Dawuda"], []), "Alassane": (2, ["Alhassane"], []),
}
TUAREG_MALE = ["Mohamed", "Alhassane", "Ibrahim", "Intalla", "Attaher", "Assarid", "Aghaly", "Bilal", "Sidi"]
TUAREG_FEMALE = ["Fadimata", "Aminatou", "Tina", "Lalla", "Mariam", "Takiya", "Zeinabou"]
PARTICLE_SPELLINGS = {"Ag": ["Ag", "Agg", "AG"], "Walet": ["Walet", "Welet", "Oualet"]}


@dataclass(frozen=True)
class Person:
    person: str
    sex: str
    given: str
    family: str
    born: tuple[int, int, int]
    village: str
    cercle: str
    region: str
    father: str
    mother: str
    tuareg: bool = False


def _pick(rng: random.Random, table: dict[str, tuple[int, ...]] | dict) -> str:  # type: ignore[type-arg]
    names = list(table)
    return rng.choices(names, weights=[table[n][0] for n in names])[0]


def _places(rng: random.Random) -> list[tuple[str, str, str]]:
    with (ROOT / "redaction" / "conf" / "places" / "localities.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["type"] == "village" and r["cercle"]]
    return [(r["name"], r["cercle"], r["region_post2016"] or r["region"]) for r in rng.sample(rows, 1500)]


class Register:
    """Draws people and families; ``people()`` returns them with the relationships that make hard negatives."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.places = _places(self.rng)
        self.count = 0

    def _id(self) -> str:
        self.count += 1
        return f"P{self.count:06d}"

    def _date(self, start: int = 1945, end: int = 2006) -> tuple[int, int, int]:
        return self.rng.randint(start, end), self.rng.randint(1, 12), self.rng.randint(1, 28)

    def _given(self, sex: str, tuareg: bool) -> str:
        if tuareg:
            return self.rng.choice(TUAREG_MALE if sex == "m" else TUAREG_FEMALE)
        return _pick(self.rng, MALE if sex == "m" else FEMALE)

    def family_of(self, size: int, twins: bool = True) -> list[Person]:
        """Brothers and sisters: same family name, father, mother and often place; sometimes twins."""
        rng = self.rng
        tuareg = rng.random() < 0.08
        father_given = self._given("m", tuareg)
        family = "" if tuareg else _pick(rng, FAMILY)
        father = f"{father_given} {family}".strip() if rng.random() < 0.6 else father_given
        mother = f"{self._given('f', tuareg)} {_pick(rng, FAMILY) if not tuareg else ''}".strip()
        village, cercle, region = rng.choice(self.places)
        members: list[Person] = []
        taken = {"Lassana", "Fousseyni", "Awa", "Adama"}  # kept for twins
        while len(members) < size:
            sex = rng.choice("fm")
            given = self._given(sex, tuareg)
            if given in taken:
                continue
            taken.add(given)
            fam = (("Ag " if sex == "m" else "Walet ") + father_given) if tuareg else family
            members.append(Person(self._id(), sex, given, fam, self._date(), village, cercle, region, father,
                                  mother, tuareg))
        if twins and size >= 2 and rng.random() < 0.3:  # twins: Lassana/Fousseyni or Awa/Adama, same day
            first = members[0]
            names = ("Lassana", "Fousseyni") if first.sex == "m" else ("Awa", "Adama")
            members[0] = replace(first, given=names[0])
            members[1] = replace(members[1], given=names[1], sex=first.sex, born=first.born)
        return members

    def namesakes(self, count: int) -> list[Person]:
        """Different people with the same very common name (born elsewhere, other parents)."""
        sex = self.rng.choice("fm")
        given = "Fatoumata" if sex == "f" else "Moussa"
        family = self.rng.choice(["Traoré", "Coulibaly", "Diarra"])
        people = []
        for person in self.family_of(count, twins=False):
            village, cercle, region = self.rng.choice(self.places)
            father = f"{self._given('m', False)} {family}"
            mother = f"{self._given('f', False)} {_pick(self.rng, FAMILY)}"
            people.append(replace(person, sex=sex, given=given, family=family, father=father, village=village,
                                  tuareg=False, cercle=cercle, region=region, mother=mother))
        return people

    def people(self, count: int) -> list[Person]:
        found: list[Person] = []
        while len(found) < count:
            roll = self.rng.random()
            if roll < 0.1:
                found += self.namesakes(self.rng.randint(2, 4))
            elif roll < 0.4:
                found += self.family_of(self.rng.randint(2, 4))
            else:
                found += self.family_of(1)
        return found[:count]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "change"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioulnrst") + word[i + 1:]


def _spell(rng: random.Random, name: str, table: dict, diminutive: bool) -> str:  # type: ignore[type-arg]
    entry = table.get(name)
    if entry is None:
        return name
    forms = list(entry[1])
    if diminutive and len(entry) > 2 and entry[2] and rng.random() < 0.4:
        return rng.choice(entry[2])
    return rng.choice(forms) if forms and rng.random() < 0.45 else name


def _write_name(rng: random.Random, person: Person) -> tuple[str, str]:
    if person.tuareg:
        particle, rest = person.family.split(" ", 1)
        family = f"{rng.choice(PARTICLE_SPELLINGS[particle])} {rest}"
        given = person.given
    else:
        family = _spell(rng, person.family, FAMILY, False)
        given = _spell(rng, person.given, MALE if person.sex == "m" else FEMALE, True)
    if rng.random() < 0.08:
        given, family = (_typo(rng, given), family) if rng.random() < 0.5 else (given, _typo(rng, family))
    if rng.random() < 0.3:
        given, family = _fold(given), _fold(family)
    if rng.random() < 0.2:
        family = family.upper()
    roll = rng.random()
    if roll < 0.05:
        return family, given  # fields swapped
    if roll < 0.08:
        return "", f"{family.upper()} {given}"  # whole name in one field, family first
    return given, family


def _write_date(rng: random.Random, born: tuple[int, int, int]) -> str:
    year, month, day = born
    roll = rng.random()
    if roll < 0.45:
        if rng.random() < 0.06:
            day = min(28, max(1, day + rng.choice((-1, 1, 10))))
        return f"{year:04d}-{month:02d}-{day:02d}"
    if roll < 0.68:
        return f"{year:04d}"
    if roll < 0.8:
        return f"vers {year + rng.choice((-2, -1, 0, 0, 1, 2))}"
    if roll < 0.88:
        return f"{year:04d}-{month:02d}"
    return ""


def _write_place(rng: random.Random, person: Person) -> str:
    roll = rng.random()
    if roll < 0.4:
        return person.village if rng.random() < 0.9 else _typo(rng, person.village)
    if roll < 0.62:
        return rng.choice((person.cercle, f"cercle de {person.cercle}"))
    if roll < 0.72:
        return rng.choice((person.region, f"région de {person.region}"))
    if roll < 0.8:
        return f"{person.village}, {person.cercle}"
    return ""


def registrations(people: list[Person], seed: int) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Rows of the register (contract columns) and, for each row id, the person it is (the gold cluster)."""
    rng = random.Random(seed + 1)
    rows: list[dict[str, str]] = []
    gold: dict[str, str] = {}
    for person in people:
        times = rng.choices((1, 2, 3), weights=(45, 38, 17))[0]
        for source in rng.sample(SOURCES, times):
            given, family = _write_name(rng, person)
            father = person.father if rng.random() < 0.6 else ""
            if father and rng.random() < 0.3:
                father = father.split()[0]
            row = {
                "id": f"R{len(rows) + 1:06d}", "given_name": given, "family_name": family,
                "birth_date": _write_date(rng, person.born), "birth_place": _write_place(rng, person),
                "father_name": _fold(father) if rng.random() < 0.3 else father,
                "mother_name": person.mother if rng.random() < 0.45 else "",
                "sex": person.sex.upper() if rng.random() < 0.9 else "", "source": source,
            }
            rows.append(row)
            gold[row["id"]] = person.person
    order = list(range(len(rows)))
    rng.shuffle(order)
    return [rows[i] for i in order], gold


def generate(people: int, seed: int) -> tuple[list[dict[str, str]], dict[str, str]]:
    return registrations(Register(seed).people(people), seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    rows, gold = generate(args.people, args.seed)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=(*FIELDS, "person"), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**row, "person": gold[row["id"]]} for row in rows)


if __name__ == "__main__":
    main()
