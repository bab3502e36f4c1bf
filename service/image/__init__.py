"""Avatar screening: safe ingest, global hashes, keypoints, OCR and reference banks.

Importing this package caps OpenCV's own decoders before ``cv2`` is first
imported (``OPENCV_IO_MAX_IMAGE_PIXELS``); decoding itself goes through Pillow
in :mod:`service.image.ingest`, which checks the pixel count from the header.
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(16_000_000))
# One thread per call: requests already run in parallel on the gRPC pool, and
# OpenMP's spin-up on two cores costs more than it saves for one small query.
os.environ.setdefault("OMP_NUM_THREADS", "1")
