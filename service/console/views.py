"""What the pages show, computed from domain objects (no Flask): Chinese labels, the highlighted
name and bio, reference images, age buckets and per-day decision counts."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KIND = {"SCREENING": "资料筛查", "CREDENTIAL": "资质核验", "REPORT": "投诉举报", "APPEAL": "申诉", "QA": "质检复核"}
STATUS = {"OPEN": "待处理", "CLAIMED": "处理中", "ESCALATED": "已升级", "PENDING_SECOND": "待复核（双人）",
          "DECIDED": "已决定"}
CATEGORY = {"PARTY_GOVERNMENT": "党政机关", "MILITARY": "军队", "PUBLIC_INSTITUTION": "事业单位",
            "NEWS_MEDIA": "新闻媒体", "REGION": "行政区划", "CLOSED_ACCOUNT": "已关闭账号", "-": "（无）", "": "（无）"}
TECHNIQUE = {"EXACT": "原样", "VARIANT_FORM": "异体字", "HOMOGLYPH": "形近字", "HOMOPHONE": "同音字",
             "PINYIN": "拼音", "ABBREVIATION": "简称", "INSERTION": "插字", "SEPARATOR": "分隔符",
             "INVISIBLE": "不可见字符", "MIXED_SCRIPT": "混用文字", "IMAGE_HASH": "头像图形相似",
             "IMAGE_TEXT": "头像文字", "REORDER": "调换顺序"}
VERDICT = {"APPROVE": "通过", "REJECT": "驳回", "ESCALATE": "升级"}
ACTION = {"WARN": "警示", "LIMIT_FUNCTIONS": "限制功能", "SUSPEND_UPDATES": "暂停更新", "CLOSE_ACCOUNT": "关闭账号",
          "BLACKLIST": "列入黑名单", "FORBID_REREGISTRATION": "禁止重新注册"}
REASON = {"IMPERSONATING_ORGAN": "仿冒党政机关", "IMPERSONATING_MEDIA": "仿冒新闻媒体",
          "IMPERSONATING_REGION": "仿冒行政区划", "IMPERSONATING_ENTERPRISE": "仿冒企业",
          "IMPERSONATING_PERSON": "仿冒他人", "UNQUALIFIED_PROFESSIONAL": "无资质冒充专业人士",
          "FALSE_POSITIVE": "误报（未仿冒）", "OWNER_VERIFIED": "已核实为主体本人", "OTHER": "其他"}
FIELD = {"NAME": "名称", "BIO": "简介", "AVATAR": "头像"}
DECISION = {"ALLOW": "放行", "REVIEW": "人工审核", "REJECT": "拒绝"}
PROPOSAL_KIND = {"ALIAS": "别名", "ABBREVIATION": "简称"}
PROPOSAL_STATUS = {"PENDING": "待决定", "ACCEPTED": "已采纳", "REFUSED": "已拒绝"}
#: Reason code suggested for a REJECT, by the case's category.
SUGGESTED_REASON = {"PARTY_GOVERNMENT": "IMPERSONATING_ORGAN", "MILITARY": "IMPERSONATING_ORGAN",
                    "PUBLIC_INSTITUTION": "IMPERSONATING_ORGAN", "NEWS_MEDIA": "IMPERSONATING_MEDIA",
                    "REGION": "IMPERSONATING_REGION"}
#: Queue age buckets (label, seconds).
AGE_BUCKETS = [("1 小时以上", 3600), ("24 小时以上", 86400), ("3 天以上", 3 * 86400), ("7 天以上", 7 * 86400)]

_REF = re.compile(r"^reference (\d+) ")
_DISTANCE = re.compile(r"distance (\d+)")


def label(table: dict, value) -> str:
    key = getattr(value, "value", value)
    key = "" if key is None else str(key)
    return table.get(key, key)


def age_text(since: dt.datetime | None, now: dt.datetime) -> str:
    if since is None:
        return "—"
    s = max(0, int((now - since).total_seconds()))
    if s < 3600:
        return f"{s // 60} 分钟"
    if s < 86400:
        return f"{s // 3600} 小时 {s % 3600 // 60} 分"
    return f"{s // 86400} 天 {s % 86400 // 3600} 小时"


def when(value: dt.datetime | None) -> str:
    """UTC+8 (Beijing time), to the minute."""
    if value is None:
        return "—"
    return value.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Char:
    text: str
    #: "" or e.g. "曰 → 日 形近字".
    note: str = ""
    technique: str = ""
    #: Inside a matched span of a finding.
    matched: bool = False


def highlight(text: str, field: str, findings: list[dict]) -> tuple[list[Char], list[str]]:
    """``text`` as characters, the substituted ones labelled, plus the list of labels (also for
    substitutions whose position does not line up with the text as stored)."""
    subs: dict[int, tuple[int, str, str]] = {}
    spans: list[tuple[int, int]] = []
    notes: list[str] = []
    for f in findings:
        if f.get("field") != field:
            continue
        start, end = int(f.get("start", 0) or 0), int(f.get("end", 0) or 0)
        if 0 <= start < end <= len(text):
            spans.append((start, end))
        for s in f.get("substitutions", ()):
            found, expected, tech = str(s.get("found", "")), str(s.get("expected", "")), str(s.get("technique", ""))
            note = f"{found} → {expected} {TECHNIQUE.get(tech, tech)}"
            if note not in notes:
                notes.append(note)
            pos = int(s.get("position", -1))
            if found and 0 <= pos and text[pos:pos + len(found)] == found:
                subs[pos] = (len(found), note, tech)
    out: list[Char] = []
    i = 0
    while i < len(text):
        matched = any(a <= i < b for a, b in spans)
        if i in subs:
            n, note, tech = subs[i]
            out.append(Char(text[i:i + n], note, tech.lower(), matched))
            i += n
        else:
            out.append(Char(text[i], "", "", matched))
            i += 1
    return out, notes


def reference_of(finding: dict) -> dict | None:
    """An avatar finding's reference image id and distance (when the explanation gives one)."""
    if finding.get("field") != "AVATAR":
        return None
    m = _REF.match(str(finding.get("matched_text", "")))
    if not m:
        return None
    d = _DISTANCE.search(str(finding.get("explanation", "")))
    return {"ref_id": int(m.group(1)), "distance": int(d.group(1)) if d else None,
            "entity_name": finding.get("entity_name", ""), "category": finding.get("category", "")}


#: Audit actions that are a reviewer's decision (for the per-day counts).
DECISION_ACTIONS = {"case.decide": "决定", "case.first_decision": "首次决定（待复核）", "case.confirm": "复核确认",
                    "case.escalate": "升级"}


def decisions_per_day(rows, days: int, now: dt.datetime) -> tuple[list[str], list[tuple[str, list[int], int]]]:
    """(day labels newest first, [(reviewer, count per day, total)]), days in Beijing time, from
    (actor, UTC hour "YYYY-MM-DDTHH", count) rows."""
    cst = dt.timezone(dt.timedelta(hours=8))
    today = now.astimezone(cst).date()
    labels = [(today - dt.timedelta(days=i)).isoformat() for i in range(days)]
    index = {d: i for i, d in enumerate(labels)}
    per: dict[str, list[int]] = {}
    for actor, hour, n in rows:
        try:
            day = dt.datetime.fromisoformat(hour + ":00:00+00:00").astimezone(cst).date().isoformat()
        except ValueError:
            continue
        if day in index:
            per.setdefault(actor, [0] * days)[index[day]] += n
    out = sorted(((who, counts, sum(counts)) for who, counts in per.items()), key=lambda r: (-r[2], r[0]))
    return labels, out
