"""Generate the synthetic testimony set with gold spans: ``dev.jsonl`` (for tuning) and ``test.jsonl``
(held out: other seed, other names and villages, extra templates). Every person is invented.

    python bench/data/redaction/make_set.py        # rewrites dev.jsonl and test.jsonl next to this file

Each line: {"id", "lang", "text", "gold": [{"start", "end", "label", "text"}], "keep": [...same...]}.
Gold labels: PERSON, KINSHIP, LOC, PHONE, ID, EMAIL, ACCOUNT, CASE_REF, BIRTH_DATE, AGE. Keep spans are
keep-list mentions (regions, major towns, armed groups, institutions, months, years) that must survive.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCALITIES = HERE.parent.parent.parent / "redaction" / "conf" / "places" / "localities.csv"

# Names in the gazetteer lists and names deliberately NOT in them (held out), invented combinations.
GIVEN_IN = ["Aminata", "Fatoumata", "Moussa", "Oumar", "Hawa", "Bakary", "Kadiatou", "Seydou", "Mariam", "Drissa",
            "Hamadoun", "Boureima", "Aïssata", "Ousmane", "Rokia", "Soumaïla", "Fadimata", "Alhousseini",
            "Assitan", "Yacouba", "Oumou", "Mahamadou", "Djeneba", "Boubacar", "Salimata", "Amadou"]
FAMILY_IN = ["Traoré", "Coulibaly", "Diarra", "Keïta", "Sangaré", "Diallo", "Maïga", "Touré", "Dembélé",
             "Guindo", "Dolo", "Cissé", "Konaté", "Sissoko", "Kassogué", "Doumbia", "Tembely", "Haïdara", "Sidibé"]
GIVEN_OUT_DEV = ["Nampé", "Korotimi", "Bintou", "Sanou", "Yapérou", "Tiéman", "Founè", "Nassoum", "Koniba"]
FAMILY_OUT_DEV = ["Sogoba", "Koumaré", "Dagnon", "Tounkara", "Kodjo", "Balla", "Sininta", "Kamaté"]
GIVEN_OUT_TEST = ["Djénèba", "Kassim", "Namory", "Sitanè", "Assan", "Tènè", "Bréma", "Yalèma", "Niamoye"]
FAMILY_OUT_TEST = ["Fomba", "Kouma", "Sanogho", "Dackouo", "Goïta", "Dibo", "Wologuem", "Tangara"]
CHAINS = ["Ag Intalla", "Walet Mohamed", "Ould Sidi", "Mint Ahmed", "Ag Alhassane", "Ben Khalil"]
TUAREG_GIVEN = ["Mossa", "Fadimata", "Assaleh", "Takiyoult", "Mohamed", "Zahra", "Attaher", "Lalla"]
REGIONS = ["Mopti", "Ségou", "Tombouctou", "Gao", "Kidal", "Ménaka", "Sikasso", "Bamako", "Taoudénit", "Bandiagara"]
#: Cercle towns drawn from the same list: issue 13 redacts every place below region level (no population
#: threshold), so they are gold LOC spans, not keep spans.
CERCLE_TOWNS = frozenset({"Bandiagara"})


def region_slot(rng: random.Random) -> tuple[str, str, bool]:
    value = rng.choice(REGIONS)
    return (value, "LOC", False) if value in CERCLE_TOWNS else (value, "KEEP", True)
GROUPS = ["FAMa", "JNIM", "EIGS", "MNLA", "CMA", "GATIA", "Dan Na Ambassagou", "Katiba Macina", "Ansar Dine",
          "Wagner", "MUJAO", "AQMI", "Africa Corps", "MSA", "Plateforme"]
INSTITUTIONS = ["CVJR", "MINUSMA", "CPI", "CICR", "Tribunal de grande instance", "HCR"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
KIN_FR = ["la fille de {g}", "le fils de {g} {f}", "la femme du chef de village", "le fils de l'imam",
          "la sœur de {g}", "la femme de {g} {f}", "le frère aîné de {g}"]
KIN_EN = ["the daughter of the village chief", "his brother's wife", "the son of the imam", "{g}'s daughter",
          "the wife of {g} {f}", "my uncle's son"]


def villages(rng: random.Random, count: int, offset: int) -> list[str]:
    with LOCALITIES.open(encoding="utf-8") as handle:
        rows = [r["name"] for r in csv.DictReader(handle)
                if r["type"] == "village" and len(r["name"]) >= 6 and r["name"].isalpha()]
    rows = sorted(set(rows))
    rng.shuffle(rows)
    return rows[offset:offset + count]


def phone(rng: random.Random) -> str:
    digits = [str(rng.choice([6, 7, 9, 5, 8, 2]))] + [str(rng.randint(0, 9)) for _ in range(7)]
    pairs = ["".join(digits[i:i + 2]) for i in range(0, 8, 2)]
    sep = rng.choice([" ", ".", "-", ""])
    body = rng.choice([sep.join(pairs), "".join(digits[:4]) + rng.choice([" ", ""]) + "".join(digits[4:])])
    prefix = rng.choice(["", "", "+223 ", "00223 ", "(+223) ", "+223", "00 223 "])
    return prefix + body


def nina(rng: random.Random) -> str:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(14))
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    style = rng.randint(0, 2)
    if style == 0:
        return digits + letter
    if style == 1:
        return f"{digits[:1]} {digits[1:5]} {digits[5:9]} {digits[9:13]} {digits[13]} {letter}"
    return f"{digits[:4]} {digits[4:8]} {digits[8:12]} {digits[12:]}{letter}"


class Builder:
    """Accumulates text pieces and records gold / keep spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.gold: list[dict[str, object]] = []
        self.keep: list[dict[str, object]] = []
        self.length = 0

    def add(self, text: str, label: str | None = None, keep: bool = False) -> None:
        if label is not None:
            target = self.keep if keep else self.gold
            target.append({"start": self.length, "end": self.length + len(text), "label": label, "text": text})
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def fill(builder: Builder, template: str, slots: dict[str, tuple[str, str | None, bool]]) -> None:
    """``template`` uses {slot}; each slot is (value, gold label or None, is_keep)."""
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        builder.add(before)
        value, label, keep = slots[name]
        builder.add(value, label, keep)
    builder.add(rest)


