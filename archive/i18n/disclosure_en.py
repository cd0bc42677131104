"""Messages of the disclosure register (evidence numbers, recipients, lifted redactions)."""

MESSAGES: dict[str, str] = {
    "err.recipient_unknown": "Unknown recipient: '{recipient}'. Record it first "
                             "(`temoin disclosures recipients add NAME --kind KIND`) or check the spelling.",
    "err.recipient_name_required": "Give the recipient's name.",
    "err.recipient_kind_unknown": "Unknown recipient kind: '{kind}'. Kinds: {kinds}.",
    "err.recipient_exists": "Recipient '{name}' already exists.",
    "err.disclosure_purpose_required": "Say what the disclosure is for (--purpose).",
    "err.export_recipient_required": "Name the recipient (--to) and the purpose (--purpose): every export is a "
                                     "disclosure recorded in the register. Recipients on record: `temoin "
                                     "disclosures recipients list`; record one: `temoin disclosures recipients add "
                                     "NAME --kind KIND`.",
    "err.disclosure_unknown": "Unknown disclosure: {id}.",
    "err.lift_span_syntax": "--span expects SPAN_ID=REASON_CODE[:free text], got '{given}'.",
    "err.lift_nothing": "Choose at least one redacted span to lift.",
    "err.lift_span_unknown": "Span {span} belongs to no item of disclosure {disclosure}.",
    "err.lift_span_not_redacted": "Span {span} is not redacted (status {status}): nothing to lift.",
    "err.lift_reason_unknown": "Unknown lifting reason: '{code}'. Reasons: {codes}.",
    "err.lift_reason_text_required": "The reason 'other' needs an explanation for span {span}.",
    "err.lift_reason_invalid": "Invalid lifting reason: '{code}' (letters, digits and _; French and English labels "
                               "required).",
    "err.lift_consent_missing": "Lifting refused: span {span} ({label}) of exhibit {item} reveals identity, and "
                                "the person did not consent to '{scope}'.",
    "err.evidence_number_collision": "Evidence number {number} of item {item} is already held here by item "
                                     "{holder}: import stopped, nothing was renumbered.",
    "err.evidence_number_changed": "Item {item} is numbered {ours} here, the package says {theirs}: an evidence "
                                   "number never changes, import stopped.",
    "err.evidence_number_unknown": "Unknown evidence number: {number}.",
    "err.citation_invalid": "Unreadable citation: '{citation}' (expected NUMBER, NUMBER:page or NUMBER@seconds).",
    "disc.verify.format": "This file is not a register extract (format temoin-register/1).",
    "disc.verify.row": "Disclosure {id} was altered in the extract (its hash no longer matches).",
    "disc.verify.key": "The extract's public key (or --key) cannot be read.",
    "disc.verify.fingerprint": "Key {fingerprint} is not the key that signed the extract.",
    "disc.verify.signature": "The extract's signature does not match its content: the extract was altered.",
    "disc.verify.bundle": "Bundle {file} (SHA-256 {sha256}) is not in this register.",
    "disc.verify.ok": "Valid extract: {count} disclosure(s), key {fingerprint}.",
    "disc.title": "Disclosures",
    "disc.recipient": "Recipient",
    "disc.recipients": "Recipients",
    "disc.purpose": "Purpose",
    "disc.profile": "Profile",
    "disc.numbers": "Evidence numbers",
    "disc.when": "Date",
    "disc.by": "Authorised by",
    "disc.sha": "Bundle SHA-256",
    "disc.previous": "Follows",
    "disc.lifted": "Lifted redactions",
    "disc.none": "No disclosure recorded.",
    "disc.notify": "Recipients to notify (consent withdrawn)",
    "disc.disclose": "Disclose",
    "disc.evidence_number": "Evidence number",
    "action.disclose": "bundle disclosed to a recipient",
    "action.lift": "redactions lifted for a recipient",
    "action.recipient_create": "recipient recorded",
    "action.lift_reason_edit": "lifting reasons edited",
}
