#!/usr/bin/env python3
"""Build the benign corpus for the adversarial evaluation (≥ 20,000 ordinary profiles).

    .venv/bin/pip install jieba==0.42.1      # build-time only
    .venv/bin/python bench/benign_corpus.py [--seed 7] [--out bench/data/benign_corpus.jsonl.gz]

Sources:
- words: jieba 0.42.1 ``dict.txt`` (MIT licence), with its part-of-speech tags: common
  nouns (n, frequency ≥ 300), adjectives (a, ≥ 80), verbs (v, ≥ 800), four-character
  idioms (i, ≥ 30); every pool drops words with official vocabulary (党 政 军 警 局 委
  厅 署 院 部 国 央 官 监 检 法 税 司 省 市 县 区 州 …) so that ordinary means ordinary;
- hard cases: jieba words that contain a division name inside a longer ordinary word
  (common nouns, idioms, fixed expressions …: POS ∉ ns nt nz nr nrt nrfg j m t, and not
  ending in a word that makes the place meant — 队, 公司, 起义, 机场, 话 … see PLACE_MEANT):
  光明磊落's 光明, 东坡肉's 东坡, 长春碱's 长春, 邯郸学步's 邯郸, 普洱茶's 普洱; ordinary
  nouns followed by media/organ-like words (…日报, …电台, …部队, …研究所); professions
  outside the four credential domains; Latin, digit and emoji mixes;
- hand lists in this file (project-written): nickname and bio templates, common
  surnames and given-name characters, professions, Latin words, emoji.

Benign filter (``bench/adversarial/benign_filter.py``; a profile is dropped when any holds,
against the bundled lexicon):
1. it contains a protected entity surface exactly (name, alias or abbreviation of two or
   more characters, after NFKC and lower-casing): 新华书店 is out because of 新华;
2. its Han characters alone are a division name, short name or alias (仙桃, 平安);
3. a division name or short name is followed by a suffix pattern or preceded by a prefix
   pattern of ``organ_patterns.tsv`` (杭州日报, 平安热线, 平安北京);
4. it contains a division's full name (杭州市, 徐汇区);
5. jieba (HMM off) cuts out a token that is a division surface without an ordinary-word
   sense, i.e. not a CC-CEDICT lower-case entry (``lexicons/words.tsv``), whatever jieba's
   tag (兰州的风, 合肥与…, 平凉小… are out; 长寿秘诀 and 光明少年 stay).
The evaluation re-applies rules 1–4 against the lexicon it evaluates.
No dev-set or held-out profile is used or read.

Output: one JSON object per line: id, name, bio, kind (nick, bio, latin-mix,
hard-place-word, hard-organ-word, hard-profession), source.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from adversarial.benign_filter import BenignFilter  # noqa: E402
OUT = ROOT / "bench" / "data" / "benign_corpus.jsonl.gz"

OFFICIAL = set("党政军警局委厅署院部国央官监检法税司团队省市县区州盟旗镇乡") | {"公安", "人民", "中华", "中国", "新闻"}

SURNAMES = ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 "
            "董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 "
            "邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤").split()
GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 洋 艳 勇 军 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 鹏 飞 浩 宇 轩 晨 "
         "欣 怡 佳 琪 雨 萱 思 梦 子 涵 博 文 俊 凯 宁 婷 雪 琳 颖 慧 悦 然 可 心 一 诺 安 乐 瑶 彤 晴 阳 "
         "辰 睿 泽 航 逸 嘉 铭 昊 楠 薇 蕾 露 岚 茜 菲 倩 晓 小 天 月 星 云 海 峰 林 森 珊 琦 璐").split()
PROFESSIONS = ("摄影师 厨师 设计师 程序员 插画师 调酒师 咖啡师 花艺师 美甲师 木匠 司机 快递员 主播 园艺师 "
               "烘焙师 裁缝 理发师 化妆师 导游 翻译 作家 歌手 舞者 演员 模特 产品经理 架构师 建筑师 工程师 "
               "电工 水管工 手艺人 调香师 品酒师 茶艺师 宠物美容师 剪辑师 配音员 策展人 瑜伽爱好者 "
               "咖啡店主 面包师 甜品师 健身达人 跑者 骑行者 潜水员 登山者 钓鱼佬 乐手 鼓手 吉他手 DJ "
               "平面设计 UI设计师 游戏策划 运营 文案 编剧 导演 录音师 灯光师 造型师 纹身师 陶艺师 木工").split()
LATIN = ("sunny lucky happy moon star coffee tea cat dog panda bear bunny cloud rain snow summer winter "
         "spring autumn dream hope smile ocean river forest leaf flower rose lily mint lemon peach mango "
         "cookie candy sugar honey music piano guitar dance travel photo film book reader writer coder "
         "gamer runner rider chef baker artist design pixel neon retro vintage indie lofi chill vibe "
         "daily diary note blog life home kitty puppy tiger fox owl whale dolphin koala").split()
EMOJI = "🌸 🌙 ⭐ ☀️ 🍀 🐱 🐶 🐼 🍑 🍋 🍰 ☕ 🎵 🎧 📷 ✈️ 🌊 🌈 ❄️ 🔥 💫 🌻 🍓 🦊 🐳 🎮 📚 ✨ 🌿 🍜".split()

NICK = (
    "{a}的{n}", "{a}{n}", "{n}{n2}", "{a}小{n}", "{v}{n}", "{n}{n2}爱好者", "{a}{n}收藏家", "一只{a}的{n}",
    "一颗{a}的{n}", "{i}", "{sur}{giv}", "{n}的{n2}", "{a}{n}{d}", "{sur}{giv}的{n}日记", "{a}{n}手帐",
    "爱{v}的{n}", "{n}{giv}酱", "{a}{n}君", "{n}{giv}仔", "我是{a}的{n}", "{sur}{giv}{giv2}", "{n}与{n2}",
    "{a}一点", "今日份{n}与{n2}", "{sur}家{n}小屋", "{giv}{giv2}{n}",
)
BIO = (
    "喜欢{n}、{n2}和{n3}。", "一个{a}的{prof}，{v}是日常。", "每天分享{n}和{n2}，欢迎交流。",
    "{i}，{i2}。", "记录生活里的{n}与{n2}", "{prof}一枚｜{n}爱好者｜{lat}", "不定期更新{n}相关内容，{a}的人生需要{n2}。",
    "人生信条：{i}", "热爱{n}，也热爱{n2}。", "这里是{sur}{giv}的小角落，聊聊{n}。", "业余{prof}，正在学习{n}。",
    "{emo} {n} | {n2} | {n3}", "{a}地{v}，{a2}地生活。", "关于我：{prof}，养了一只{n}。",
)
LATIN_MIX = ("{n}_{lat}", "{lat}{n}", "{n}{emo}", "{emo}{a}{n}", "{lat}{d}", "{n}{lat}{d}", "{Lat} {n}",
             "{lat}.{lat2}", "{n}{d}", "{emo}{lat}{emo}")
HARD_PLACE = ("{w}", "{w}爱好者", "{a}的{w}", "{w}与{n}", "爱{w}", "{w}日记")
HARD_PLACE_BIO = ("最近迷上了{w}。", "关于{w}的一切，慢慢记录。", "{w}，{n}，还有{n2}。")
ORGAN_LIKE = ("日报", "电台", "频道", "部队", "指挥部", "研究所", "办公室", "观察站", "之声", "周刊", "工作室",
              "联盟", "俱乐部", "协会", "小分队", "研究院", "档案馆", "博物馆")
PROF_NICK = ("{prof}{sur}{giv}", "{prof}小{giv}", "{a}的{prof}", "{prof}的{n}", "{sur}{giv}是{prof}")
PROF_BIO = ("{prof}，做{n}相关的工作，业余喜欢{n2}。", "全职{prof}，偶尔{v}。", "{prof}一枚，坐标不重要，{i}。")


#: a place-containing word ending in one of these names an organisation, team, event, site or
#: dialect of that place (云南铜业, 山西队, 广州起义, 天河机场, 广州话): the place is meant
PLACE_MEANT = ("队", "集团", "公司", "股份", "有限", "大学", "学院", "中学", "小学", "医院", "银行", "起义",
               "战役", "事变", "会议", "屠杀", "惨案", "条约", "运动", "机场", "车站", "港", "路", "街", "桥",
               "广场", "中心", "展览", "体育场", "电视", "日报", "话", "方言", "人", "籍", "口音", "铜业",
               "药业", "制药", "碱业", "实业", "工业", "企业", "化工", "纺织", "啤酒", "钢铁", "铝业", "油田",
               "水库", "大桥", "长江", "黄河", "公园", "景区", "古城",
               "文化", "会战", "战争", "保卫战", "暴动", "政权", "宣言", "精神", "模式", "经验", "座谈会")


def jieba_pools(dict_path: Path, divisions: set[str]):
    nouns, adjs, verbs, idioms, hard = [], [], [], [], []
    with open(dict_path, encoding="utf-8") as f:
        for line in f:
            w, freq, pos = line.split()
            freq = int(freq)
            if not all("\u4e00" <= c <= "\u9fff" for c in w):
                continue
            official = any(o in w for o in OFFICIAL)
            if pos == "n" and freq >= 300 and 2 <= len(w) <= 3 and not official:
                nouns.append(w)
            elif pos == "a" and freq >= 80 and len(w) == 2 and not official:
                adjs.append(w)
            elif pos == "v" and freq >= 800 and len(w) == 2 and not official:
                verbs.append(w)
            elif pos == "i" and freq >= 30 and len(w) == 4 and not official:
                idioms.append(w)
            if (not official and pos not in ("ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "m", "t")
                    and freq >= 5 and len(w) >= 3
                    and w[-1] not in "市区县省州盟旗镇乡村" and not w.endswith(PLACE_MEANT)):
                for d in divisions:
                    if d in w and d != w:
                        hard.append(w)
                        break
    return nouns, adjs, verbs, idioms, sorted(set(hard))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every kind's quota")
    args = ap.parse_args()
    try:
        import jieba
    except ImportError:
        sys.exit("benign_corpus: jieba is needed to build the corpus: .venv/bin/pip install jieba==0.42.1")
    jieba.setLogLevel(60)
    from service.config import Settings
    from service.lexicon.loader import load_bundled

    data = load_bundled(Settings().lexicon_dir)
    dict_path = Path(jieba.__file__).with_name("dict.txt")
    words_tsv = {line.split("\t")[0] for line in open(ROOT / "lexicons" / "words.tsv", encoding="utf-8")
                 if line.strip() and not line.startswith("#")}
    divisions = {s for d in data.divisions.values() if d.status == "current"
                 for s in (d.name, d.short_name) if s and len(s) >= 2}
    nouns, adjs, verbs, idioms, hard = jieba_pools(dict_path, divisions)
    filt = BenignFilter(data, words_tsv)

    def seg(text: str) -> list[str]:
        return jieba.lcut(text, HMM=False)

    rng = random.Random(args.seed)

    def fill(tpl: str) -> str:
        vals = {"n": rng.choice(nouns), "n2": rng.choice(nouns), "n3": rng.choice(nouns), "a": rng.choice(adjs),
                "a2": rng.choice(adjs), "v": rng.choice(verbs), "i": rng.choice(idioms), "i2": rng.choice(idioms),
                "sur": rng.choice(SURNAMES), "giv": rng.choice(GIVEN), "giv2": rng.choice(GIVEN),
                "prof": rng.choice(PROFESSIONS), "lat": rng.choice(LATIN), "lat2": rng.choice(LATIN),
                "emo": rng.choice(EMOJI), "d": str(rng.choice((rng.randint(0, 99), rng.randint(1980, 2025)))),
                "w": rng.choice(hard)}
        vals["Lat"] = vals["lat"].capitalize()
        return tpl.format(**vals)

    def nick_pair(tpl):
        return fill(tpl), ""

    def bio_pair(tpl):
        return fill(rng.choice(NICK)), fill(tpl)

    plain_nouns = [n for n in nouns if not any(c in n for c in "报刊台社馆所")]

    def organ_like(_):
        return rng.choice(plain_nouns) + rng.choice(ORGAN_LIKE), ""

    def hard_place(_):
        if rng.random() < 0.7:
            return fill(rng.choice(HARD_PLACE)), ""
        return fill(rng.choice(NICK)), fill(rng.choice(HARD_PLACE_BIO))

    def profession(_):
        if rng.random() < 0.6:
            return fill(rng.choice(PROF_NICK)), ""
        return fill(rng.choice(NICK)), fill(rng.choice(PROF_BIO))

    s = args.scale
    plan = (("nick", int(13000 * s), lambda: nick_pair(rng.choice(NICK))),
            ("bio", int(6000 * s), lambda: bio_pair(rng.choice(BIO))),
            ("latin-mix", int(1500 * s), lambda: nick_pair(rng.choice(LATIN_MIX))),
            ("hard-place-word", int(1500 * s), lambda: hard_place(None)),
            ("hard-organ-word", int(1000 * s), lambda: organ_like(None)),
            ("hard-profession", int(1000 * s), lambda: profession(None)))
    seen, rows, dropped = set(), [], {}
    for kind, quota, make in plan:
        got = tries = 0
        while got < quota and tries < quota * 20:
            tries += 1
            name, bio = make()
            if (name, bio) in seen or len(name) > 64:
                continue
            seen.add((name, bio))
            why = filt.reason(name, seg) or (filt.reason(bio, seg) if bio else "")
            if why:
                dropped[kind] = dropped.get(kind, 0) + 1
                continue
            rows.append({"id": f"b-{len(rows):05d}", "name": name, "bio": bio, "kind": kind})
            got += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # no name and mtime 0 in the gzip header: the same input gives the same bytes
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        for r in rows:
            gz.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
    kinds = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"pools: {len(nouns)} nouns, {len(adjs)} adjectives, {len(verbs)} verbs, {len(idioms)} idioms, "
          f"{len(hard)} place-containing words (jieba {jieba.__version__})")
    print(f"wrote {len(rows)} profiles to {args.out}: {kinds}; dropped by the filter: {dropped}")


if __name__ == "__main__":
    main()
