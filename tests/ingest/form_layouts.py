"""Five invented form layouts, French and English, filled with synthetic identities.

- ``pv_dotted``: a hearing record with "Label : ........ value ........" dotted fields, two per line;
- ``admission_grid``: an admission sheet, a ruled table of label | value cells (four columns), checkbox rows;
- ``claim_boxes``: a claim form with one letter per box (name, first names, NINA, date of birth, phone);
- ``intake_two_column``: an intake sheet in two columns of "Label: value" written on underlines;
- ``relatives_table``: a declaration with a ruled table of relatives (header row, one relative per row).
Each has a header (institution, reference number) and most a signature area. Field values are recorded with
their kind and box: ``name``, ``relative``, ``dob``, ``age``, ``phone``, ``village``, ``nina``, ``file_number``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.ingest import form_values as v
from tests.ingest.form_canvas import Box, Canvas

PROSE_FR = ("Lequel, après avoir prêté serment de dire la vérité, nous a déclaré ce qui suit :",
            "Les hommes armés sont arrivés au marché le matin et ont encerclé les maisons du quartier.",
            "Nous avons fui vers la brousse et nous sommes restés cachés pendant deux jours.")
PROSE_EN = ("The applicant came to the desk with a relative and asked for legal assistance.",
            "She reports that armed men entered the village at dawn and burned the granaries.",
            "Referred to the medical unit; follow-up appointment agreed with the family.")


@dataclass(frozen=True)
class FieldValue:
    """One filled-in value: its kind, the text written, and its box in pixels of the rendered page."""

    kind: str
    text: str
    box: Box


@dataclass
class Sheet:
    canvas: Canvas
    language: str
    hand: str
    values: list[FieldValue] = field(default_factory=list)

    def add(self, kind: str, text: str, box: Box) -> None:
        self.values.append(FieldValue(kind, text.upper() if self.hand == "caps" and kind != "dob" else text, box))

    def pick_hand(self) -> str:
        """Mostly the sheet's hand, sometimes another (a form filled by two people)."""
        return self.hand if self.canvas.rng.random() < 0.8 else self.canvas.rng.choice(("typed", "caps", "hand"))

    def tr(self, french: str, english: str) -> str:
        return french if self.language == "fr" else english


def _dotted(s: Sheet, x: float, y: float, label: str, kind: str, text: str, x_end: float) -> None:
    c, hand = s.canvas, s.pick_hand()
    c.text(x, y, label, 10, anchor="ls")
    start = x + c.width_mm(label, 10) + 1.5
    at = start + c.rng.uniform(3, 12)
    if hand == "typed":  # typed forms break the leader around the value
        c.dots(start, at - 1.5, y, as_text=True)
        box = c.value(at, y, text, hand, 10)
        c.dots(at + c.width_mm(text, 10, "typed") + 1.5, x_end, y, as_text=True)
    else:  # written over a leader of dots
        c.dots(start, x_end, y, as_text=c.rng.random() < 0.5)
        box = c.value(at, y - 0.6, text, hand, 11)
    s.add(kind, text, box)


def pv_dotted(s: Sheet) -> None:
    c, rng = s.canvas, s.canvas.rng
    c.text(105, 15, "RÉPUBLIQUE DU MALI", 11, "serif_bold", anchor="ma")
    c.text(105, 21, "Un Peuple – Un But – Une Foi", 9, "italic", anchor="ma")
    for row, line in enumerate(("MINISTÈRE DE LA SÉCURITÉ", "DIRECTION RÉGIONALE DE LA POLICE",
                                f"COMMISSARIAT DU {rng.randint(2, 9)}e ARRONDISSEMENT")):
        c.text(18, 31 + row * 4.5, line, 8, "condensed")
    file_no = v.file_number(rng)
    c.text(130, 36, "PV N° ", 10, anchor="ls")
    s.add("file_number", file_no, c.value(130 + c.width_mm("PV N° ", 10), 36, file_no, "typed", 10))
    c.text(105, 52, "PROCÈS-VERBAL D'AUDITION DE TÉMOIN", 13, "serif_bold", anchor="ma")
    c.hline(50, 160, 59, 0.3)
    c.text(18, 70, PROSE_FR[0], 10, "typed", anchor="ls")
    witness, father, mother = v.person(rng), v.person(rng, female=False), v.person(rng, female=True)
    y, gap = 82.0, rng.uniform(10, 13)
    _dotted(s, 18, y, "Nom :", "name", witness.last, 100)
    _dotted(s, 104, y, "Prénom(s) :", "name", witness.first, 192)
    y += gap
    _dotted(s, 18, y, "Né(e) le :", "dob", v.dob(rng, witness, "fr"), 100)
    _dotted(s, 104, y, "à", "village", rng.choice(v.VILLAGES), 192)
    y += gap
    _dotted(s, 18, y, "Fils/Fille de :", "relative", f"{father.first} {witness.last}", 100)
    _dotted(s, 104, y, "et de :", "relative", f"{mother.first} {mother.last}", 192)
    y += gap
    _dotted(s, 18, y, "Domicile :", "village", rng.choice(v.VILLAGES), 100)
    _dotted(s, 104, y, "Tél. :", "phone", v.phone(rng), 192)
    y += gap
    _dotted(s, 18, y, "Profession :", "other", v.profession(rng, "fr"), 100)
    _dotted(s, 104, y, "NINA :", "nina", v.nina(rng), 192)
    y += gap + 4
    for line in PROSE_FR[1:]:
        c.text(18, y, line, 10, "typed", anchor="ls")
        y += 6
    _signatures(s, y + 12, ("Le témoin", "L'officier de police judiciaire"))


