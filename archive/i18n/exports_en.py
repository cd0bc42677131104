"""Messages of the export domain (issues 13 and 20), in English."""

MESSAGES: dict[str, str] = {
    "err.export_blocked_unreviewed": (
        "Export blocked: in “{title}”, the automatic pass found {count} passage(s) nobody has reviewed yet, "
        "including: “{passage}”. Open the review page ({review}), redact or keep each proposed passage, then "
        "export again."),
    "err.export_blocked_leak": (
        "Export blocked: in “{title}”, something that could identify a person would still be readable after "
        "redaction: “{passage}”. Open the review page ({review}), redact this passage, then export again."),
    "err.export_blocked_media": (
        "Export blocked: the redacted file of “{title}” could not be produced safely ({where}). Check the item "
        "on its review page ({review}), then export again."),
    "err.export_blocked_timestamps": (
        "Export blocked: the transcript of “{title}” has no word timestamps, so the redacted passages cannot be "
        "covered in the recording. Transcribe it again from the review page ({review}), then export again."),
    "err.media_check_nothing": "This item has no recording or scanned page to check.",
    "err.media_check_profile": "Unknown profile '{profile}'. Profiles: {profiles}.",
    "export.open_review": "Open the review page",
    "review.media_title": "Check the redacted media",
    "review.media_help_audio": (
        "Listen to the whole redacted recording. It may leave (prosecution profile only, without consent to "
        "identity disclosure) only once marked “listened to and checked”."),
    "review.media_help_scan": (
        "Look at the redacted image: areas the text recognition read poorly or not at all (tables, boxes, "
        "handwriting) may still show a name. Unless marked “checked”, only the redacted text leaves."),
    "review.media_open": "Open the redacted media",
    "review.media_mark_audio": "Listened to and checked",
    "review.media_mark_scan": "Checked",
    "review.media_checked": "Checked by {by} on {at}",
    "action.media_check": "redacted media checked",
    "review.media_profile": "Profile",
}
