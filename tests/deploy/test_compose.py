"""The deployment directory: compose file, example env, Dockerfile and scripts.

`docker compose config` runs when a docker engine is reachable; the rules in ``rules.py`` always run (this
machine has a docker client but no engine).
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr

from archive.auth import load_jwt_secret
from archive.doctor import check_settings
from archive.errors import Invalid
from archive.settings import Settings
from tests.deploy.rules import (
    MissingVariable,
    check_deploy,
    environment,
    interpolate,
    interpolate_tree,
    read_env,
    variables,
)

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def docker_engine() -> str | None:
    """Why `docker compose config` cannot run here, or None when it can."""
    if shutil.which("docker") is None:
        return "no docker client"
    for argv in (["docker", "info"], ["docker", "compose", "version"]):
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"`{' '.join(argv)}` failed: {exc}"
        if done.returncode != 0:
            return f"`{' '.join(argv)}` exit {done.returncode}: {done.stderr.strip()[:200]}"
    return None


@pytest.fixture
def deploy_copy(tmp_path: Path) -> Path:
    """A copy of the repository's deploy/ (beside the sources the Dockerfile copies) to break on purpose."""
    root = tmp_path / "repo"
    shutil.copytree(DEPLOY, root / "deploy")
    for name in ("archive", "ingest", "redaction", "search"):
        (root / name).mkdir()
    (root / "requirements").mkdir()
    for name in ("pyproject.toml", "README.md", "requirements/bootstrap.txt", "requirements/run.txt"):
        (root / name).write_text("", encoding="utf-8")
    return root / "deploy"


def _example_env() -> dict[str, str]:
    return read_env((DEPLOY / ".env.example").read_text(encoding="utf-8"))


def _api_environment(env: dict[str, str]) -> dict[str, str]:
    compose = interpolate_tree(yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8")), env)
    return environment(compose["services"]["api"])


def _settings_from(api_env: dict[str, str], data_dir: Path) -> Settings:
    fields = {key.removeprefix("TEMOIN_").lower(): value for key, value in api_env.items()
              if key.startswith("TEMOIN_")}
    fields["data_dir"] = str(data_dir)
    return Settings.model_validate(fields)


def test_when_the_deploy_directory_is_checked_then_it_has_no_problems() -> None:
    reason = docker_engine()
    if reason is None:
        done = subprocess.run(["docker", "compose", "--env-file", ".env.example", "config", "--quiet"],
                              cwd=DEPLOY, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    assert check_deploy(DEPLOY) == []


def test_when_a_docker_engine_is_probed_then_the_answer_is_a_reason_or_none() -> None:
    reason = docker_engine()
    assert reason is None or reason.strip()
    if shutil.which("docker") and reason is not None:
        assert "docker" in reason  # names the command that failed, for the person reading the log


Mutation = Callable[[Path], None]


def _edit(relative: str, old: str, new: str) -> Mutation:
    def mutate(directory: Path) -> None:
        path = directory / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _drop_service_key(service: str, key: str) -> Mutation:
    def mutate(directory: Path) -> None:
        path = directory / "compose.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        del data["services"][service][key]
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    return mutate


BROKEN = [
    ("no api healthcheck", _drop_service_key("api", "healthcheck"), "api: no healthcheck"),
    ("no restart policy", _drop_service_key("postgres", "restart"), "postgres: no restart policy"),
    ("no elasticsearch healthcheck", _drop_service_key("elasticsearch", "healthcheck"),
     "elasticsearch: no healthcheck"),
    ("unpinned image", _edit("compose.yaml", "postgres:16.10-bookworm", "postgres:latest"),
     "postgres: image 'postgres:latest' is not pinned"),
    ("untagged image", _edit("compose.yaml", "caddy:2.10.2-alpine", "caddy"), "caddy: image 'caddy' is not pinned"),
    ("literal secret", _edit("compose.yaml", "TEMOIN_JWT_SECRET: ${TEMOIN_JWT_SECRET:?set TEMOIN_JWT_SECRET in .env}",
                             "TEMOIN_JWT_SECRET: s3cr3t-written-in-the-file"), "TEMOIN_JWT_SECRET holds a literal"),
    ("password in URL", _edit("compose.yaml", ":${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@postgres",
                              ":hunter2hunter2@postgres"), "literal password in a URL"),
    ("undocumented variable", _edit(".env.example", "ES_HEAP=2g\n", ""), "${ES_HEAP} is used but not in .env.example"),
    ("unknown setting", _edit("compose.yaml", "TEMOIN_STORAGE: s3", "TEMOIN_STORAGE: s3\n  TEMOIN_STORAGE_CLASS: x"),
     "TEMOIN_STORAGE_CLASS is not a setting"),
    ("bucket without lock", _edit("minio/init.sh", "mc mb --with-lock", "mc mb"), "not created with object lock"),
    ("no versioning", _edit("minio/init.sh", 'mc version enable "store/$B"', "true"), "versioning is not enabled"),
    ("broken init script", _edit("minio/init.sh", "    mc mb --with-lock", "    if then mc mb --with-lock"),
     "is not valid sh"),
    ("elasticsearch security off", _edit("compose.yaml", 'xpack.security.enabled: "true"',
                                         'xpack.security.enabled: "false"'), "xpack.security.enabled is not"),
    ("database port published", _edit("compose.yaml", "    networks: [backend]\n    healthcheck:\n      test: "
                                      '["CMD-SHELL", "pg_isready', '    ports: ["5432:5432"]\n    networks: '
                                      '[backend]\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready'),
     "postgres: publishes ports"),
    ("root image", _edit("Dockerfile", "USER temoin:temoin", "USER root"), "runs as root"),
    ("no ffmpeg", _edit("Dockerfile", "tesseract-ocr-eng ffmpeg", "tesseract-ocr-eng"), "ffmpeg is not installed"),
    ("no french OCR", _edit("Dockerfile", "tesseract-ocr-fra ", ""), "tesseract-ocr-fra is not installed"),
    ("unlocked install", _edit("Dockerfile", "--require-hashes --no-build-isolation -r requirements/run.txt",
                               "--no-build-isolation -r requirements/run.txt"), "from requirements/run.txt"),
    ("missing worker", _drop_service_key("worker", "command"), "worker: does not run `temoin worker`"),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in BROKEN], ids=[b[0] for b in BROKEN])
def test_when_the_deploy_directory_is_broken_then_the_check_names_the_problem(
    deploy_copy: Path, mutate: Mutation, expected: str
) -> None:
    assert check_deploy(deploy_copy) == []
    mutate(deploy_copy)
    problems = check_deploy(deploy_copy)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("a ${X} b", {"X": "1"}, "a 1 b"),
        ("${X:-d}", {}, "d"),
        ("${X:-d}", {"X": ""}, "d"),
        ("${X-d}", {"X": ""}, ""),
        ("${X:?need X}", {"X": "v"}, "v"),
        ("$$HOME and $X", {"X": "x"}, "$HOME and x"),
    ],
)
def test_when_compose_variables_are_interpolated_then_they_follow_compose_rules(
    text: str, env: dict[str, str], expected: str
) -> None:
    assert interpolate(text, env) == expected


