"""Upload through the API vs `sha256sum` + `cp` of the same file, and the server's peak RSS (issue 2).

Figures: throughput ratio (target >= 0.5) and peak RSS while uploading 1 GiB minus peak while uploading
10 MiB (target <= 30 MiB). Run: `python -m bench.upload [--quick]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench.report import write_section

MIB = 1024 * 1024
BOUNDARY = "benchboundary"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _make_file(path: Path, size: int) -> None:
    block = os.urandom(MIB)
    with path.open("wb") as fh:
        for i in range(size // MIB):
            fh.write(block[i % 7:] + block[: i % 7])  # distinct blocks, cheap to make


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def _baseline(path: Path, work: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["sha256sum", str(path)], check=True, capture_output=True)
    subprocess.run(["cp", str(path), str(work / "copy.bin")], check=True)
    subprocess.run(["sync", str(work / "copy.bin")], check=True)  # fsync the copy, as the upload does
    elapsed = time.perf_counter() - start
    (work / "copy.bin").unlink()
    return elapsed


def _body(path: Path) -> Iterator[bytes]:
    yield (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
           "Content-Type: application/octet-stream\r\n\r\n").encode()
    with path.open("rb") as fh:
        while chunk := fh.read(MIB):
            yield chunk
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def _upload(base: str, token: str, case_id: str, path: Path) -> float:
    start = time.perf_counter()
    r = httpx.post(f"{base}/cases/{case_id}/items", content=_body(path), timeout=600,
                   headers={"Authorization": f"Bearer {token}",
                            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    elapsed = time.perf_counter() - start
    r.raise_for_status()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="256 MiB instead of 1 GiB")
    args = parser.parse_args()
    big = (256 if args.quick else 1024) * MIB
    work = Path(tempfile.mkdtemp(prefix="temoin-bench-upload-", dir=Path("bench") / ".work"
                                 if Path("bench").is_dir() else None))
    data = work / "data"
    env = {**os.environ, "TEMOIN_DATA_DIR": str(data), "TEMOIN_WORKER_IN_PROCESS": "false",
           "TEMOIN_MAX_UPLOAD_BYTES": str(4 * 1024 * MIB)}
    env.pop("TEMOIN_DATABASE_URL", None)
    cli = [sys.executable, "-m", "archive"]
    subprocess.run([*cli, "users", "add", "bench", "--role", "documentation_officer", "--password-stdin"],
                   input="bench password 123\n", text=True, env=env, check=True, capture_output=True)
    case_id = json.loads(subprocess.run([*cli, "cases", "create", "bench", "--as", "bench", "--json"], env=env,
                                        check=True, capture_output=True, text=True).stdout)["id"]
    small, large = work / "small.bin", work / "large.bin"
    _make_file(small, 10 * MIB)
    _make_file(large, big)
    port = _free_port()
    server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        token = httpx.post(f"{base}/auth/login", json={"username": "bench", "password": "bench password 123"}
                           ).json()["access_token"]
        _upload(base, token, case_id, small)
        rss_small = _peak_rss_kib(server.pid)
        baseline = _baseline(large, work)
        upload = _upload(base, token, case_id, large)
        rss_large = _peak_rss_kib(server.pid)
        baseline2 = _baseline(large, work)  # again after, to even out the page cache
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    base_s = min(baseline, baseline2)
    ratio = base_s / upload
    growth = (rss_large - rss_small) / 1024
    size_txt = f"{big // MIB} MiB"
    write_section("upload", f"""## Upload through the API (issue 2)

| measure | value |
| --- | --- |
| file | {size_txt} of pseudo-random bytes |
| `sha256sum` + `cp` + `sync FILE`, best of two | {base_s:.2f} s ({big / MIB / base_s:.0f} MiB/s) |
| `POST /cases/{{id}}/items` (multipart, streamed, hashed, stored) | {upload:.2f} s ({big / MIB / upload:.0f} MiB/s) |
| **throughput ratio** (API / bare; target >= 0.5) | **{ratio:.2f}** {'✅' if ratio >= 0.5 else '❌'} |
| server peak RSS after a 10 MiB upload | {rss_small / 1024:.1f} MiB |
| server peak RSS after the {size_txt} upload | {rss_large / 1024:.1f} MiB |
| **peak RSS growth** (target <= 30 MiB) | **{growth:.1f} MiB** {'✅' if growth <= 30 else '❌'} |
""")
    print(f"ratio {ratio:.2f}, rss growth {growth:.1f} MiB")


if __name__ == "__main__":
    main()
