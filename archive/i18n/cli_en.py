"""Messages of the command line (``archive/cli``), in English: results, warnings and refusals it prints itself."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "cli.error": "error",
    "cli.warning": "warning",
    "cli.failed": "FAILED",
    "cli.not_a_file": "{path}: not a file",
    "cli.bundle_made": "{items} item(s), {withheld} withheld",
    "cli.bundle_ok": "OK {bundle}: {files} file(s), {entries} custody entries, key {fingerprint}",
    "cli.bundle_bad": "{where}: {problem}",
    "cli.key_fingerprint": "fingerprint (SHA-256): {fingerprint}",
    "cli.key_older": "older key: {fingerprint}",
    "cli.key_rotate_refused": "refused: the role {role} may not rotate the archive's keys",
    "cli.key_rotated": "new key {new} (old {old} kept)",
    "cli.bundle_revoked": "{id} revoked {at}",
    "cli.same_bytes": "{name}: same bytes as {other} — possible re-interview",
    "cli.extraction_failed": "{name}: extraction failed: {error}",
    "cli.item_consent": "consent: {scopes}",
    "cli.migrate_target": "cannot open the target: {detail}",
    "cli.migrate_refused": "migration refused: {detail}",
    "cli.migrate_stopped": "migration stopped: {detail}",
    "cli.migrate_already": "Already migrated to {target}",
    "cli.migrate_done": "Migrated: {rows} rows, {objects} objects ({bytes} bytes) verified, custody chain of "
                        "{entries} entries intact, {indexed} documents indexed, in {seconds} s",
    "cli.persons_unreadable": "cannot read {path}: {detail}",
    "cli.persons_too_few": "{count} record(s): fewer than two, nothing to compare",
    "cli.persons_found": "{pairs} pair(s) at probability >= {threshold} among {records} records in {seconds} s",
    "cli.redact_failed": "temoin redact: {detail}",
    "cli.redact_unreadable": "cannot read {source}: {detail}",
    "cli.redact_not_utf8": "{source} is not UTF-8 text (byte {byte}); convert it or ingest it with temoin first",
    "cli.redact_lang": "--lang must be fr, en or auto, not {value}",
    "cli.redact_one_input": "give exactly one of --json FILE or --jsonl",
    "cli.first_admin": "\n[bold]First start[/]: an administrator account was created.\n"
                       "  user: [bold]{user}[/]   password: [bold]{password}[/]\n"
                       "  Write it down now: it is shown only once. The admin manages accounts "
                       "(`temoin users add NAME --role documentation_officer`) and sees no testimony.\n",
    "cli.serving": "Témoin: {url}  (API: {url}/docs, data: {data})",
    "cli.jobs_run": "{count} job(s) run",
    "cli.worker_started": "worker {name} started",
    "cli.transfer_since": "--since {value} is not an ISO date: give e.g. 2026-11-01 or 2026-11-01T08:00+00:00",
    "cli.transfer_refused": "package refused: {detail}",
    "cli.transfer_already": "Already imported: {sha256}",
    "cli.transfer_imported": "Imported from {origin}: {added}",
    "cli.transfer_verified": "{segments} segment(s), {entries} entries, {references} reference(s)",
    "cli.password_prompt": "Password",
    "cli.doctor_check": "check",
    "cli.doctor_found": "what was found",
    "cli.doctor_fix": "what to do",
    "cli.doctor_ready": "Installation ready.",
    "cli.doctor_not_ready": "Installation needs attention.",
    "cli.doctor_fail": "FAIL",
}
MESSAGES.update({
    "cli.retired": "retired",
    "cli.fixity_problem": "{kind}: {sha256} (items {items}): {detail}",
    "cli.role_waits": "waiting for a second administrator's confirmation (temoin users confirm-role {id})",
})

# The refusals of the services only the command line reaches (persons CSV, transfer packages, migration).
MESSAGES.update({
    "err.csv_empty": "{source} is empty: the first line must be the header {header}",
    "err.csv_columns": "{source}: missing column(s) {missing}; the header must be {header} (found: {found})",
    "err.csv_no_id": "{source}: no id on line(s) {lines}; every row needs a unique id",
    "err.csv_duplicate_ids": "{source}: duplicate id(s) {ids}; each row needs its own id",
    "err.csv_decisions_header": "{source}: the header must be a,b,decision",
    "err.csv_decisions_lines": "{source}: line(s) {lines} need two ids and 'same' or 'different'",
    "err.transfer_unreadable": "{path} is not a readable Témoin transfer package ({detail})",
    "err.transfer_unknown_key": "{path} comes from an archive whose key this archive does not know yet: give the "
                                "field office's public key with --key FILE.pem (from `temoin keys show` there, "
                                "handed over by a trusted channel)",
    "err.transfer_own_package": "{path} was exported by this very archive ({origin}): import it on the central one",
    "err.transfer_custody": "{path}: the field office's custody entries do not verify: {problem}",
    "err.transfer_object": "{path}: an object could not be stored intact: {detail}",
    "err.transfer_column": "{rows} has a column '{column}' this archive does not know: update Témoin on the central "
                           "archive first",
    "err.transfer_not_zip": "{path} is not a readable ZIP transfer package ({detail})",
    "err.transfer_lacks": "{path} has no {needed}: it is not a Témoin transfer package",
    "err.transfer_manifest": "{path}: {manifest} is damaged ({detail})",
    "err.transfer_signature": "{path}: the signature of {manifest} does not verify with the key {fingerprint} "
                              "({source}): the manifest was altered or signed by another archive; refuse the package",
    "err.transfer_extra": "{path}: {name} is in the package but not in the signed manifest",
    "err.transfer_missing": "{path}: {name} is listed in the manifest but missing from the package",
    "err.transfer_altered": "{path}: {name} was altered: it hashes to {digest} ({size} bytes), the signed manifest "
                            "says {signed} ({signed_size} bytes)",
    "err.migrate_state_damaged": "{path} is damaged ({detail}): delete it to start the migration over",
    "err.migrate_target_other": "the target database ({where}) already holds records ({tables}) that are not this "
                                "archive's (archive id {archive}): its first custody entry differs. Give an empty "
                                "database, or the one an interrupted migration of this archive left behind",
    "err.migrate_target_used": "the target database ({where}) holds this archive's records but its custody log has "
                               "moved on ({entries} entries, the source has {source_entries}): it has been used since. "
                               "Do not migrate onto it again; migrate into an empty database",
    "err.migrate_rows": "table {table}: {total} rows left the source but {arrived} are on the target",
    "err.migrate_object_copy": "object {sha256} could not be copied intact: {detail}",
    "err.migrate_object_damaged": "object {sha256} arrived damaged on the target {store} store: {detail}. Check the "
                                  "source with `temoin fixity`, then run the migration again",
    "err.migrate_chain": "the custody chain on the target does not verify: {problem}",
    "err.migrate_chain_end": "the target's custody chain ends at entry {entries} ({head}) but the source's at "
                             "{source_entries} ({source_head}): was the archive in use during the migration? Stop it "
                             "and re-run",
})

MESSAGES.update({  # notes on a persons CSV (archive/persons/matchcsv.py): read anyway
    "cli.csv_utf8_bom": "{source}: UTF-8 with byte-order mark (BOM)",
    "cli.csv_utf16": "{source}: UTF-16",
    "cli.csv_cp1252": "{source}: not UTF-8, read as Windows-1252 (Latin-1); check accented names",
    "cli.csv_latin1": "{source}: not UTF-8, read as Latin-1 (ISO-8859-1); check accented names",
    "cli.csv_semicolons": "{source}: columns separated by semicolons",
    "cli.csv_extra_columns": "{source}: column(s) {columns} ignored",
    "cli.csv_bad_dates": "{source}: birth_date ignored on {count} row(s) (expected YYYY-MM-DD, YYYY-MM, YYYY or "
                         "'vers YYYY'): lines {lines}",
})
