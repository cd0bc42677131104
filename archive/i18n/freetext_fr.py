"""Messages of the free-text reads (French)."""

MESSAGES: dict[str, str] = {
    "itemtype.audio": "Enregistrement audio",
    "itemtype.video": "Enregistrement vidéo",
    "itemtype.pdf": "Document PDF",
    "itemtype.word": "Document texte (traitement de texte)",
    "itemtype.text": "Fichier texte",
    "itemtype.image": "Image",
    "itemtype.typed": "Témoignage saisi",
    "itemtype.other": "Fichier",
    "freetext.pending": "en cours de caviardage",
    "freetext.case_pending": "Dossier {id} (titre en cours de caviardage)",
    "freetext.item_pending": "{type} {id} (titre en cours de caviardage)",
    "freetext.untitled": "{type} {id}",
    "err.case_description_length": "La description d'un dossier fait au plus {max} caractères.",
    "err.item_title_length": "Le titre d'un élément fait au plus {max} caractères.",
}
MESSAGES.update({
    "action.case_edit": "Dossier modifié",
    "intake.title": "Titre de l'élément",
    "intake.title_hint": "facultatif : sinon le nom du fichier ; caviardé pour les rôles qui ne voient que le caviardé",
    "case.created_by_hidden": "Ouvert le {when}",
})