def _signatures(s: Sheet, y: float, roles: tuple[str, str]) -> None:
    c = s.canvas
    c.text(30, y, roles[0], 10, "label_bold", anchor="ls")
    c.text(125, y, roles[1], 10, "label_bold", anchor="ls")
    c.scribble(30, y + 4, 35, 10)
    c.scribble(128, y + 4, 40, 12)
    if c.rng.random() < 0.7:
        c.stamp(150, y + 12, 12, "CACHET")


def _grid(s: Sheet, top: float, widths: tuple[float, ...], rows: list[list[tuple[str, str, str]]],
          height: float) -> float:
    """A ruled table from x=18 mm; each cell is (kind, text, style): kind "label" prints, others are values."""
    c, left = s.canvas, 18.0
    for row_index, row in enumerate(rows):
        y0 = top + row_index * height
        x = left
        for width, (kind, text, style) in zip(widths, row, strict=True):
            baseline = y0 + height * 0.68
            if kind == "label":
                c.text(x + 1.8, baseline, text, 9, style, anchor="ls")
            elif text:
                hand = s.pick_hand() if style == "" else style
                size = 10.0
                shown, face = (text.upper(), "caps") if hand == "caps" else (text, "typed")
                while size > 6 and c.width_mm(shown, size, face) > width - 4:
                    size -= 0.5
                s.add(kind, text, c.value(x + 2.5, baseline, text, hand, size))
            x += width
    bottom = top + len(rows) * height
    for row_index in range(len(rows) + 1):
        c.hline(left, left + sum(widths), top + row_index * height)
    x = left
    for width in (0.0, *widths):
        x += width
        c.vline(x, top, bottom)
    return bottom


def admission_grid(s: Sheet) -> None:
    c, rng, tr = s.canvas, s.canvas.rng, s.tr
    c.rect(18, 14, 192, 34, 0.35)
    c.vline(128, 14, 34, 0.35)
    c.text(21, 21, tr("CENTRE DE PRISE EN CHARGE INTÉGRÉE", "ONE STOP CENTRE FOR SURVIVORS"), 10, "label_bold",
           anchor="ls")
    c.text(21, 28, tr("des violences basées sur le genre — Unité de Kati", "of gender-based violence — Kati unit"),
           8, anchor="ls")
    file_no = v.file_number(rng)
    c.text(131, 21, tr("N° dossier :", "File no.:"), 9, anchor="ls")
    s.add("file_number", file_no, c.value(131, 29, file_no, "typed", 10))
    c.text(105, 46, tr("FICHE D'ADMISSION", "ADMISSION SHEET"), 14, "label_bold", anchor="ma")
    who, kin = v.person(rng, female=rng.random() < 0.8), v.person(rng, oldest=1950, youngest=1990)
    colon = ":" if rng.random() < 0.5 else ""
    rows = [
        [("label", tr("Nom", "Surname") + colon, "label"), ("name", who.last, ""),
         ("label", tr("Prénom(s)", "First name(s)") + colon, "label"), ("name", who.first, "")],
        [("label", tr("Date de naissance", "Date of birth") + colon, "label"), ("dob", v.dob(rng, who, s.language), ""),
         ("label", tr("Âge", "Age") + colon, "label"), ("age", v.age(rng, who, s.language, bare=True), "")],
        [("label", tr("Village / quartier", "Village / area") + colon, "label"),
         ("village", rng.choice(v.VILLAGES), ""),
         ("label", tr("Téléphone", "Phone") + colon, "label"), ("phone", v.phone(rng), "")],
        [("label", tr("Personne à prévenir", "Contact person") + colon, "label"),
         ("relative", f"{kin.first} {kin.last}", ""),
         ("label", tr("Lien", "Relationship") + colon, "label"), ("other", v.relation(rng, s.language), "")],
        [("label", tr("Tél. du contact", "Contact phone") + colon, "label"), ("phone", v.phone(rng), ""),
         ("label", "NINA" + colon, "label"), ("nina", v.nina(rng), "")],
    ]
    bottom = _grid(s, 56, (40, 58, 32, 44), rows, rng.uniform(10, 12.5))
    y = bottom + 10
    x = c.text(18, y, tr("Sexe :", "Sex:"), 10, anchor="ls")[2] / c.dpi * 25.4 + 4
    for option in (tr("F", "F"), tr("M", "M")):
        x = c.checkbox(x, y, option, option == ("F" if who.female else "M"))
    y += 9
    x = c.text(18, y, tr("Type de violence :", "Type of violence:"), 10, anchor="ls")[2] / c.dpi * 25.4 + 4
    for option in (tr("physique", "physical"), tr("sexuelle", "sexual"), tr("psychologique", "psychological")):
        x = c.checkbox(x, y, option, rng.random() < 0.4)
    c.rect(18, y + 6, 192, y + 30)
    c.text(20, y + 11, tr("Observations :", "Notes:"), 9, "label_bold", anchor="ls")
    c.text(22, y + 19, (PROSE_FR if s.language == "fr" else PROSE_EN)[2][:80], 9, "typed", anchor="ls")
    _signatures(s, y + 44, (tr("La survivante", "Survivor"), tr("L'agent d'accueil", "Intake officer")))


