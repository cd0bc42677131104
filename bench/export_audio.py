"""A 2 GiB audio item exported as a redacted bundle: the Python process's memory must not follow the file size.

(issue 6: "A 2 GiB audio item exports with flat memory".) The transcript is seeded (ASR is measured in
bench/asr.py); the export runs the real path: verification, tones over the redacted words with ffmpeg,
streaming ZIP, manifest, signature, leak check. Run: `python -m bench.export_audio [--quick]`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psutil
from pydantic import SecretStr

from archive.cases.service import create_case
from archive.context import Archive
from archive.custody import SYSTEM
from archive.exports.service import export_case
from archive.exports.verify import verify_bundle
from archive.items.artefacts import store_json_artefact
from archive.jobs.worker import Worker
from archive.pipeline.stages import handlers
from archive.settings import Settings
from bench.report import write_section
from tests.archive.exports_seed import add_file

BYTES_PER_SECOND = 192_000 * 2 * 4  # 192 kHz, stereo, 32-bit PCM


def _sine(path: Path, seconds: int) -> Path:
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=440:sample_rate=192000:duration={seconds}", "-ac", "2", "-c:a", "pcm_s32le",
                    str(path)], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="256 MiB instead of 2 GiB")
    args = parser.parse_args()
    target = (256 if args.quick else 2048) * 1024 * 1024
    seconds = target // BYTES_PER_SECOND + 1
    work = Path(tempfile.mkdtemp(prefix="temoin-bench-export-audio-"))
    try:
        archive = Archive.open(Settings(data_dir=work / "data", jwt_secret=SecretStr("b" * 48)))
        wav = _sine(work / "long.wav", seconds)
        size = wav.stat().st_size
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=SYSTEM, title="Dossier audio").id
        item_id = add_file(archive, SYSTEM, case_id, wav)
        wav.unlink(missing_ok=True)  # stored by linking: the store holds the only copy
        words = [(1.0, 1.6, "Je"), (1.6, 2.0, "suis"), (2.0, 2.7, "Aminata"), (2.7, 3.5, "Coulibaly"),
                 (seconds - 20.0, seconds - 19.0, "appelez"), (seconds - 19.0, seconds - 17.0, "76 12 34 56")]
        text = " ".join(w for _, _, w in words)
        with archive.db.session() as session:
            store_json_artefact(session, archive.store, work / "w", item_id=item_id, kind="text", version=1,
                                document={"text": text, "language": "fr", "media_type": "audio/wav",
                                          "segments": [{"start": words[0][0], "end": words[-1][1], "text": text,
                                                        "words": [{"start": s, "end": e, "text": w}
                                                                  for s, e, w in words]}]},
                                tool="seeded transcript", actor_name="system")
        Worker(archive, handlers()).run_until_idle()
        process = psutil.Process()
        baseline, peak, done = process.memory_info().rss, [0], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], process.memory_info().rss)
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        start = time.perf_counter()
        try:
            dst = work / "audio.zip"
            export_case(archive, actor=SYSTEM, case_id=case_id, profile="reparations", dst=dst)
        finally:
            elapsed = time.perf_counter() - start
            done.set()
            sampler.join()
        ok = verify_bundle(dst).ok
        archive.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    grew = (peak[0] - baseline) / 2**20
    write_section("export-audio", f"""## Export of one large audio item (issue 6)

| measure | value |
| --- | --- |
| audio item | {size / 2**30:.2f} GiB WAV ({seconds} s, 192 kHz stereo 32-bit) |
| export time (verify, tones over 2 redacted passages, Opus, ZIP, sign, leak check) | {elapsed:.1f} s |
| Python process peak RSS growth during the export | **{grew:.1f} MiB** ({grew / (size / 2**20):.3%} of the file) |
| bundle verifies | {ok} |
""")
    print(f"{size / 2**30:.2f} GiB: {elapsed:.1f} s, RSS +{grew:.1f} MiB, verify {ok}")


if __name__ == "__main__":
    main()
