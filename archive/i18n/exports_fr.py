"""Messages of the export domain (issues 13 and 20), in French."""

MESSAGES: dict[str, str] = {
    "err.export_blocked_unreviewed": (
        "Export bloqué : dans « {title} », la relecture automatique a trouvé {count} passage(s) que personne n'a "
        "encore relu(s), dont : « {passage} ». Ouvrez la page de relecture ({review}), masquez ou laissez chaque "
        "passage proposé, puis relancez l'export."),
    "err.export_blocked_leak": (
        "Export bloqué : dans « {title} », un élément qui pourrait identifier une personne resterait lisible "
        "après caviardage : « {passage} ». Ouvrez la page de relecture ({review}), masquez ce passage, puis "
        "relancez l'export."),
    "err.export_blocked_media": (
        "Export bloqué : le fichier caviardé de « {title} » n'a pas pu être produit de façon sûre ({where}). "
        "Vérifiez l'élément sur sa page de relecture ({review}), puis relancez l'export."),
    "err.export_blocked_timestamps": (
        "Export bloqué : la transcription de « {title} » n'a pas d'horodatage des mots, on ne peut donc pas "
        "couvrir les passages caviardés dans l'enregistrement. Relancez la transcription depuis la page de "
        "relecture ({review}), puis relancez l'export."),
    "err.media_check_nothing": (
        "Cet élément n'a ni enregistrement ni page scannée à vérifier."),
    "err.media_check_profile": "Profil inconnu « {profile} ». Profils : {profiles}.",
    "export.open_review": "Ouvrir la page de relecture",
    "review.media_title": "Vérifier le média caviardé",
    "review.media_help_audio": (
        "Écoutez l'enregistrement caviardé en entier. Il ne peut sortir (profil poursuites seulement, sans "
        "consentement à la divulgation d'identité) qu'après avoir été marqué « écouté et vérifié »."),
    "review.media_help_scan": (
        "Regardez l'image caviardée : les zones que la reconnaissance de texte a mal lues ou pas lues du tout "
        "(tableaux, cases, écriture manuscrite) peuvent encore montrer un nom. Sans la mention « vérifié », "
        "seul le texte caviardé sort."),
    "review.media_open": "Ouvrir le média caviardé",
    "review.media_mark_audio": "Écouté et vérifié",
    "review.media_mark_scan": "Vérifié",
    "review.media_checked": "Vérifié par {by} le {at}",
    "action.media_check": "vérification d'un média caviardé",
    "review.media_profile": "Profil",
}