def test_when_a_required_variable_is_missing_then_interpolation_stops_with_its_message() -> None:
    env = _example_env()
    del env["POSTGRES_PASSWORD"]
    with pytest.raises(MissingVariable, match=r"POSTGRES_PASSWORD: set POSTGRES_PASSWORD in \.env"):
        _api_environment(env)


def test_when_variables_are_listed_then_escaped_dollars_are_not_variables() -> None:
    assert variables('pg_isready -U "$$POSTGRES_USER" ${A:-x} $B') == {"A", "B"}


def test_when_the_example_env_is_used_unchanged_then_the_app_refuses_every_placeholder(tmp_path: Path) -> None:
    settings = _settings_from(_api_environment(_example_env()), tmp_path)
    result = check_settings(settings).result("en")  # the finding, in the reader's words
    assert not result.ok
    for name in ("TEMOIN_JWT_SECRET", "TEMOIN_S3_SECRET_KEY", "TEMOIN_ELASTICSEARCH_PASSWORD",
                 "password in TEMOIN_DATABASE_URL"):
        assert name in result.detail
    assert "openssl rand" in result.fix
    with pytest.raises(Invalid, match="default or too short"):
        load_jwt_secret(settings)


def test_when_every_placeholder_is_replaced_then_the_settings_are_accepted(tmp_path: Path) -> None:
    env = {k: (secrets.token_hex(24) if v == "changeme" else v) for k, v in _example_env().items()}
    settings = _settings_from(_api_environment(env), tmp_path)
    accepted = check_settings(settings).result("en")
    assert accepted.ok, accepted.detail
    assert settings.storage == "s3" and settings.search_backend == "elasticsearch"
    assert settings.database_url is not None and settings.database_url.startswith("postgresql+psycopg://")
    assert settings.jwt_secret is not None
    assert load_jwt_secret(settings) == settings.jwt_secret.get_secret_value()


def test_when_the_example_env_is_read_then_every_secret_is_a_placeholder() -> None:
    env = _example_env()
    secret_names = [k for k in env if re.search(r"(PASSWORD|SECRET)", k) and not k.endswith("_USER")]
    assert secret_names and all(env[k] == "changeme" for k in secret_names), secret_names


def test_when_the_example_env_is_used_then_jwt_and_s3_settings_parse(tmp_path: Path) -> None:
    settings = _settings_from(_api_environment(_example_env()), tmp_path)
    assert settings.jwt_secret == SecretStr("changeme")
    assert settings.s3_endpoint == "minio:9000" and not settings.s3_secure


@pytest.mark.parametrize("script", ["entrypoint.sh", "minio/init.sh"])
def test_when_a_deploy_script_is_parsed_then_sh_accepts_it(script: str) -> None:
    done = subprocess.run(["sh", "-n", str(DEPLOY / script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
