"""Generate real sample media for the ingest tests: speech, PDFs, office documents, images, bombs.

Every name and place in here is invented.
"""

from __future__ import annotations

import io
import struct
import subprocess
import zipfile
import zlib
from fractions import Fraction
from pathlib import Path

import av
import docx
import numpy as np
import pymupdf
from odf.opendocument import OpenDocumentText
from odf.style import Footer, MasterPage, PageLayout
from odf.text import P
from PIL import Image, ImageDraw, ImageFont

ENGLISH_SPEECH = "The witness said that soldiers arrived in the village on Tuesday morning and took three men away."
# espeak-ng French at 160 words/min; of the scripts tried, Whisper base decodes this one best on every CPU kernel
FRENCH_SPEECH = "Le matin, les soldats sont venus au village. Ils ont pris mon frère et ils ont brûlé notre maison."
SWAHILI_SPEECH = "Mashahidi walisema kwamba askari walifika kijijini asubuhi ya Jumanne na kuwachukua wanaume watatu."
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def speech_wav(path: Path, text: str, voice: str, speed: int = 130) -> Path:
    """espeak-ng speech (words per minute ``speed``; 130 for English and 160 for French transcribe best)."""
    run("espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text)
    return path


def silence_wav(path: Path, seconds: float = 4.0) -> Path:
    run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", str(seconds),
        str(path))
    return path


def convert_audio(source: Path, target: Path, *codec_args: str) -> Path:
    run("ffmpeg", "-y", "-loglevel", "error", "-i", str(source), *codec_args, str(target))
    return target


def mux_video(source: Path, target: Path, kind: str) -> Path:
    """Put the speech under a black video: H.264 + AAC in MP4, or H.263 + AAC in 3GP (as old phones do)."""
    video = ["-c:v", "libx264", "-pix_fmt", "yuv420p"] if kind == "mp4" else ["-c:v", "h263"]
    size = "320x240" if kind == "mp4" else "176x144"
    run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"color=c=black:s={size}:r=10", "-i", str(source),
        "-shortest", *video, "-c:a", "aac", "-ar", "16000", "-ac", "1", str(target))
    return target


def amr(source: Path, target: Path) -> Path:
    """AMR-NB (WhatsApp/phone voice memos); the system ffmpeg lacks the encoder, PyAV's bundled one has it."""
    samples = _read_mono(source, 8000)
    with av.open(str(target), "w", format="amr") as out:
        stream = out.add_stream("libopencore_amrnb", rate=8000)
        stream.bit_rate = 12200
        stream.layout = "mono"  # type: ignore[attr-defined]
        for start in range(0, len(samples), 160):
            chunk = samples[start:start + 160]
            if len(chunk) < 160:
                chunk = np.pad(chunk, (0, 160 - len(chunk)))
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate = 8000
            frame.pts = start
            frame.time_base = Fraction(1, 8000)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return target


def _read_mono(source: Path, rate: int) -> np.ndarray:
    resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
    parts = []
    with av.open(str(source)) as container:
        for frame in container.decode(audio=0):
            parts += [out.to_ndarray().reshape(-1) for out in resampler.resample(frame)]
    return np.concatenate(parts).astype(np.int16)


def text_pdf(path: Path, pages: list[str], **metadata: str) -> Path:
    document = pymupdf.open()
    for text in pages:
        page = document.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 540, 760), text, fontsize=12)
    document.set_metadata(metadata)
    document.save(path)
    return path


def text_image(text: str, size: tuple[int, int] = (1700, 500), font_size: int = 64) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_size)
    y = 40
    for line in text.split("\n"):
        draw.text((40, y), line, fill=0, font=font)
        y += int(font_size * 1.4)
    return image


