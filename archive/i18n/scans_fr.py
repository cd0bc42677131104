"""Messages des pages scannées (issue 20) : zones à vérifier, cadres dessinés à la main, en français."""

MESSAGES: dict[str, str] = {
    "err.box": "Cadre introuvable ({id}) : il a peut-être déjà été retiré. Rechargez la page.",
    "err.box_not_scanned": (
        "Ce témoignage n'a pas de page scannée : on ne dessine un cadre que sur l'image d'une page scannée."),
    "err.box_page": "La page {page} n'est pas une page scannée de ce témoignage (pages : {pages}).",
    "err.box_outside": (
        "Le cadre doit être dans la page et assez grand pour être vu : dessinez-le à nouveau sur l'image."),
    "err.page_image": "La page {page} de ce témoignage ne peut pas être affichée : {reason}.",
    "scans.title": "Pages scannées : zones à vérifier",
    "scans.help": (
        "Les zones orange ont été mal lues par la reconnaissance de texte (OCR), les zones rouges contiennent de "
        "l'encre qu'elle n'a pas lue du tout (tableaux, cases, écriture à la main, tampons) : ce qui s'y trouve "
        "n'a pas pu être caviardé automatiquement. Regardez-les. Pour cacher une zone, dessinez un cadre sur "
        "l'image avec le doigt ou la souris : il sera noirci partout où l'image sort."),
    "scans.page": "Page {n}",
    "scans.areas": "{n} zone(s) à vérifier",
    "scans.area_low_confidence": "mal lu",
    "scans.area_unread": "non lu",
    "scans.legend_low": "mal lu par l'OCR",
    "scans.legend_unread": "encre non lue",
    "scans.legend_box": "cadre dessiné (caviardé)",
    "scans.draw": "Dessiner un cadre",
    "scans.draw_hint": "Dessinez un cadre sur l'image, choisissez ce qu'il cache, puis enregistrez.",
    "scans.drawn": "Cadre dessiné : page {page}",
    "scans.save_box": "Caviarder ce cadre",
    "scans.boxes": "Cadres dessinés",
    "scans.no_boxes": "Aucun cadre dessiné.",
    "scans.box_by": "dessiné par {by} le {at}",
    "scans.remove_box": "Retirer ce cadre",
}