FR_TEMPLATES = [
    "Je m'appelle {person}, je suis née le {dob} à {region}. ",
    "Le {day} {month} {year}, des hommes armés du {group} sont venus au village de {village}. ",
    "{kin}, âgée de {age} ans, a été enlevée devant moi. ",
    "Mon numéro de téléphone est le {phone} et mon NINA est {nina}. ",
    "Mon mari {given2} a été arrêté par les {group2} près de {region2}. ",
    "Le lendemain, {given} est partie se cacher chez {person2} à {village2}. ",
    "Vous pouvez écrire à {email}. J'ai déposé plainte, dossier RG n° {caseno}. ",
    "Ils ont aussi pris l'argent envoyé par Orange Money au {mm}. ",
    "J'ai témoigné devant la {inst} en {month2} {year2}. {family} est mon nom de famille. ",
    "Mon passeport n° {passport} a été brûlé. ",
    "{chain_person} a vu tout cela depuis le quartier {village3}. ",
]
EN_TEMPLATES = [
    "My name is {person} and I was born on {dob} near {region}. ",
    "On {day} {month} {year}, fighters of the {group} entered {village} village. ",
    "{kin}, aged {age}, was taken away. ",
    "You can call me on {phone}; my NINA is {nina}. ",
    "My husband {given2} was detained by {group2} soldiers in {region2}. ",
    "The next day {given} went to hide with {person2} in {village2}. ",
    "My email address is {email}. The police report number is PV n° {caseno}. ",
    "They took the money sent through Orange Money to {mm}. ",
    "I testified before the {inst} in {month2} {year2}. {family} is my family name. ",
    "My passport number {passport} was burnt. ",
    "{chain_person} saw everything from the {village3} neighbourhood. ",
]
TEST_ONLY_FR = ["Mme {family} m'a dit que {given} avait {age} ans quand ils l'ont prise. ",
                "Au camp de {village}, {person2} nous a donné à manger. "]
TEST_ONLY_EN = ["Mrs {family} told me that {given} was a {age}-year-old girl then. ",
                "At the {village} camp, {person2} gave us food. "]


