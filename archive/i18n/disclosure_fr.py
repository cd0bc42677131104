"""Messages du registre des communications (numéros de preuve, destinataires, levées de caviardage)."""

MESSAGES: dict[str, str] = {
    "err.recipient_unknown": "Destinataire inconnu : « {recipient} ». Enregistrez-le d'abord "
                             "(`temoin disclosures recipients add NOM --kind TYPE`) ou vérifiez l'orthographe.",
    "err.recipient_name_required": "Donnez le nom du destinataire.",
    "err.recipient_kind_unknown": "Type de destinataire inconnu : « {kind} ». Types : {kinds}.",
    "err.recipient_exists": "Le destinataire « {name} » existe déjà.",
    "err.disclosure_purpose_required": "Indiquez l'objet de la communication (--purpose).",
    "err.disclosure_unknown": "Communication inconnue : {id}.",
    "err.lift_span_syntax": "--span attend SPAN_ID=CODE_MOTIF[:texte libre], reçu « {given} ».",
    "err.lift_nothing": "Choisissez au moins un passage caviardé à lever.",
    "err.lift_span_unknown": "Le passage {span} n'appartient à aucun élément de la communication {disclosure}.",
    "err.lift_span_not_redacted": "Le passage {span} n'est pas caviardé (statut {status}) : rien à lever.",
    "err.lift_reason_unknown": "Motif de levée inconnu : « {code} ». Motifs : {codes}.",
    "err.lift_reason_text_required": "Le motif « autre » demande une explication pour le passage {span}.",
    "err.lift_reason_invalid": "Motif de levée invalide : « {code} » (lettres, chiffres et _ ; libellés français "
                               "et anglais requis).",
    "err.lift_consent_missing": "Levée refusée : le passage {span} ({label}) de la pièce {item} révèle "
                                "l'identité, et la personne n'a pas consenti à « {scope} ».",
    "err.evidence_number_collision": "Le numéro de preuve {number} de l'élément {item} est déjà porté ici par "
                                     "l'élément {holder} : import arrêté, rien n'a été renuméroté.",
    "err.evidence_number_changed": "L'élément {item} porte ici le numéro {ours}, le paquet dit {theirs} : un "
                                   "numéro de preuve ne change jamais, import arrêté.",
    "err.evidence_number_unknown": "Numéro de preuve inconnu : {number}.",
    "err.citation_invalid": "Citation illisible : « {citation} » (attendu NUMÉRO, NUMÉRO:page ou "
                            "NUMÉRO@secondes).",
    "disc.verify.format": "Ce fichier n'est pas un extrait du registre (format temoin-register/1).",
    "disc.verify.row": "La communication {id} a été modifiée dans l'extrait (son empreinte ne correspond plus).",
    "disc.verify.key": "La clé publique de l'extrait (ou --key) est illisible.",
    "disc.verify.fingerprint": "La clé {fingerprint} n'est pas celle qui a signé l'extrait.",
    "disc.verify.signature": "La signature de l'extrait ne correspond pas à son contenu : l'extrait a été modifié.",
    "disc.verify.bundle": "Le lot {file} (SHA-256 {sha256}) ne figure pas dans ce registre.",
    "disc.verify.ok": "Extrait valide : {count} communication(s), clé {fingerprint}.",
    "disc.title": "Communications",
    "disc.recipient": "Destinataire",
    "disc.recipients": "Destinataires",
    "disc.purpose": "Objet",
    "disc.profile": "Profil",
    "disc.numbers": "Numéros de preuve",
    "disc.when": "Date",
    "disc.by": "Autorisé par",
    "disc.sha": "SHA-256 du lot",
    "disc.previous": "Suite de",
    "disc.lifted": "Caviardages levés",
    "disc.none": "Aucune communication enregistrée.",
    "disc.notify": "Destinataires à prévenir (consentement retiré)",
    "disc.disclose": "Communiquer",
    "disc.evidence_number": "Numéro de preuve",
    "action.disclose": "communication d'un lot à un destinataire",
    "action.lift": "levée de caviardages pour un destinataire",
    "action.recipient_create": "enregistrement d'un destinataire",
    "action.lift_reason_edit": "modification des motifs de levée",
}
