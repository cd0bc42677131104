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
