"""What a Témoin deployment directory must satisfy, checked without a docker engine.

``check_deploy(directory)`` returns a list of problems (empty when the directory is sound). It reads
``compose.yaml``, ``.env.example``, ``Dockerfile`` and the files the compose file mounts, and checks the
rules in docs/deploy.md: required services, health checks, restart policies, pinned images, no literal
secrets, every variable documented, every TEMOIN_ variable a real setting, MinIO object lock and
versioning, Elasticsearch security.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from archive.settings import Settings

REQUIRED_SERVICES = ("postgres", "minio", "minio-init", "elasticsearch", "api", "worker", "caddy")
RESTART_POLICIES = re.compile(r"\A(always|unless-stopped|on-failure(:\d+)?)\Z")
PINNED_TAG = re.compile(r"(@sha256:[0-9a-f]{64}|:[^:/@]*\d[^:/@]*)\Z")
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|_KEY)\Z")
TOKEN = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}|\$(?P<bare>[A-Za-z_]\w*)"
)
TOP_LEVEL = {"name", "services", "networks", "volumes", "configs", "secrets"}


class MissingVariable(ValueError):
    pass


def variables(text: str) -> set[str]:
    """Every variable a string interpolates (``$$`` is an escaped dollar, not a variable)."""
    names = set()
    for match in TOKEN.finditer(text):
        name = match.group("braced") or match.group("bare")
        if name:
            names.add(name)
    return names


def strings(tree: Any) -> Iterator[str]:
    """Every string in a parsed YAML document, keys included (compose interpolates values, not comments)."""
    if isinstance(tree, str):
        yield tree
    elif isinstance(tree, dict):
        for key, value in tree.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from strings(value)


def interpolate_tree(tree: Any, env: Mapping[str, str]) -> Any:
    """The parsed compose document with every string interpolated, as compose does after parsing."""
    if isinstance(tree, str):
        return interpolate(tree, env)
    if isinstance(tree, dict):
        return {interpolate_tree(k, env): interpolate_tree(v, env) for k, v in tree.items()}
    if isinstance(tree, list):
        return [interpolate_tree(v, env) for v in tree]
    return tree


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """Compose's interpolation: ``${V}``, ``${V:-default}``, ``${V:?error}``, ``$$``."""

    def one(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("braced") or match.group("bare")
        value = env.get(name)
        op, arg = match.group("op") or "", match.group("arg") or ""
        unset = value is None or (op.startswith(":") and value == "")
        if op.endswith("-") and unset:
            return arg
        if op.endswith("?") and unset:
            raise MissingVariable(f"{name}: {arg or 'required'}")
        return value or ""

    return TOKEN.sub(one, text)


def read_env(text: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f".env.example: line without '=': {line!r}")
            env[key.strip()] = value.strip()
    return env


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def check_deploy(directory: Path) -> list[str]:
    compose = yaml.safe_load((directory / "compose.yaml").read_text(encoding="utf-8"))
    env_example = read_env((directory / ".env.example").read_text(encoding="utf-8"))
    problems = list(_structure(compose, directory))
    problems += _variables(compose, env_example)
    problems += _minio(compose, directory)
    problems += _elasticsearch(compose)
    problems += _app(compose)
    problems += _dockerfile(directory)
    return problems


def _structure(compose: Mapping[str, Any], directory: Path) -> Iterator[str]:
    extra = {k for k in compose if k not in TOP_LEVEL and not k.startswith("x-")}
    if extra:
        yield f"unknown top-level keys: {sorted(extra)}"
    services: Mapping[str, Any] = compose.get("services") or {}
    for name in REQUIRED_SERVICES:
        if name not in services:
            yield f"service {name!r} is missing"
    one_shot = {dep for svc in services.values() for dep, cond in _depends(svc).items()
                if cond == "service_completed_successfully"}
    declared_volumes = set(compose.get("volumes") or {})
    declared_networks = set(compose.get("networks") or {})
    for name, svc in services.items():
        image = svc.get("image")
        if not image and not svc.get("build"):
            yield f"{name}: neither image nor build"
        if image and not PINNED_TAG.search(image):
            yield f"{name}: image {image!r} is not pinned to a version"
        if not RESTART_POLICIES.match(str(svc.get("restart", ""))):
            yield f"{name}: no restart policy (always, unless-stopped or on-failure)"
        test = (svc.get("healthcheck") or {}).get("test")
        if name not in one_shot and not (test and (isinstance(test, str) or test[0] in ("CMD", "CMD-SHELL"))):
            yield f"{name}: no healthcheck"
        for dep, cond in _depends(svc).items():
            if dep not in services:
                yield f"{name}: depends on unknown service {dep!r}"
            if cond not in ("service_started", "service_healthy", "service_completed_successfully"):
                yield f"{name}: unknown depends_on condition {cond!r}"
        for volume in svc.get("volumes") or []:
            source = str(volume).split(":", 1)[0]
            if source.startswith("."):
                if not (directory / source).exists():
                    yield f"{name}: mounts {source}, which does not exist in {directory}"
            elif source not in declared_volumes:
                yield f"{name}: volume {source!r} is not declared (named volumes keep data)"
        for network in svc.get("networks") or []:
            if network not in declared_networks:
                yield f"{name}: network {network!r} is not declared"
        if svc.get("ports") and name != "caddy":
            yield f"{name}: publishes ports; only the reverse proxy may"


def _depends(svc: Mapping[str, Any]) -> dict[str, str]:
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {k: (v or {}).get("condition", "service_started") for k, v in deps.items()}


def _variables(compose: Mapping[str, Any], env_example: Mapping[str, str]) -> Iterator[str]:
    used_vars = {name for text in strings(compose) for name in variables(text)}
    for name in sorted(used_vars - set(env_example)):
        yield f"${{{name}}} is used but not in .env.example"
    fields = {f"TEMOIN_{field.upper()}" for field in Settings.model_fields}
    used = set(env_example) | {k for svc in compose["services"].values() for k in environment(svc)}
    for name in sorted(n for n in used if n.startswith("TEMOIN_") and n not in fields):
        yield f"{name} is not a setting of archive.settings.Settings"
    for service_name, svc in compose["services"].items():
        for key, value in environment(svc).items():
            literal = TOKEN.sub("", value)
            if SECRET_NAME.search(key) and literal.strip():
                yield f"{service_name}: {key} holds a literal value; secrets come from .env"
            in_url = re.search(r"://[^/@:]*:(?P<password>[^@]*)@", TOKEN.sub("\0", value))
            if in_url and in_url.group("password").replace("\0", ""):
                yield f"{service_name}: {key} has a literal password in a URL"


def _minio(compose: Mapping[str, Any], directory: Path) -> Iterator[str]:
    services = compose["services"]
    init = services.get("minio-init", {})
    scripts = [str(v).split(":", 1)[0] for v in init.get("volumes") or [] if str(v).startswith(".")]
    text = " ".join(map(str, [*(init.get("entrypoint") or []), *(init.get("command") or [])]))
    for script in scripts:
        path = directory / script
        if path.is_file():
            text += "\n" + path.read_text(encoding="utf-8")
            syntax = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True, check=False)
            if syntax.returncode:
                yield f"minio-init: {script} is not valid sh: {syntax.stderr.strip()}"
    if not re.search(r"mc mb\b[^\n]*--with-lock", text):
        yield "minio-init: the bucket is not created with object lock (`mc mb --with-lock`)"
    if not re.search(r"mc version enable\b", text):
        yield "minio-init: versioning is not enabled (`mc version enable`)"
    if _depends(services.get("api", {})).get("minio-init") != "service_completed_successfully":
        yield "api: does not wait for minio-init to complete"


