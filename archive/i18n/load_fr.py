"""Messages of the roles' two-person rule and of login throttling, in French."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "err.role_own": "Personne ne peut changer son propre rôle : demandez-le à un·e autre administrateur·rice.",
    "err.role_last_admin": "C'est le dernier compte administrateur actif : nommez d'abord un·e autre "
                           "administrateur·rice, sinon plus personne ne pourra gérer les comptes.",
    "err.role_confirm_same_admin": "Une autre personne doit confirmer ce changement de rôle : l'administrateur·rice "
                                   "qui l'a demandé ne peut pas le confirmer (règle des deux personnes).",
    "err.role_request": "Aucune demande de changement de rôle « {id} » (voir temoin users pending).",
    "err.role_request_closed": "Cette demande de changement de rôle n'est plus en attente ({status}).",
    "err.assign_self": "Personne ne peut s'affecter soi-même à un dossier : demandez-le à un·e autre "
                       "administrateur·rice.",
    "err.login_throttled": "Trop de tentatives de connexion échouées pour ce compte ou depuis cette adresse : "
                           "réessayez dans {seconds} s.",
    "users.pending": "Changements de rôle à confirmer",
    "users.pending_help": "Un rôle qui donne accès aux témoignages ne prend effet que lorsqu'un·e second·e "
                          "administrateur·rice le confirme.",
    "users.requested_by": "Demandé par",
    "users.confirm": "Confirmer",
    "users.waiting_other": "En attente d'un·e autre administrateur·rice",
    "users.done_created_pending": "Compte créé ; il s'ouvrira quand un·e second·e administrateur·rice aura "
                                  "confirmé son rôle.",
    "users.done_role_pending": "Changement de rôle demandé ; il prendra effet quand un·e second·e "
                               "administrateur·rice l'aura confirmé.",
    "action.permission_change_requested": "changement de rôle demandé (en attente de confirmation)",
    "cli.serve_search_unavailable": "Recherche indisponible pour l'instant ({detail}) : l'archive démarre, les "
                                    "recherches seront refusées tant que le moteur ne répond pas.",
}
