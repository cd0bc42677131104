"""Invented identities for the generated forms: names, dates of birth, phones, villages, NINA and file numbers.

Every person, reference and number here is synthetic (common Malian first names and family names combined at
random, invented village names, numbers drawn from a seeded generator). Each kind of value comes in several
written shapes, the way different offices write them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_F = ("Awa", "Aminata", "Fatoumata", "Mariam", "Kadiatou", "Oumou", "Assétou", "Djénéba", "Hawa", "Rokia",
           "Salimata", "Bintou", "Nana", "Korotoumou", "Maïmouna", "Safiatou", "Tenin", "Ramata")
FIRST_M = ("Moussa", "Seydou", "Bakary", "Oumar", "Amadou", "Boubacar", "Ibrahim", "Souleymane", "Modibo",
           "Lassina", "Drissa", "Adama", "Mamadou", "Yacouba", "Sidiki", "Karim", "Tiémoko", "Zoumana")
SURNAMES = ("Diallo", "Traoré", "Coulibaly", "Keïta", "Konaté", "Sangaré", "Dembélé", "Diarra", "Touré",
            "Sidibé", "Kanté", "Togo", "Guindo", "Maïga", "Cissé", "Samaké", "Dicko", "Tangara", "Ballo",
            "Doumbia", "Bagayoko", "Fofana", "Mariko", "Kamissoko")
VILLAGES = ("Sirakoro-Wèrè", "Niamabougou", "Tiénkoungoba", "Dioumanzana", "Sokouraba", "Ouolodiana",
            "Kèrèdougou", "Fassabéné", "Ténéni-Koro", "Bagadadji-Sud", "Manankoro-Bas", "Ségala-Dié",
            "Kalifabougou", "Doungoura", "Sanankoroni", "Dialakorobougou", "Koyan-Ntintin", "Missidougou")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
RELATIONS_FR = ("père", "mère", "frère", "sœur", "oncle", "époux", "épouse", "fils", "fille")
RELATIONS_EN = ("father", "mother", "brother", "sister", "uncle", "husband", "wife", "son", "daughter")
PROFESSIONS_FR = ("cultivatrice", "commerçant", "ménagère", "éleveur", "élève", "couturière", "maçon")
PROFESSIONS_EN = ("farmer", "trader", "housewife", "herder", "student", "tailor", "driver")


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    birth: tuple[int, int, int]
    """(day, month, year)"""

    @property
    def age(self) -> int:
        return 2024 - self.birth[2]


def person(rng: random.Random, *, female: bool | None = None, oldest: int = 1950, youngest: int = 2008) -> Person:
    female = rng.random() < 0.5 if female is None else female
    first = rng.choice(FIRST_F if female else FIRST_M)
    if rng.random() < 0.2:  # a double first name, as intake sheets often carry
        first = f"{first} {rng.choice(FIRST_F if female else FIRST_M)}"
    birth = (rng.randint(1, 28), rng.randint(1, 12), rng.randint(oldest, youngest))
    return Person(first, rng.choice(SURNAMES), female, birth)


def dob(rng: random.Random, who: Person, language: str) -> str:
    day, month, year = who.birth
    shape = rng.randrange(4)
    if shape == 0:
        return f"{day:02d}/{month:02d}/{year}"
    if shape == 1:
        return f"{day:02d}-{month:02d}-{year}"
    if language == "fr":
        return f"{'1er' if day == 1 else day} {MONTHS_FR[month - 1]} {year}"
    return f"{day} {MONTHS_EN[month - 1]} {year}"


def dob_digits(who: Person) -> str:
    """The date of birth as letter boxes take it: DDMMYYYY."""
    day, month, year = who.birth
    return f"{day:02d}{month:02d}{year}"


def age(rng: random.Random, who: Person, language: str, *, bare: bool = False) -> str:
    if bare:
        return str(who.age)
    return f"{who.age} ans" if language == "fr" else rng.choice((f"{who.age} years", f"{who.age} yrs"))


def phone(rng: random.Random) -> str:
    digits = f"{rng.choice('679')}{rng.randint(0, 9)}{rng.randint(0, 999999):06d}"
    pairs = " ".join(digits[i:i + 2] for i in range(0, 8, 2))
    return rng.choice((f"+223 {pairs}", pairs, f"(00223) {'.'.join(pairs.split())}", digits))


def nina(rng: random.Random) -> str:
    """A NINA-shaped number: 14 digits and a letter (invented)."""
    return f"{rng.randint(1, 2)}{rng.randint(0, 10**13 - 1):013d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"


def file_number(rng: random.Random) -> str:
    year = rng.randint(2012, 2024)
    return rng.choice((
        f"{rng.randint(1, 999):03d}/CP{rng.choice('BKSMG')}-{year}",
        f"USC-{rng.choice(('KTI', 'SGU', 'MPT', 'GAO', 'BKO'))}-{year}-{rng.randint(1, 9999):04d}",
        f"RC/{year}/{rng.randint(1, 99999):05d}",
        f"DOS-{year % 100:02d}-{rng.randint(1, 9999):04d}",
        f"IN-{year}-{rng.randint(100, 999)}",
    ))


def relation(rng: random.Random, language: str) -> str:
    return rng.choice(RELATIONS_FR if language == "fr" else RELATIONS_EN)


def profession(rng: random.Random, language: str) -> str:
    return rng.choice(PROFESSIONS_FR if language == "fr" else PROFESSIONS_EN)