def _elasticsearch(compose: Mapping[str, Any]) -> Iterator[str]:
    env = environment(compose["services"].get("elasticsearch", {}))
    if env.get("xpack.security.enabled") != "true":
        yield "elasticsearch: xpack.security.enabled is not 'true'"
    if not env.get("ELASTIC_PASSWORD", "").startswith("${"):
        yield "elasticsearch: ELASTIC_PASSWORD does not come from .env"
    if env.get("discovery.type") != "single-node":
        yield "elasticsearch: not a single node (discovery.type)"
    api_env = environment(compose["services"].get("api", {}))
    if not api_env.get("TEMOIN_ELASTICSEARCH_USERNAME") or not api_env.get("TEMOIN_ELASTICSEARCH_PASSWORD"):
        yield "api: no Elasticsearch credentials"


def _app(compose: Mapping[str, Any]) -> Iterator[str]:
    services = compose["services"]
    api, worker = services.get("api", {}), services.get("worker", {})
    if "serve" not in (api.get("command") or []):
        yield "api: does not run `temoin serve`"
    if "/health" not in str((api.get("healthcheck") or {}).get("test")):
        yield "api: healthcheck does not call /health"
    if "worker" not in (worker.get("command") or []):
        yield "worker: does not run `temoin worker`"
    if "replicas" not in (worker.get("deploy") or {}):
        yield "worker: no deploy.replicas"
    if environment(worker).get("TEMOIN_WORKER_IN_PROCESS") != "false":
        yield "api/worker: TEMOIN_WORKER_IN_PROCESS should be false when workers run apart"


def _dockerfile(directory: Path) -> Iterator[str]:
    text = (directory / "Dockerfile").read_text(encoding="utf-8")
    bases = re.findall(r"^FROM\s+(\S+)", text, re.M)
    if not bases or any(not re.match(r"python:3\.11(\.\d+)?-slim", b) for b in bases):
        yield f"Dockerfile: base images {bases} are not python:3.11-slim"
    install = " ".join(re.findall(r"apt-get install[^\n]*", text))
    for package in ("tesseract-ocr", "tesseract-ocr-fra", "tesseract-ocr-eng", "ffmpeg"):
        if not re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", install):
            yield f"Dockerfile: Debian package {package} is not installed"
    if not re.search(r"pip install (--[\w-]+ )*\.(\s|$)", text):
        yield "Dockerfile: the app is not installed with `pip install .`"
    if not re.search(r"pip install --require-hashes [^\n]*-r requirements/run\.txt", text):
        yield "Dockerfile: the dependencies are not installed from requirements/run.txt with --require-hashes"
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    if not users or users[-1].split(":")[0] in ("root", "0"):
        yield "Dockerfile: the image runs as root"
    if "temoin" not in " ".join(re.findall(r"^(?:ENTRYPOINT|CMD)\s+(.+)$", text, re.M)):
        yield "Dockerfile: the `temoin` entry point is not the command"
    root = directory.parent
    for source in re.findall(r"^COPY\s+(?!--from)(.+)\s+\S+$", text, re.M):
        for part in source.split():
            if not (root / part).exists():
                yield f"Dockerfile: COPY source {part} does not exist in the build context"