def claim_boxes(s: Sheet) -> None:
    c, rng = s.canvas, s.canvas.rng
    c.text(105, 16, "COMMISSION VÉRITÉ, JUSTICE ET RÉCONCILIATION", 11, "serif_bold", anchor="ma")
    c.text(105, 27, "FORMULAIRE DE DEMANDE DE RÉPARATION", 13, "label_bold", anchor="ma")
    cell, gap = rng.uniform(5.0, 6.0), rng.choice((0.0, 0.0, 0.8))
    request = f"RC{rng.randint(2015, 2024)}{rng.randint(0, 99999):05d}"
    y = 40.0
    c.text(18, y + cell * 0.75, "N° de la demande", 10, anchor="ls")
    s.add("file_number", request, c.letter_boxes(70, y, request, 12, cell=cell, gap=gap))
    who = v.person(rng)
    nina = v.nina(rng)
    digits_phone = "".join(ch for ch in v.phone(rng) if ch.isdigit())[-8:]
    fields = (("NOM", "name", who.last.upper(), 18, ()), ("PRÉNOM(S)", "name", who.first.upper(), 20, ()),
              ("DATE DE NAISSANCE", "dob", v.dob_digits(who), 8, (2, 2, 4)),
              ("NINA", "nina", nina, 15, ()), ("TÉLÉPHONE", "phone", digits_phone, 8, (2, 2, 2, 2)))
    y += 14
    for label, kind, text, count, groups in fields:
        c.text(18, y + cell * 0.75, label, 10, "label_bold", anchor="ls")
        width = (count * (cell + gap) + (cell * 0.6 * len(groups))) if groups else count * (cell + gap)
        left = 70 if 70 + width < 195 else 195 - width
        s.add(kind, text, c.letter_boxes(left, y, text, count, cell=cell, gap=gap, groups=groups))
        if kind == "dob":
            c.text(left, y + cell + 3.5, "JJ   MM   AAAA", 7, anchor="ls")
        y += cell + 9
    y += 4
    for label, kind, text in (("Lieu des faits (village) :", "village", rng.choice(v.VILLAGES)),
                              ("Ayant droit (nom et prénoms) :", "relative",
                               f"{v.person(rng).first} {rng.choice(v.SURNAMES)}"),
                              ("Âge au moment des faits :", "age", f"{rng.randint(6, 60)} ans")):
        c.text(18, y, label, 10, anchor="ls")
        start = 18 + c.width_mm(label, 10) + 2
        c.hline(start, 192, y + 1.0, 0.2)
        s.add(kind, text, c.value(start + rng.uniform(2, 10), y, text, s.pick_hand(), 11))
        y += 11
    x = c.text(18, y + 4, "Qualité :", 10, anchor="ls")[2] / c.dpi * 25.4 + 4
    for option in ("victime directe", "ayant droit", "témoin"):
        x = c.checkbox(x, y + 4, option, rng.random() < 0.35)
    _signatures(s, y + 22, ("Le demandeur", "L'agent enregistreur"))


