#!/usr/bin/python3
"""Pixel-data helpers and reference timings for PacsViewer.Benchmarks --render-compare.

Run it with /usr/bin/python3 (Debian's python3-pydicom, python3-numpy, python3-pil). Usage:

    pixel_bench.py multiframe SOURCE N OUT
        Writes OUT: the first frame of SOURCE replicated N times as a Multi-frame Grayscale Word Secondary
        Capture object. A native SOURCE is decoded with pydicom and written Explicit VR Little Endian; an
        encapsulated SOURCE keeps its transfer syntax and its first frame's compressed bytes are replicated
        (one fragment per frame, with a Basic Offset Table).
    pixel_bench.py render FILE CENTER WIDTH [--warmup W] [--repeat R] --out RESULT.json
        pydicom + numpy + PIL, the way a Python viewer renders: decode the first frame once (pixel_array), then
        per repetition apply_modality_lut, a LINEAR window in numpy (PS3.3 C.11.2.1.2.1) to uint8, and encode
        with PIL (JPEG quality 90; PNG compress_level 1). Writes the median seconds of each step.
    pixel_bench.py j2k FILE [--warmup W] [--repeat R] --out RESULT.json
        Decodes the first JPEG 2000 frame of FILE with PIL (OpenJPEG) from its codestream; median seconds.

Every timing is time.perf_counter around the step only, after W untimed warm-up repetitions.
"""
import io
import json
import statistics
import sys
import time
import warnings

import numpy as np
import pydicom
from pydicom.encaps import encapsulate, generate_pixel_data_frame
from pydicom.pixel_data_handlers.util import apply_modality_lut
from pydicom.uid import ExplicitVRLittleEndian

MULTIFRAME_GRAYSCALE_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3"


def options(argv):
    opts = {"--warmup": 5, "--repeat": 50, "--out": None}
    rest = []
    i = 0
    while i < len(argv):
        if argv[i] in opts:
            opts[argv[i]] = argv[i + 1] if argv[i] == "--out" else int(argv[i + 1])
            i += 2
        else:
            rest.append(argv[i])
            i += 1
    return opts, rest


def first_frame_bytes(ds):
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    return next(generate_pixel_data_frame(ds.PixelData, frames))


def multiframe(source, n, out):
    ds = pydicom.dcmread(source)
    n = int(n)
    if ds.file_meta.TransferSyntaxUID.is_compressed:
        frame = first_frame_bytes(ds)
        ds.PixelData = encapsulate([frame] * n, has_bot=True)
        ds["PixelData"].is_undefined_length = True
    else:
        arr = ds.pixel_array
        if arr.ndim == 3:
            arr = arr[0]
        dtype = arr.dtype.newbyteorder("<")
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        ds.PixelData = np.tile(arr.astype(dtype), (n, 1, 1)).tobytes()
        ds["PixelData"].VR = "OW"
    ds.NumberOfFrames = n
    ds.SOPClassUID = MULTIFRAME_GRAYSCALE_WORD_SC
    ds.file_meta.MediaStorageSOPClassUID = MULTIFRAME_GRAYSCALE_WORD_SC
    ds.save_as(out, write_like_original=False)


def timed(fn, warmup, repeat):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def render(path, center, width, opts):
    from PIL import Image

    ds = pydicom.dcmread(path)
    pixels = ds.pixel_array
    if pixels.ndim == 3:
        pixels = pixels[0]
    c, w = float(center), float(width)

    def window():
        values = apply_modality_lut(pixels, ds)
        # PS3.3 C.11.2.1.2.1 LINEAR: ((x - (c - 0.5)) / (w - 1) + 0.5) * 255, clipped to [0, 255].
        scaled = ((values - (c - 0.5)) / (w - 1) + 0.5) * 255.0
        return np.clip(scaled, 0, 255).astype(np.uint8)

    out8 = window()

    def jpeg():
        Image.fromarray(out8).save(io.BytesIO(), "JPEG", quality=90)

    def png():
        Image.fromarray(out8).save(io.BytesIO(), "PNG", compress_level=1)

    def all_jpeg():
        Image.fromarray(window()).save(io.BytesIO(), "JPEG", quality=90)

    def all_png():
        Image.fromarray(window()).save(io.BytesIO(), "PNG", compress_level=1)

    import PIL

    return {
        "pydicom": pydicom.__version__, "numpy": np.__version__, "pil": PIL.__version__,
        "window": timed(window, opts["--warmup"], opts["--repeat"]),
        "jpeg": timed(jpeg, opts["--warmup"], opts["--repeat"]),
        "png": timed(png, opts["--warmup"], opts["--repeat"]),
        "window_jpeg": timed(all_jpeg, opts["--warmup"], opts["--repeat"]),
        "window_png": timed(all_png, opts["--warmup"], opts["--repeat"]),
    }


def j2k(path, opts):
    from PIL import Image
    import PIL

    ds = pydicom.dcmread(path)
    codestream = first_frame_bytes(ds)

    def decode():
        with Image.open(io.BytesIO(codestream)) as im:
            im.load()

    return {"pil": PIL.__version__, "decode": timed(decode, opts["--warmup"], opts["--repeat"])}


def main(argv):
    warnings.simplefilter("ignore")
    opts, rest = options(argv[1:])
    command = rest[0]
    if command == "multiframe":
        multiframe(*rest[1:4])
        return 0
    if command == "render":
        result = render(rest[1], rest[2], rest[3], opts)
    elif command == "j2k":
        result = j2k(rest[1], opts)
    else:
        raise SystemExit(f"unknown command {command}")
    with open(opts["--out"], "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