def scanned_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF whose pages are only pictures of text (no text layer), like a scanner makes."""
    document = pymupdf.open()
    for text in pages:
        page = document.new_page()
        buffer = io.BytesIO()
        text_image(text, (2400, 900), 90).save(buffer, format="PNG")
        page.insert_image(pymupdf.Rect(36, 72, 576, 274), stream=buffer.getvalue())
    document.save(path)
    return path


def encrypted_pdf(path: Path) -> Path:
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Déposition confidentielle de Awa Traoré-Keita")
    document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    return path


def many_pages_pdf(path: Path, count: int) -> Path:
    document = pymupdf.open()
    for _ in range(count):
        document.new_page()
    document.save(path)
    return path


def shared_kids_pdf(path: Path, count: int) -> Path:
    """A hand-written PDF whose page tree lists the same page object ``count`` times (cheap page bomb)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [" % count + b"3 0 R " * count + b"] >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def docx_file(path: Path, author: str) -> Path:
    document = docx.Document()
    document.add_heading("Témoignage recueilli à Ségou-Nord", level=1)
    document.add_paragraph("Le témoin Moussa Kanté-Diallo décrit l'arrestation de son frère.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Date des faits"
    table.rows[0].cells[1].text = "14 mars"
    document.sections[0].header.paragraphs[0].text = "Dossier TJ-0042 en-tête"
    document.sections[0].footer.paragraphs[0].text = "Pied de page confidentiel"
    document.core_properties.author = author
    document.core_properties.title = "Entretien n° 42"
    document.save(str(path))
    return path


def odt_file(path: Path, author: str) -> Path:
    from odf.dc import Creator, Title

    document = OpenDocumentText()
    layout = PageLayout(name="Layout")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    footer = Footer()
    footer.addElement(P(text="Pied de page ODT"))
    master.addElement(footer)
    document.masterstyles.addElement(master)
    document.text.addElement(P(text="Les hommes armés sont venus la nuit à Dioura-Koro."))
    document.text.addElement(P(text="Le témoin Fatoumata Sangaré-Bah était présente."))
    document.meta.addElement(Creator(text=author))
    document.meta.addElement(Title(text="Audition ODT"))
    document.save(str(path))
    return path


def zip_bomb_office(source: Path, target: Path, bomb_bytes: int) -> Path:
    """Copy a DOCX/ODT and add one member that inflates to ``bomb_bytes`` of zeros (compressed ~1000x)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as bomb:
        for item in original.infolist():
            bomb.writestr(item, original.read(item.filename))
        padding = zipfile.ZipInfo("word/media/padding.bin")
        padding.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(padding, "w", force_zip64=True) as member:
            block = b"\x00" * (1 << 20)
            for _ in range(bomb_bytes >> 20):
                member.write(block)
    return target


def jpeg_with_gps(path: Path, text: str) -> Path:
    image = text_image(text).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Fictocam"
    exif[0x0110] = "FC-100"
    exif[0x0132] = "2024:03:14 09:30:00"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (14.0, 27.0, 36.0), 3: "W", 4: (4.0, 11.0, 24.0), 5: 0, 6: 280.0})
    image.save(path, format="JPEG", exif=exif, quality=90)
    return path


def tiff_pages(path: Path, texts: list[str]) -> Path:
    frames = [text_image(text) for text in texts]
    frames[0].save(path, format="TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return path


def heic(path: Path, text: str) -> Path:
    import pillow_heif

    pillow_heif.from_pillow(text_image(text).convert("RGB")).save(str(path), quality=95)
    return path


def huge_png(path: Path, side: int) -> Path:
    """A valid ``side`` x ``side`` grayscale PNG written row by row (a few MB on disk, side² bytes decoded)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    compressor = zlib.compressobj(1)
    row = b"\x00" + b"\xff" * side
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def huge_jpeg(path: Path, side: int, text: str) -> Path:
    """A ``side`` x ``side`` JPEG with giant text (built once: needs side² bytes of memory while encoding)."""
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    draw.text((side // 20, side // 3), text, fill=0, font=ImageFont.truetype(FONT, side // 80))
    image.save(path, format="JPEG", quality=75)
    image.close()
    return path


def random_bytes(path: Path, size: int = 64 * 1024) -> Path:
    path.write_bytes(np.random.default_rng(7).integers(0, 256, size, dtype=np.uint8).tobytes())
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path

