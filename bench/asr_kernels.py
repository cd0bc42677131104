"""ASR stability figure: the same recordings through Whisper base on each CPU kernel this machine can run
(CTranslate2's ``CT2_FORCE_CPU_ISA``: AVX-512, AVX2, AVX, generic, NEON), as another machine would decode them.

The test suite's bounds (``tests/transcripts.py``: English WER, French content words) are these figures plus a
margin; rerun this after changing the model, the decoding options or the test clips.

    .venv/bin/python -m bench.asr_kernels
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import write_section

PERTURBATIONS = {  # name: (speed in words/min, ffmpeg options applied to the espeak-ng output)
    "160 wpm": (160, []), "150 wpm": (150, []), "170 wpm": (170, []), "gain 0.7": (160, ["-af", "volume=0.7"]),
    "MP3 48k": (160, ["-c:a", "libmp3lame", "-b:a", "48k"]),
}


def kernels() -> list[str]:
    """The CTranslate2 ISAs this CPU can execute, best first."""
    if platform.machine() in ("aarch64", "arm64"):
        return ["NEON", "GENERIC"]
    flags = set(Path("/proc/cpuinfo").read_text(encoding="utf-8").split()) if Path("/proc/cpuinfo").exists() else set()
    found = [isa for isa, flag in (("AVX512", "avx512f"), ("AVX2", "avx2"), ("AVX", "avx")) if flag in flags]
    return [*found, "GENERIC"]


def clips(work: Path) -> list[tuple[str, Path, str, str]]:
    """(name, path, language, script) for the test suite's recordings and French perturbations."""
    from tests.ingest import generate
    from tests.web import seeds

    english = generate.speech_wav(work / "english.wav", generate.ENGLISH_SPEECH, "en")
    seeds.speech_wav(work / "web.wav")
    made = [("en script (tests/ingest)", english, "en", generate.ENGLISH_SPEECH),
            ("en script, AMR", generate.amr(english, work / "english.amr"), "en", generate.ENGLISH_SPEECH),
            ("en web seed", work / "web.wav", "en", seeds.SPEECH)]
    for name, (speed, options) in PERTURBATIONS.items():
        raw = generate.speech_wav(work / f"fr-{speed}.wav", generate.FRENCH_SPEECH, "fr", speed=speed)
        path = raw
        if options:
            path = work / f"fr-{len(made)}{'.mp3' if 'libmp3lame' in options else '.wav'}"
            subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(raw), *options, str(path)], check=True)
        made.append((f"fr script, {name}", path, "fr", generate.FRENCH_SPEECH))
    return made


def decode_all(work: Path, out: Path) -> None:
    """Child process: transcribe every clip with the kernel chosen by the environment; write JSON."""
    from ingest.base import IngestOptions
    from ingest.registry import extract
    from tests.transcripts import content_recall, word_error_rate

    rows = []
    for name, path, language, script in clips(work):
        start = time.perf_counter()
        result = extract(path, options=IngestOptions(language=language, model_cache_dir=work / "whisper-base"))
        rows.append({"clip": name, "seconds": time.perf_counter() - start, "text": result.text,
                     "wer": word_error_rate(script, result.text), "content": content_recall(script, result.text),
                     "starts": [segment.start for segment in result.segments]})
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=2, metavar=("WORK", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        decode_all(Path(args.child[0]), Path(args.child[1]))
        return
    work = Path(tempfile.mkdtemp(prefix="bench-asr-kernels-"))
    results: dict[str, list[dict[str, Any]]] = {}
    for isa in kernels():
        out = work / f"{isa}.json"
        subprocess.run([sys.executable, "-m", "bench.asr_kernels", "--child", str(work), str(out)], check=True,
                       env={**os.environ, "CT2_FORCE_CPU_ISA": isa})
        results[isa] = json.loads(out.read_text(encoding="utf-8"))
    isas = list(results)
    names = [row["clip"] for row in results[isas[0]]]
    lines = ["| clip | " + " | ".join(f"{isa} WER / content" for isa in isas) + " |",
             "|---|" + "---|" * len(isas)]
    for i, name in enumerate(names):
        cells = [f"{results[isa][i]['wer']:.2f} / {results[isa][i]['content']:.2f}" for isa in isas]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    web = [f"{isa}: " + ", ".join(f"{start:g}" for start in results[isa][2]["starts"]) for isa in isas]
    french = {isa: " ".join(str(results[isa][3]["text"]).split()) for isa in isas}
    markdown = "\n".join([
        "## ASR across CPU kernels (`bench/asr_kernels.py`)",
        "",
        "Whisper base, int8, the pipeline's options; the same espeak-ng recordings decoded with each CTranslate2 "
        "kernel this CPU runs (`CT2_FORCE_CPU_ISA`), as machines with other CPUs would. Each cell: word error "
        "rate / share of the script's content words (5+ letters) recognised. The suite's bounds "
        "(`tests/transcripts.py`: English WER ≤ 0.3, French content ≥ 0.25, no French WER bound) sit below the "
        "worst cell here with a margin.",
        "",
        *lines,
        "",
        f"- Segment starts of the web seed (review page, search anchors): {'; '.join(web)}.",
        "- French at 160 wpm: " + " | ".join(f"{isa}: “{text[:80]}”" for isa, text in french.items()),
    ])
    write_section("asr-kernels", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
