"""`temoin serve` (API + in-process worker) and `temoin worker` (standalone worker)."""

from __future__ import annotations

import os
import signal
import threading
from typing import TYPE_CHECKING, Any

import typer

from archive.cli.app import app
from archive.cli.common import err, opened_archive, say

if TYPE_CHECKING:
    from archive.context import Archive


@app.command("serve")
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port")) -> None:
    """Serve the archive's API (and its job worker unless TEMOIN_WORKER_IN_PROCESS=false)."""
    import uvicorn

    from archive.api import create_app
    from archive.jobs.worker import start_background
    from archive.users.bootstrap import FIRST_ADMIN, ensure_first_admin

    with opened_archive() as archive:
        ensure = getattr(archive.store, "ensure_bucket", None)
        if callable(ensure):
            ensure()  # S3: create the bucket (with object lock and versioning) when the credentials allow
        archive.store.check()  # say now, in plain words, if the object store cannot be used
        archive.store.cleanup_partial()  # leftovers of puts interrupted more than an hour ago
        password = ensure_first_admin(archive)
        if password:
            err.print(say("cli.first_admin", user=FIRST_ADMIN, password=password))
        workers = archive.settings.resolved_web_workers
        if workers > 1:
            _check_index(archive)  # once, here: the worker processes then open an index of the current layout
        stop = start_background(archive) if archive.settings.worker_in_process else None
        err.print(say("cli.serving", url=f"http://{host}:{port}", data=archive.settings.data_dir.resolve()),
                  markup=False, highlight=False)
        options: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "proxy_headers": True,
                                   "forwarded_allow_ips": archive.settings.forwarded_allow_ips}
        try:
            if workers > 1:  # each process opens its own archive (uvicorn restarts one that dies)
                from archive.api import SERVE_PID

                os.environ[SERVE_PID] = str(os.getpid())  # whom the worker processes end with
                uvicorn.run("archive.api:worker_process_app", factory=True, workers=workers, **options)
            else:
                uvicorn.run(create_app(archive), **options)
        finally:
            if stop is not None:
                stop.set()


def _check_index(archive: Archive) -> None:
    """Bring an index of an older layout up to date before several processes open it (they would each start a
    rebuild); an unavailable search engine is said and left to the searches, which refuse until it is back."""
    from search import SearchUnavailable

    try:
        archive.search  # noqa: B018  (the property checks the layout and rebuilds)
    except SearchUnavailable as exc:
        err.print(f"[yellow]{say('cli.serve_search_unavailable', detail=exc)}[/]")


@app.command("worker")
def worker(once: bool = typer.Option(False, "--once", help="Run the jobs that are ready, then exit.")) -> None:
    """Run a standalone job worker (several may share the queue on PostgreSQL)."""
    from archive.jobs.worker import Worker
    from archive.pipeline.stages import handlers
    with opened_archive() as archive:
        w = Worker(archive, handlers())
        if once:
            n = w.run_until_idle()
            err.print(say("cli.jobs_run", count=n))
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        err.print(say("cli.worker_started", name=w.name), markup=False)
        w.run_forever(stop)
