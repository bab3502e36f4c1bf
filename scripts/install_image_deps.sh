#!/usr/bin/env bash
# Installs the avatar-screening image stack into a virtual environment.
#
#   scripts/install_image_deps.sh .venv/bin/pip
#
# Idempotent: pip skips what is already installed at the pinned version. Works
# around three packaging faults:
# - opencv-python-headless 5.x on PyPI has no AKAZE and no img_hash, so a 4.x is
#   pinned and nothing here relies on contrib modules;
# - pdqhash ships only a source distribution: it is built from source (Cython,
#   numpy and a C++ compiler; pip's isolated build fetches the first two, g++ must
#   exist);
# - rapidocr-onnxruntime 1.4.4 requires opencv-python (the GUI build), which would
#   shadow the headless build: it is installed with --no-deps and its other
#   requirements are listed explicitly, and a stray opencv-python is removed.
set -euo pipefail

PIP="${1:-.venv/bin/pip}"
if [ ! -x "$PIP" ]; then
    echo "usage: $0 PATH/TO/venv/bin/pip  (not executable: $PIP)" >&2
    exit 2
fi
PY="$(dirname "$PIP")/python"

if ! command -v g++ >/dev/null 2>&1; then
    echo "g++ is needed to build pdqhash from source (apt-get install g++)" >&2
    exit 1
fi

"$PIP" install --disable-pip-version-check -q \
    "opencv-python-headless==4.13.0.92" \
    "faiss-cpu==1.15.1" \
    "ImageHash==4.3.2" "PyWavelets==1.9.0" "scipy==1.17.1" \
    "onnxruntime==1.32.0" "pyclipper==1.4.0" "shapely==2.2.0" "six==1.17.0" \
    "PyYAML==6.0.3" "tqdm==4.70.1" \
    "pylopdf-fonts-zh-cn==0.1.1"

# Built from its sdist (no wheels on PyPI).
"$PIP" install --disable-pip-version-check -q --no-binary pdqhash "pdqhash==0.2.8"

# Its opencv-python requirement is deliberately left out: the headless build above
# provides the same cv2 module.
"$PIP" install --disable-pip-version-check -q --no-deps "rapidocr-onnxruntime==1.4.4"

if "$PIP" show opencv-python >/dev/null 2>&1; then
    "$PIP" uninstall -y -q opencv-python
    "$PIP" install --disable-pip-version-check -q --force-reinstall --no-deps \
        "opencv-python-headless==4.13.0.92"
fi

"$PY" - <<'PY'
import cv2, faiss, imagehash, pdqhash, rapidocr_onnxruntime  # noqa: F401
assert cv2.__version__.startswith("4."), cv2.__version__
print("image stack ok: opencv", cv2.__version__, "faiss", faiss.__version__)
PY
