"""Messages of the disclose branch: exports naming recipient and purpose, lifting from the web."""

MESSAGES: dict[str, str] = {
    "err.export_recipient_required": "Name the recipient (--to) and the purpose (--purpose): every export is a "
                                     "disclosure recorded in the register. Recipients on record: `temoin "
                                     "disclosures recipients list`; record one: `temoin disclosures recipients add "
                                     "NAME --kind KIND`.",
    "disc.lift.title": "Lift redactions",
    "disc.lift.link": "Lift redactions…",
    "disc.lift.span": "Redacted passage",
    "disc.lift.reason": "Reason",
    "disc.lift.text": "Explanation (required with 'Other')",
    "disc.lift.already": "already lifted",
    "disc.lift.needs_identity": "needs consent to identity disclosure",
    "disc.lift.button": "Disclose with these lifted",
    "export.recipient": "Recipient",
    "export.purpose": "Purpose",
    "export.no_recipients": "No recipient on record: every export goes to a named recipient and is written in the "
                            "disclosure register.",
    "export.add_recipient": "Record a recipient",
}
