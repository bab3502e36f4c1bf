"""What counts as finding an attacked name (shared by the bench and the CI slice test).

A hit is a REVIEW or REJECT decision with a finding that names the attacked target:

- a listed entity: the finding's entity name is the entity's name, one of its
  aliases or abbreviations (the engine names a Han alias as written);
- a division (REGION): the division's full name;
- a composed name (division × organ pattern): a finding of the pattern's category
  whose name starts with the division's full or short name and ends with the
  pattern's canonical organ name or the pattern itself (徐汇区市场监督管理局; a bare
  REGION finding for 徐汇区 is not a hit).
"""
from __future__ import annotations

FLAGGED = ("REVIEW", "REJECT")


def finding_names_target(target: dict, category: str, entity_name: str) -> bool:
    if target["category"] == "COMPOSED":
        if category != target["finding_category"]:
            return False
        if entity_name in target["accept"]:
            return True
        starts = entity_name.startswith(target["division"]) or entity_name.startswith(target["short"])
        return starts and (entity_name.endswith(target["canonical"]) or entity_name.endswith(target["pattern"]))
    return entity_name in target["accept"]


def is_hit(target: dict, decision: str, findings) -> bool:
    """``findings``: iterable of (category name, entity name)."""
    return decision in FLAGGED and any(finding_names_target(target, c, n) for c, n in findings)
