"""Messages of the services' refusals (``archive.errors``), in French: what is wrong and what to do."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # accounts and sessions
    "err.role_unknown": "Rôle inconnu « {role} ». Rôles possibles : {roles}.",
    "err.permission_missing": "Votre rôle ({role}) ne permet pas cette action ({permission}). Demandez à "
                              "l'administrateur·rice si vous en avez besoin.",
    "err.password_short": "Mot de passe trop court : au moins {min} caractères.",
    "err.config_jwt_secret": "TEMOIN_JWT_SECRET est un secret par défaut ou trop court : mettez au moins {min} "
                             "caractères aléatoires, ou retirez-le pour que Témoin en génère un.",
    "err.key_file_mode": "{path} est lisible par d'autres utilisateurs : lancez `chmod 600 {path}`.",
    "err.login_wrong": "Nom d'utilisateur ou mot de passe incorrect.",
    "err.session_expired": "Votre session a expiré : reconnectez-vous.",
    "err.token_invalid": "Jeton invalide : reconnectez-vous.",
    "err.account_disabled": "Ce compte n'existe plus ou est désactivé.",
    "err.login_first": "Connectez-vous d'abord (en-tête « Authorization: Bearer <jeton> » obtenu par "
                       "POST /auth/login).",
    "err.csrf": "Formulaire expiré : rechargez la page et recommencez.",
    "err.username_length": "Le nom d'utilisateur doit faire de 1 à {max} caractères.",
    "err.username_taken": "Un compte nommé « {username} » existe déjà.",
    "err.user": "Aucun compte nommé « {username} ».",
    # cases and items
    "err.case_title_length": "Le titre du dossier doit faire de 1 à {max} caractères.",
    "err.case": "Dossier introuvable ({id}).",
    "err.case_not_visible": "Ce dossier ne vous est pas accessible : vous n'y êtes pas affecté·e et aucun de ses "
                            "témoignages ne vous est ouvert.",
    "err.item": "Témoignage introuvable ({id}).",
    "err.upload_not_assigned": "Vous ne pouvez ajouter des témoignages qu'aux dossiers qui vous sont affectés "
                               "ou que vous avez ouverts.",
    "err.upload_empty": "Le fichier {file} est vide (0 octet) : rien n'a été enregistré. Vérifiez le fichier et "
                        "déposez-le à nouveau.",
    "err.upload_too_large": "Le fichier dépasse la taille acceptée par cette archive ({limit}) : découpez-le ou "
                            "demandez à l'administrateur·rice d'augmenter TEMOIN_MAX_UPLOAD_BYTES.",
    "err.sealed_needs_user": "Un témoignage sous scellé doit nommer au moins une personne autorisée.",
    "err.redacted_only": "Vous ne pouvez voir que le texte caviardé de ce témoignage.",
    "err.correct_needs_full": "Corriger une transcription demande le texte intégral, que vous ne pouvez pas voir.",
    "err.no_text_yet": "Ce témoignage n'a pas encore de texte : attendez la fin de l'extraction.",
    "err.not_audio": "Ce témoignage n'est pas un enregistrement ({id}).",
    "err.static": "Fichier introuvable ({name}).",
    # consent and access
    "err.scope_unknown": "Portée de consentement inconnue « {scope} ». Portées possibles : {scopes}.",
    "err.consent_status": "Le consentement est « granted » (accordé) ou « withdrawn » (retiré), pas « {status} ».",
    "err.consent_method": "Méthode de consentement inconnue « {method} ». Méthodes possibles : {methods}.",
    "err.consent_not_yours": "Seul·e la ou le chargé·e de documentation qui a recueilli ce témoignage, ou une "
                             "personne affectée à son dossier, peut enregistrer son consentement.",
    "err.role_no_content": "Votre rôle ({role}) ne donne accès à aucun contenu de témoignage.",
    "err.sealed": "Ce témoignage est sous scellé et vous ne faites pas partie des personnes nommées.",
    "err.not_assigned": "Vous n'êtes pas affecté·e au dossier de ce témoignage.",
    "err.not_collector": "Vous n'avez pas recueilli ce témoignage et n'êtes pas affecté·e à son dossier.",
    "err.consent_missing": "La personne n'a pas consenti à cet usage ({scope}), ou a retiré son consentement, ou "
                           "il a expiré.",
    "err.download_needs_identity": "Les originaux portent l'identité de la personne : sans son consentement à la "
                                   "divulgation de l'identité, seul le matériel caviardé vous est ouvert.",
    "err.download_redacted_only": "Les originaux portent l'identité de la personne : votre rôle ne donne accès "
                                  "qu'au matériel caviardé.",
    # review
    "err.review_needs_full": "Relire les caviardages demande le texte intégral, que vous ne pouvez pas voir.",
    "err.decision_value": "Une décision est « accepted » (acceptée) ou « rejected » (rejetée), pas « {status} ».",
    "err.span": "Passage caviardé introuvable ({id}).",
    "err.label_unknown": "Étiquette inconnue « {label} ». Étiquettes possibles : {labels}.",
    "err.span_outside": "Le passage {start}-{end} sort du texte (0-{length}) : sélectionnez-le à nouveau.",
    "err.resolve_needs_identity": "Lever un pseudonyme demande le consentement de la personne à la divulgation de "
                                  "son identité.",
    "err.reason_required": "Indiquez pourquoi (la raison est gardée dans le journal de traçabilité).",
    "err.pseudonym": "« {pseudonym} » n'est pas un pseudonyme de ce dossier.",
    # custody
    "err.sealed_value": "L'entrée {seq} du journal n'a pas de valeur scellée « {name} ».",
    # uploads
    "err.content_range_missing": "En-tête Content-Range manquant : envoyez « Content-Range: bytes DÉBUT-FIN/TOTAL ».",
    "err.content_range_unreadable": "Content-Range illisible ({header}) : envoyez « bytes DÉBUT-FIN/TOTAL ».",
    "err.content_range_invalid": "Content-Range {header} n'est pas une plage valide d'un fichier de {total} octets.",
    "err.content_range_total": "Content-Range annonce {total} octets mais le dépôt a été ouvert pour {size} : "
                               "ouvrez un nouveau dépôt.",
    "err.upload_partial_short": "La partie déjà reçue est plus courte que prévu : recommencez le dépôt.",
    "err.upload_session": "Dépôt introuvable ({id}) : il est peut-être terminé, ou abandonné depuis un jour.",
    "err.upload_not_yours": "Ce dépôt appartient à une autre personne.",
    "err.upload_already_complete": "Ce dépôt est déjà terminé.",
    "err.upload_chunk_busy": "Un autre morceau de ce dépôt est en cours de réception : redemandez la position et "
                             "réessayez.",
    "err.upload_offset_mismatch": "Ce morceau commence à l'octet {start} mais le serveur en a {offset} : reprenez "
                                  "à l'octet {offset}.",
    "err.upload_partial_gone": "La partie déjà reçue a disparu : recommencez le dépôt.",
    "err.upload_chunk_long": "Le morceau est plus long que sa plage Content-Range ({length} octets).",
    "err.upload_chunk_cut": "Le morceau a été coupé : {received} octets sur {length} sont arrivés ; reprenez à "
                            "l'octet {offset}.",
    "err.upload_item_gone": "Le témoignage de ce dépôt n'existe plus ({id}).",
    "err.upload_not_finished": "Seuls {offset} octets sur {size} sont arrivés : envoyez la suite d'abord.",
    "err.upload_size_differs": "Le fichier reçu fait {received} octets au lieu de {size} : recommencez le dépôt.",
    "err.upload_no_content_type": "Content-Type manquant : envoyez le fichier en multipart/form-data dans le "
                                  "champ « file ».",
    "err.upload_not_multipart": "Envoyez le fichier en multipart/form-data dans le champ « file ».",
    "err.upload_one_file": "Un seul fichier par envoi.",
    "err.upload_field_large": "Le champ « {field} » est trop grand : mettez le fichier dans le champ « file ».",
    "err.upload_cut_off": "L'envoi a été coupé avant la fin : rien n'a été enregistré ; envoyez-le à nouveau.",
    "err.upload_no_file": "Aucun fichier reçu : mettez le témoignage dans le champ « file ».",
    # search
    "err.index_catching_up": "L'index de recherche rattrape des changements de consentement ou de caviardage : "
                             "réessayez dans une minute.",
    "err.search_invalid": "La recherche n'a pas pu être comprise : {detail}",
    "err.search_unavailable": "La recherche est indisponible pour le moment : {detail}",
    "err.filter_syntax": "Un filtre s'écrit CHAMP=VALEUR, par exemple region=Mopti (reçu : « {pair} »).",
    # jobs
    "err.job": "Traitement introuvable ({id}).",
    "err.jobs_not_yours": "Vous ne pouvez pas suivre les traitements de ce témoignage.",
    "err.job_not_failed": "Seul un traitement en échec peut être relancé (celui-ci est « {status} »).",
    # exports
    "err.bundle": "Export introuvable ({id}).",
    "err.bundle_not_yours": "Seule la personne qui a fait un export peut le télécharger à nouveau.",
    "err.bundle_revoked": "L'export {id} a été révoqué : {reason}",
    "err.bundle_not_kept": "L'export {id} a été écrit sur le disque de la personne qui l'a fait (ligne de "
                           "commande) ; l'archive ne le garde pas.",
    "err.revoke_reason_required": "Indiquez pourquoi l'export est révoqué (la raison est gardée dans le journal).",
    "err.bundle_already_revoked": "L'export {id} a déjà été révoqué le {at}.",
    "err.profile_unknown": "Profil d'export inconnu « {profile} ». Profils possibles : {profiles}.",
    "err.export_refused": "Aucun témoignage de ce dossier ne peut être exporté avec le profil « {profile} » "
                          "({scope}) : {reasons}",
    "err.export_blocked": "Export bloqué : {detail}",
    # parts
    "err.storage_unavailable": "Le stockage des fichiers est indisponible pour le moment : {detail}",
    "err.integrity": "Contrôle d'intégrité échoué : {detail}",
    "err.object_missing": "Un fichier de l'archive est introuvable : {detail}",
    "api.invalid_request": "Requête invalide :",
    # keys and transfers
    "err.key_not_pem": "{source} n'est pas une clé publique PEM : donnez le public_key.pem de l'archive.",
    "err.key_not_ed25519": "{source} n'est pas une clé publique Ed25519.",
    "err.signing_key_damaged": "{path} est endommagée : restaurez-la depuis une sauvegarde, ou `temoin keys rotate`.",
    "err.archive_key_damaged": "{path} est endommagée (32 octets attendus) : restaurez-la depuis une sauvegarde.",
    "err.since_format": "--since attend une date, ou une date et une heure avec son fuseau (ex. 2026-11-01T00:00+00:00).",
    "err.object_damaged": "Le fichier {sha256} est endommagé dans le stockage (empreinte {actual}) : lancez `temoin fixity` et restaurez-le avant d'exporter.",
    # generic
    "err.page_not_found": "Cette page n'existe pas. Revenez à l'accueil ou utilisez le menu.",
    "err.method_not_allowed": "Cette adresse ne s'utilise pas ainsi.",
    "cli.cannot_open": "Impossible d'ouvrir l'archive : {detail}",
    # internal
    "err.internal": "Erreur interne : elle a été consignée. Réessayez ; si elle revient, signalez-la avec "
                    "l'heure.",
}