def testimony(rng: random.Random, lang: str, number: int, pools: dict[str, list[str]], held_out: bool,
              ) -> dict[str, object]:
    given, family = rng.choice(pools["given"]), rng.choice(pools["family"])
    given2 = rng.choice([g for g in pools["given"] if g != given])
    person2 = f"{rng.choice(pools['given'])} {rng.choice(pools['family'])}"
    chain = f"{rng.choice(TUAREG_GIVEN)} {rng.choice(CHAINS)}"
    kin = rng.choice(KIN_FR if lang == "fr" else KIN_EN).format(g=rng.choice(pools["given"]),
                                                               f=rng.choice(pools["family"]))
    kin = kin[:1].upper() + kin[1:]
    months = MONTHS_FR if lang == "fr" else MONTHS_EN
    dob_year = rng.randint(1950, 2010)
    dob = rng.choice([f"{rng.randint(1, 28)} {rng.choice(months)} {dob_year}",
                      f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{dob_year}"])
    user = f"{given}.{family}".lower().replace("ï", "i").replace("é", "e").replace("è", "e").replace("ë", "e")
    slots: dict[str, tuple[str, str | None, bool]] = {
        "person": (f"{given} {family}", "PERSON", False), "given": (given, "PERSON", False),
        "family": (family, "PERSON", False), "given2": (given2, "PERSON", False),
        "person2": (person2, "PERSON", False), "chain_person": (chain, "PERSON", False),
        "kin": (kin, "KINSHIP", False), "age": (str(rng.randint(6, 17)), "AGE", False),
        "dob": (dob, "BIRTH_DATE", False), "phone": (phone(rng), "PHONE", False), "nina": (nina(rng), "ID", False),
        "email": (f"{user}{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'yahoo.fr', 'orangemali.net'])}",
                  "EMAIL", False),
        "caseno": (f"{rng.randint(2012, 2024)}/{rng.randint(1, 999):03d}", "CASE_REF", False),
        "mm": (phone(rng), "ACCOUNT", False),
        "passport": (f"{rng.choice(['AA', 'B', 'AB'])}{rng.randint(1000000, 9999999)}", "ID", False),
        "village": (pools["villages"][number % len(pools["villages"])], "LOC", False),
        "village2": (pools["villages"][(number * 7 + 3) % len(pools["villages"])], "LOC", False),
        "village3": (pools["villages"][(number * 11 + 5) % len(pools["villages"])], "LOC", False),
        "region": region_slot(rng), "region2": region_slot(rng),
        "group": (rng.choice(GROUPS), "KEEP", True), "group2": (rng.choice(GROUPS), "KEEP", True),
        "inst": (rng.choice(INSTITUTIONS), "KEEP", True),
        "day": (str(rng.randint(1, 28)), None, False), "month": (rng.choice(months), "KEEP", True),
        "year": (str(rng.randint(2012, 2023)), "KEEP", True), "month2": (rng.choice(months), "KEEP", True),
        "year2": (str(rng.randint(2019, 2024)), "KEEP", True),
    }
    templates = list(FR_TEMPLATES if lang == "fr" else EN_TEMPLATES)
    if held_out:
        templates += TEST_ONLY_FR if lang == "fr" else TEST_ONLY_EN
    chosen = [templates[0], *rng.sample(templates[1:], k=min(len(templates) - 1, rng.randint(6, 9)))]
    builder = Builder()
    for template in chosen:
        fill(builder, template, slots)
    text = builder.text()
    if rng.random() < 0.15:  # ALL-CAPS transcript
        text = text.upper()
        if len(text) != builder.length:
            text = builder.text()
    for span in builder.gold + builder.keep:
        span["text"] = text[int(str(span["start"])):int(str(span["end"]))]
    return {"id": f"{'test' if held_out else 'dev'}-{lang}-{number:03d}", "lang": lang, "text": text,
            "gold": builder.gold, "keep": builder.keep}


def build(held_out: bool, count: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    half_given, half_family = len(GIVEN_IN) // 2, len(FAMILY_IN) // 2
    pools = {
        "given": (GIVEN_IN[half_given:] + GIVEN_OUT_TEST) if held_out else (GIVEN_IN[:half_given] + GIVEN_OUT_DEV),
        "family": (FAMILY_IN[half_family:] + FAMILY_OUT_TEST) if held_out
        else (FAMILY_IN[:half_family] + FAMILY_OUT_DEV),
        "villages": villages(random.Random(7), 60, 60 if held_out else 0),
    }
    return [testimony(rng, "fr" if n % 3 else "en", n, pools, held_out) for n in range(count)]


def main() -> None:
    for name, held_out, count, seed in (("dev", False, 80, 1), ("test", True, 160, 2)):
        lines = [json.dumps(t, ensure_ascii=False) for t in build(held_out, count, seed)]
        (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
