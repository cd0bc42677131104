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
