"""Messages of the command line (``archive/cli``), in French: results, warnings and refusals it prints itself."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "cli.error": "erreur",
    "cli.warning": "attention",
    "cli.failed": "ÉCHEC",
    "cli.not_a_file": "{path} : ce n'est pas un fichier",
    "cli.bundle_made": "{items} élément(s), {withheld} retenu(s)",
    "cli.bundle_ok": "OK {bundle} : {files} fichier(s), {entries} entrée(s) de traçabilité, clé {fingerprint}",
    "cli.bundle_bad": "{where} : {problem}",
    "cli.key_fingerprint": "empreinte (SHA-256) : {fingerprint}",
    "cli.key_older": "ancienne clé : {fingerprint}",
    "cli.key_rotate_refused": "refusé : le rôle {role} ne peut pas renouveler les clés de l'archive",
    "cli.key_rotated": "nouvelle clé {new} (ancienne {old} conservée)",
    "cli.bundle_revoked": "{id} révoqué le {at}",
    "cli.same_bytes": "{name} : mêmes octets que {other} — peut-être un nouvel entretien",
    "cli.extraction_failed": "{name} : échec de l'extraction : {error}",
    "cli.item_consent": "consentement : {scopes}",
    "cli.migrate_target": "impossible d'ouvrir la cible : {detail}",
    "cli.migrate_refused": "migration refusée : {detail}",
    "cli.migrate_stopped": "migration arrêtée : {detail}",
    "cli.migrate_already": "Déjà migrée vers {target}",
    "cli.migrate_done": "Migrée : {rows} ligne(s), {objects} objet(s) ({bytes} octets) vérifié(s), chaîne de "
                        "traçabilité de {entries} entrée(s) intacte, {indexed} document(s) indexé(s), en {seconds} s",
    "cli.persons_unreadable": "impossible de lire {path} : {detail}",
    "cli.persons_too_few": "{count} fiche(s) : moins de deux, rien à comparer",
    "cli.persons_found": "{pairs} paire(s) de probabilité ≥ {threshold} parmi {records} fiche(s), en {seconds} s",
    "cli.redact_failed": "temoin redact : {detail}",
    "cli.redact_unreadable": "impossible de lire {source} : {detail}",
    "cli.redact_not_utf8": "{source} n'est pas du texte UTF-8 (octet {byte}) : convertissez-le, ou versez-le "
                           "dans l'archive avec temoin ingest",
    "cli.redact_lang": "--lang vaut fr, en ou auto, pas {value}",
    "cli.redact_one_input": "donnez soit --json FICHIER, soit --jsonl (un seul des deux)",
    "cli.first_admin": "\n[bold]Premier démarrage[/] : un compte administrateur a été créé.\n"
                       "  utilisateur : [bold]{user}[/]   mot de passe : [bold]{password}[/]\n"
                       "  Notez-le maintenant : il ne sera plus affiché. L'administrateur gère les comptes "
                       "(`temoin users add NOM --role documentation_officer`) et ne voit aucun témoignage.\n",
    "cli.serving": "Témoin : {url}  (API : {url}/docs, données : {data})",
    "cli.jobs_run": "{count} tâche(s) exécutée(s)",
    "cli.worker_started": "travailleur {name} démarré",
    "cli.transfer_since": "--since {value} n'est pas une date ISO : donnez par exemple 2026-11-01 ou "
                          "2026-11-01T08:00+00:00",
    "cli.transfer_refused": "paquet refusé : {detail}",
    "cli.transfer_already": "Déjà importé : {sha256}",
    "cli.transfer_imported": "Importé depuis {origin} : {added}",
    "cli.transfer_verified": "{segments} segment(s), {entries} entrée(s), {references} référence(s)",
    "cli.password_prompt": "Mot de passe",
    "cli.doctor_check": "vérification",
    "cli.doctor_found": "constat",
    "cli.doctor_fix": "correction",
    "cli.doctor_ready": "Installation prête.",
    "cli.doctor_not_ready": "Installation à corriger.",
    "cli.doctor_fail": "ÉCHEC",
}
MESSAGES.update({
    "cli.retired": "retiré",
    "cli.fixity_problem": "{kind} : {sha256} (éléments {items}) : {detail}",
    "cli.role_waits": "en attente de la confirmation d'un·e second·e administrateur·rice "
                      "(temoin users confirm-role {id})",
})

# Les refus des services que seule la ligne de commande atteint (CSV de personnes, paquets de transfert, migration).
MESSAGES.update({
    "err.csv_empty": "{source} est vide : la première ligne doit être l'en-tête {header}",
    "err.csv_columns": "{source} : colonne(s) manquante(s) {missing} ; l'en-tête doit être {header} (trouvé : "
                       "{found})",
    "err.csv_no_id": "{source} : pas d'identifiant à la (aux) ligne(s) {lines} ; chaque ligne a besoin d'un "
                     "identifiant unique",
    "err.csv_duplicate_ids": "{source} : identifiant(s) en double {ids} ; chaque ligne a besoin du sien",
    "err.csv_decisions_header": "{source} : l'en-tête doit être a,b,decision",
    "err.csv_decisions_lines": "{source} : la (les) ligne(s) {lines} doivent donner deux identifiants et « same » "
                               "ou « different »",
    "err.transfer_unreadable": "{path} n'est pas un paquet de transfert Témoin lisible ({detail})",
    "err.transfer_unknown_key": "{path} vient d'une archive dont cette archive ne connaît pas encore la clé : donnez "
                                "la clé publique de l'antenne avec --key FICHIER.pem (obtenue par `temoin keys show` "
                                "là-bas, remise par un canal de confiance)",
    "err.transfer_own_package": "{path} a été exporté par cette archive même ({origin}) : importez-le sur l'archive "
                                "centrale",
    "err.transfer_custody": "{path} : les entrées de traçabilité de l'antenne ne se vérifient pas : {problem}",
    "err.transfer_object": "{path} : un objet n'a pas pu être stocké intact : {detail}",
    "err.transfer_column": "{rows} a une colonne « {column} » que cette archive ne connaît pas : mettez d'abord "
                           "Témoin à jour sur l'archive centrale",
    "err.transfer_not_zip": "{path} n'est pas un paquet de transfert ZIP lisible ({detail})",
    "err.transfer_lacks": "{path} n'a pas de {needed} : ce n'est pas un paquet de transfert Témoin",
    "err.transfer_manifest": "{path} : {manifest} est endommagé ({detail})",
    "err.transfer_signature": "{path} : la signature de {manifest} ne se vérifie pas avec la clé {fingerprint} "
                              "({source}) : le manifeste a été modifié ou signé par une autre archive ; refusez le "
                              "paquet",
    "err.transfer_extra": "{path} : {name} est dans le paquet mais pas dans le manifeste signé",
    "err.transfer_missing": "{path} : {name} figure au manifeste mais manque dans le paquet",
    "err.transfer_altered": "{path} : {name} a été modifié : son empreinte est {digest} ({size} octets), le "
                            "manifeste signé dit {signed} ({signed_size} octets)",
    "err.migrate_state_damaged": "{path} est endommagé ({detail}) : supprimez-le pour recommencer la migration",
    "err.migrate_target_other": "la base cible ({where}) contient déjà des données ({tables}) qui ne sont pas celles "
                                "de cette archive (identifiant {archive}) : sa première entrée de traçabilité "
                                "diffère. Donnez une base vide, ou celle qu'une migration interrompue de cette "
                                "archive a laissée",
    "err.migrate_target_used": "la base cible ({where}) contient les données de cette archive mais son journal de "
                               "traçabilité a avancé ({entries} entrées, la source en a {source_entries}) : elle a "
                               "servi depuis. Ne migrez plus dessus ; migrez vers une base vide",
    "err.migrate_rows": "table {table} : {total} ligne(s) ont quitté la source mais {arrived} sont sur la cible",
    "err.migrate_object_copy": "l'objet {sha256} n'a pas pu être copié intact : {detail}",
    "err.migrate_object_damaged": "l'objet {sha256} est arrivé endommagé sur le stockage cible {store} : {detail}. "
                                  "Vérifiez la source avec `temoin fixity`, puis relancez la migration",
    "err.migrate_chain": "la chaîne de traçabilité de la cible ne se vérifie pas : {problem}",
    "err.migrate_chain_end": "la chaîne de traçabilité de la cible s'arrête à l'entrée {entries} ({head}) mais celle "
                             "de la source à {source_entries} ({source_head}) : l'archive servait-elle pendant la "
                             "migration ? Arrêtez-la et relancez",
})

MESSAGES.update({  # notes on a persons CSV (archive/persons/matchcsv.py): read anyway
    "cli.csv_utf8_bom": "{source} : UTF-8 avec marque d'ordre des octets (BOM)",
    "cli.csv_utf16": "{source} : UTF-16",
    "cli.csv_cp1252": "{source} : pas en UTF-8, lu comme Windows-1252 (Latin-1) ; vérifiez les noms accentués",
    "cli.csv_latin1": "{source} : pas en UTF-8, lu comme Latin-1 (ISO-8859-1) ; vérifiez les noms accentués",
    "cli.csv_semicolons": "{source} : colonnes séparées par des points-virgules",
    "cli.csv_extra_columns": "{source} : colonne(s) {columns} ignorée(s)",
    "cli.csv_bad_dates": "{source} : birth_date ignorée sur {count} ligne(s) (attendu AAAA-MM-JJ, AAAA-MM, AAAA ou "
                         "« vers AAAA ») : lignes {lines}",
})
