"""Messages de la branche disclose : exportations nommant destinataire et objet, levées depuis le web."""

MESSAGES: dict[str, str] = {
    "err.export_recipient_required": "Nommez le destinataire (--to) et l'objet (--purpose) : toute exportation "
                                     "est une communication inscrite au registre. Destinataires enregistrés : "
                                     "`temoin disclosures recipients list` ; en enregistrer un : `temoin "
                                     "disclosures recipients add NOM --kind TYPE`.",
    "disc.lift.title": "Lever des caviardages",
    "disc.lift.link": "Lever des caviardages…",
    "disc.lift.span": "Passage caviardé",
    "disc.lift.reason": "Motif",
    "disc.lift.text": "Précision (obligatoire avec « Autre »)",
    "disc.lift.already": "déjà levé",
    "disc.lift.needs_identity": "exige le consentement à la divulgation de l'identité",
    "disc.lift.button": "Communiquer avec ces levées",
    "export.recipient": "Destinataire",
    "export.purpose": "Objet de l'envoi",
    "export.no_recipients": "Aucun destinataire enregistré : toute exportation est envoyée à un destinataire nommé et "
                            "inscrite au registre des communications.",
    "export.add_recipient": "Enregistrer un destinataire",
}
