"""Messages of the services' refusals (``archive.errors``), in English: same keys as errors_fr.py."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # accounts and sessions
    "err.role_unknown": "Unknown role '{role}'. Roles: {roles}.",
    "err.permission_missing": "Your role ({role}) does not allow this ({permission}). Ask the administrator if "
                              "you need it.",
    "err.password_short": "Password too short: use at least {min} characters.",
    "err.config_jwt_secret": "TEMOIN_JWT_SECRET is a default or too short a secret: set at least {min} random "
                             "characters, or unset it to let Témoin generate one.",
    "err.key_file_mode": "{path} is readable by other users: run `chmod 600 {path}`.",
    "err.login_wrong": "Wrong user name or password.",
    "err.session_expired": "Your session has expired: log in again.",
    "err.token_invalid": "Invalid token: log in again.",
    "err.account_disabled": "This account no longer exists or is disabled.",
    "err.login_first": "Log in first: send 'Authorization: Bearer <token>' from POST /auth/login.",
    "err.csrf": "The form expired: reload the page and try again.",
    "err.username_length": "A user name must be 1 to {max} characters.",
    "err.username_taken": "A user named '{username}' already exists.",
    "err.user": "No user named '{username}'.",
    # cases and items
    "err.case_title_length": "A case title must be 1 to {max} characters.",
    "err.case": "Case not found ({id}).",
    "err.case_not_visible": "This case is not open to you: you are not assigned to it and none of its testimonies "
                            "is open to you.",
    "err.item": "Testimony not found ({id}).",
    "err.upload_not_assigned": "You may add testimonies only to cases you are assigned to or opened.",
    "err.upload_empty": "The file {file} is empty (0 bytes): nothing was stored. Check the file and upload it "
                        "again.",
    "err.upload_too_large": "The file is larger than this archive accepts ({limit}): split it, or ask the "
                            "administrator to raise TEMOIN_MAX_UPLOAD_BYTES.",
    "err.sealed_needs_user": "A testimony under seal needs at least one named user.",
    "err.redacted_only": "You may see only the redacted text of this testimony.",
    "err.correct_needs_full": "Correcting a transcript needs the full text, which you may not see.",
    "err.no_text_yet": "This testimony has no text yet: wait until its extraction is done.",
    "err.not_audio": "This testimony is not a recording ({id}).",
    "err.static": "File not found ({name}).",
    # consent and access
    "err.scope_unknown": "Unknown consent scope '{scope}'. Scopes: {scopes}.",
    "err.consent_status": "Consent is 'granted' or 'withdrawn', not '{status}'.",
    "err.consent_method": "Unknown consent method '{method}'. Methods: {methods}.",
    "err.consent_not_yours": "Only the documentation officer who collected this testimony, or one assigned to its "
                             "case, may record its consent.",
    "err.role_no_content": "Your role ({role}) gives access to no testimony content.",
    "err.sealed": "This testimony is under seal and you are not among the named users.",
    "err.not_assigned": "You are not assigned to this testimony's case.",
    "err.not_collector": "You did not collect this testimony and are not assigned to its case.",
    "err.consent_missing": "The survivor has not consented to this use ({scope}), or withdrew it, or it expired.",
    "err.download_needs_identity": "Originals carry the survivor's identity: without consent to identity "
                                   "disclosure, only redacted material is open to you.",
    "err.download_redacted_only": "Originals carry the survivor's identity: your role gives access to redacted "
                                  "material only.",
    # review
    "err.review_needs_full": "Reviewing redactions needs the full text, which you may not see.",
    "err.decision_value": "A decision is 'accepted' or 'rejected', not '{status}'.",
    "err.span": "Redaction span not found ({id}).",
    "err.label_unknown": "Unknown label '{label}'. Labels: {labels}.",
    "err.span_outside": "The span {start}-{end} is outside the text (0-{length}): select it again.",
    "err.resolve_needs_identity": "Resolving a pseudonym needs the survivor's consent to identity disclosure.",
    "err.reason_required": "Say why (the reason is kept in the custody log).",
    "err.pseudonym": "'{pseudonym}' is not a pseudonym of this case.",
    # custody
    "err.sealed_value": "Custody entry {seq} has no sealed value '{name}'.",
    # uploads
    "err.content_range_missing": "Missing Content-Range header: send 'Content-Range: bytes START-END/TOTAL'.",
    "err.content_range_unreadable": "Unreadable Content-Range ({header}): send 'bytes START-END/TOTAL'.",
    "err.content_range_invalid": "Content-Range {header} is not a valid byte range of a {total}-byte file.",
    "err.content_range_total": "Content-Range says {total} bytes but the upload was opened for {size}: open a new "
                               "upload.",
    "err.upload_partial_short": "The part already received is shorter than recorded: start the upload again.",
    "err.upload_session": "Upload not found ({id}): it may have been completed, or abandoned for a day.",
    "err.upload_not_yours": "This upload belongs to another user.",
    "err.upload_already_complete": "This upload is already complete.",
    "err.upload_chunk_busy": "Another chunk of this upload is being received: ask for the offset and retry.",
    "err.upload_offset_mismatch": "This chunk starts at byte {start} but the server has {offset}: resume from byte "
                                  "{offset}.",
    "err.upload_partial_gone": "The part already received is gone: start the upload again.",
    "err.upload_chunk_long": "The chunk is longer than its Content-Range ({length} bytes).",
    "err.upload_chunk_cut": "The chunk was cut off: {received} of {length} bytes arrived; resume from byte "
                            "{offset}.",
    "err.upload_item_gone": "The testimony of this upload no longer exists ({id}).",
    "err.upload_not_finished": "Only {offset} of {size} bytes have arrived: send the rest first.",
    "err.upload_size_differs": "The received file has {received} bytes instead of {size}: start the upload again.",
    "err.upload_no_content_type": "Missing Content-Type: send the file as multipart/form-data in the 'file' field.",
    "err.upload_not_multipart": "Send the file as multipart/form-data in the 'file' field.",
    "err.upload_one_file": "One file per request.",
    "err.upload_field_large": "The form field '{field}' is too large: put the file in the 'file' field.",
    "err.upload_cut_off": "The upload was cut off before the end: nothing was stored; send it again.",
    "err.upload_no_file": "No file received: put the testimony in the 'file' field.",
    # search
    "err.index_catching_up": "The search index is catching up with consent or redaction changes: try again in a "
                             "minute.",
    "err.search_invalid": "The search could not be understood: {detail}",
    "err.search_unavailable": "Search is unavailable for now: {detail}",
    "err.filter_syntax": "A filter is FIELD=VALUE, e.g. region=Mopti (got '{pair}').",
    # jobs
    "err.job": "Job not found ({id}).",
    "err.jobs_not_yours": "You may not follow the jobs of this testimony.",
    "err.job_not_failed": "Only a failed job can be run again (this one is '{status}').",
    # exports
    "err.bundle": "Bundle not found ({id}).",
    "err.bundle_not_yours": "Only the person who exported a bundle may download it again.",
    "err.bundle_revoked": "Bundle {id} was revoked: {reason}",
    "err.bundle_not_kept": "Bundle {id} was written to the exporter's own disk (command line); the archive does not "
                           "keep it.",
    "err.revoke_reason_required": "Say why the bundle is revoked (the reason is kept in the custody log).",
    "err.bundle_already_revoked": "Bundle {id} was already revoked on {at}.",
    "err.profile_unknown": "Unknown export profile '{profile}'. Profiles: {profiles}.",
    "err.export_refused": "No testimony of this case may be exported with the '{profile}' profile ({scope}): "
                          "{reasons}",
    "err.export_blocked": "Export blocked: {detail}",
    # parts
    "err.storage_unavailable": "File storage is unavailable for now: {detail}",
    "err.integrity": "Integrity check failed: {detail}",
    "err.object_missing": "A file of the archive is missing: {detail}",
    "api.invalid_request": "Invalid request:",
    # keys and transfers
    "err.key_not_pem": "{source} is not a PEM public key: give the archive's public_key.pem.",
    "err.key_not_ed25519": "{source} is not an Ed25519 public key.",
    "err.signing_key_damaged": "{path} is damaged: restore it from backup, or `temoin keys rotate`.",
    "err.archive_key_damaged": "{path} is damaged (expected 32 bytes): restore it from backup.",
    "err.since_format": "--since needs a date, or a date and time with its time zone (e.g. 2026-11-01T00:00+00:00).",
    "err.object_damaged": "Object {sha256} is damaged in the store (hashes to {actual}): run `temoin fixity` and restore it before exporting.",
    # generic
    "err.page_not_found": "This page does not exist. Go back home or use the menu.",
    "err.method_not_allowed": "This address is not used this way.",
    "cli.cannot_open": "Cannot open the archive: {detail}",
    # internal
    "err.internal": "Internal error: it was logged. Try again; if it comes back, report it with the time.",
}