def intake_two_column(s: Sheet) -> None:
    c, rng, tr = s.canvas, s.canvas.rng, s.tr
    c.text(18, 18, tr("Association d'aide juridique Kènèya-Sira", "Kènèya-Sira Legal Aid Association"), 12,
           "label_bold", anchor="ls")
    c.text(18, 24, tr("Permanence juridique — fiche d'accueil", "Legal aid desk — intake sheet"), 9, anchor="ls")
    file_no = v.file_number(rng)
    label = tr("Dossier n° :", "Case no.:")
    c.text(128, 18, label, 10, anchor="ls")
    s.add("file_number", file_no, c.value(128 + c.width_mm(label, 10) + 2, 18, file_no, "typed", 10))
    c.hline(18, 192, 28, 0.5)
    who, kin = v.person(rng), v.person(rng, oldest=1950, youngest=1995)
    left = ((tr("Nom complet :", "Full name:"), "name", f"{who.first} {who.last}"),
            (tr("Date de naissance :", "Date of birth:"), "dob", v.dob(rng, who, s.language)),
            (tr("Âge :", "Age:"), "age", v.age(rng, who, s.language)),
            (tr("Téléphone :", "Phone:"), "phone", v.phone(rng)))
    right = ((tr("Village :", "Village:"), "village", rng.choice(v.VILLAGES)),
             (tr("Proche parent :", "Next of kin:"), "relative", f"{kin.first} {kin.last}"),
             (tr("Lien :", "Relationship:"), "other", v.relation(rng, s.language)),
             (tr("Tél. du proche :", "Kin's phone:"), "phone", v.phone(rng)))
    gap = rng.uniform(11, 14)
    for column, x0, x1 in ((left, 18.0, 100.0), (right, 108.0, 192.0)):
        y = 42.0
        for label, kind, text in column:
            c.text(x0, y, label, 10, anchor="ls")
            start = x0 + c.width_mm(label, 10) + 1.5
            c.hline(start, x1, y + 1.0, 0.2)
            s.add(kind, text, c.value(start + rng.uniform(1.5, 5), y, text, s.pick_hand(), 10.5))
            y += gap
    y = 42 + 4 * gap + 8
    c.text(18, y, tr("Résumé des faits", "Summary of incident"), 10, "label_bold", anchor="ls")
    for line in (PROSE_FR[1:] if s.language == "fr" else PROSE_EN[:2]):
        y += 7
        c.text(18, y, line, 10, "typed", anchor="ls")
    _signatures(s, y + 16, (tr("Signature du demandeur", "Applicant's signature"),
                            tr("Juriste", "Paralegal")))


def relatives_table(s: Sheet) -> None:
    c, rng, tr = s.canvas, s.canvas.rng, s.tr
    c.text(18, 18, tr("PROGRAMME NATIONAL DE RÉPARATIONS", "NATIONAL REPARATIONS PROGRAMME"), 11, "serif_bold",
           anchor="ls")
    file_no = v.file_number(rng)
    c.text(130, 26, tr("Réf. :", "Ref.:"), 10, anchor="ls")
    s.add("file_number", file_no, c.value(143, 26, file_no, "typed", 10))
    c.text(105, 40, tr("DÉCLARATION DES AYANTS DROIT", "DECLARATION OF DEPENDANTS"), 13, "label_bold", anchor="ma")
    who = v.person(rng)
    label = tr("Déclarant(e) :", "Declarant:")
    c.text(18, 54, label, 10, anchor="ls")
    c.hline(18 + c.width_mm(label, 10) + 1.5, 120, 55, 0.2)
    s.add("name", f"{who.first} {who.last}", c.value(46, 54, f"{who.first} {who.last}", s.pick_hand(), 11))
    header = [("label", tr(french, english), "label_bold") for french, english in (
        ("Nom et prénom", "Full name"), ("Lien", "Relation"), ("Âge", "Age"), ("Téléphone", "Phone"),
        ("Village", "Village"))]
    rows = [header]
    for _ in range(rng.randint(3, 4)):
        kin = v.person(rng, oldest=1945, youngest=2015)
        rows.append([("relative", f"{kin.first} {kin.last}", ""), ("other", v.relation(rng, s.language), ""),
                     ("age", v.age(rng, kin, s.language, bare=True), ""), ("phone", v.phone(rng), ""),
                     ("village", rng.choice(v.VILLAGES), "")])
    bottom = _grid(s, 64, (52, 24, 14, 46, 40), rows, rng.uniform(10, 12))
    c.text(18, bottom + 10, tr("Je certifie sur l'honneur l'exactitude des renseignements ci-dessus.",
                               "I certify that the information above is true."), 9, anchor="ls")
    _signatures(s, bottom + 24, (tr("Le déclarant", "Declarant"), tr("Le chef de village", "Village chief")))


LAYOUTS: dict[str, Callable[[Sheet], None]] = {
    "pv_dotted": pv_dotted, "admission_grid": admission_grid, "claim_boxes": claim_boxes,
    "intake_two_column": intake_two_column, "relatives_table": relatives_table,
}
LANGUAGES = {"pv_dotted": ("fr",), "admission_grid": ("fr", "en"), "claim_boxes": ("fr",),
             "intake_two_column": ("en", "fr"), "relatives_table": ("fr", "en")}
