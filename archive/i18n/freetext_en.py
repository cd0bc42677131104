"""Messages of the free-text reads (English)."""

MESSAGES: dict[str, str] = {
    "itemtype.audio": "Audio recording",
    "itemtype.video": "Video recording",
    "itemtype.pdf": "PDF document",
    "itemtype.word": "Word-processor document",
    "itemtype.text": "Text file",
    "itemtype.image": "Image",
    "itemtype.typed": "Typed testimony",
    "itemtype.other": "File",
    "freetext.pending": "being redacted",
    "freetext.case_pending": "Case {id} (title being redacted)",
    "freetext.item_pending": "{type} {id} (title being redacted)",
    "freetext.untitled": "{type} {id}",
    "err.case_description_length": "A case description is at most {max} characters long.",
    "err.item_title_length": "An item title is at most {max} characters long.",
}
MESSAGES.update({
    "action.case_edit": "Case edited",
    "intake.title": "Item title",
    "intake.title_hint": "optional: the file name otherwise; redacted for roles that see only redacted material",
    "case.created_by_hidden": "Opened on {when}",
})
