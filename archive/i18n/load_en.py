"""Messages of the roles' two-person rule and of login throttling, in English."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "err.role_own": "Nobody may change their own role: ask another administrator.",
    "err.role_last_admin": "This is the last active administrator account: appoint another administrator first, "
                           "or nobody will be able to manage accounts.",
    "err.role_confirm_same_admin": "Another person must confirm this role change: the administrator who asked "
                                   "for it cannot confirm it (two-person rule).",
    "err.role_request": "No role change request '{id}' (see temoin users pending).",
    "err.role_request_closed": "This role change request is no longer pending ({status}).",
    "err.assign_self": "Nobody may assign themself to a case: ask another administrator.",
    "err.login_throttled": "Too many failed logins for this account or from this address: try again in "
                           "{seconds} s.",
    "users.pending": "Role changes to confirm",
    "users.pending_help": "A role that gives access to testimonies takes effect only when a second administrator "
                          "confirms it.",
    "users.requested_by": "Requested by",
    "users.confirm": "Confirm",
    "users.waiting_other": "Waiting for another administrator",
    "users.done_created_pending": "Account created; it opens once a second administrator confirms its role.",
    "users.done_role_pending": "Role change requested; it takes effect once a second administrator confirms it.",
    "action.permission_change_requested": "role change requested (awaiting confirmation)",
    "cli.serve_search_unavailable": "Search unavailable for now ({detail}): the archive starts; searches are "
                                    "refused until the engine answers.",
}
