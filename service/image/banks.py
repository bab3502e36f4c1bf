"""Reference banks: features of each reference image, and the in-memory index.

The HMA model: a *bank* holds reference signals for entities and has its own
thresholds; a *negative* bank holds images that must never match (a platform's
default avatars) — an avatar that matches one is not reported at all.

:func:`extract_features` turns a decoded reference into its signals (PDQ of every
view × 8 dihedral variants, pHash/dHash, ORB keypoints); they are stored with the
reference (:mod:`service.store.image_repo`), so building an index is only
reading blobs. :class:`BankIndex` is an immutable snapshot of every enabled
reference at one store revision (the checkpoint): FAISS binary indexes over the
luminance and edge hashes and a descriptor index for stage 2.
:class:`ReferenceBanks` owns the current snapshot and rebuilds it off to the side
when the store's revision moves, then swaps it in with one assignment — requests
in flight keep the snapshot they started with.
"""
from __future__ import annotations

import json
import logging
import struct
import threading
from dataclasses import dataclass, field
from typing import Iterable

import faiss
import numpy as np

from service.domain.models import Category
from service.image import hashing, keypoints

log = logging.getLogger("zhenwei.image.banks")

faiss.omp_set_num_threads(1)

POSITIVE = "POSITIVE"
NEGATIVE = "NEGATIVE"
_MAGIC = b"ZWF1"


@dataclass(frozen=True)
class Thresholds:
    """Acceptance thresholds; a bank may override ``pdq`` and ``min_inliers``."""

    pdq: int = 12
    edge: int = 32
    verify: int = 72
    min_inliers: int = 24
    min_coverage: float = 0.2
    crop: int = 50
    min_agreement: float = 0.6
    band: int = 40
    negative: int = 32
    candidates: int = 4
    #: stage 1 names one reference per avatar: another is named too only when its distance is within
    #: ``tie`` bits of the best one's (two references that are the same picture)
    tie: int = 2
    #: confirmation (service.image.confirm): the avatar aligned onto the reference must agree cell
    #: by cell; at most ``local_bad`` cells where the reference draws something may disagree (their
    #: edge maps correlate below ``local_corr``); ``avatar_confirm=False`` turns it off (the pipeline
    #: before it: two of three layout-sharing look-alikes named as the reference, bench/RESULTS.md §4).
    confirm: bool = True
    local_corr: float = 0.4
    local_bad: int = 1


@dataclass
class ReferenceFeatures:
    luma: dict[str, list[bytes]]
    edge: dict[str, list[bytes]]
    phash: int
    dhash: int
    kp: keypoints.RefKeypoints | None

    def to_bytes(self) -> bytes:
        parts: list[bytes] = []
        head: dict = {"luma": [], "edge": [], "phash": f"{self.phash:016x}", "dhash": f"{self.dhash:016x}"}
        for group in ("luma", "edge"):
            for view, hashes in getattr(self, group).items():
                head[group].append([view, len(hashes)])
                parts.extend(hashes)
        if self.kp is not None:
            kp = self.kp
            head["kp"] = {"n": int(len(kp.descriptors)), "bbox": list(kp.bbox), "size": list(kp.size)}
            parts += [kp.points.astype("<f4").tobytes(), kp.descriptors.tobytes(), kp.hash0,
                      kp.edges.astype(np.uint8).tobytes(), kp.small.astype(np.uint8).tobytes()]
            if kp.fine is not None:  # after the older fields: blobs written before still read
                head["kp"]["fine"] = int(kp.fine.shape[0])
                head["kp"]["boxes"] = {k: list(map(int, v)) for k, v in (kp.boxes or {}).items()}
                head["kp"]["low_detail"] = bool(kp.low_detail)
                parts.append(kp.fine.astype(np.uint8).tobytes())
        header = json.dumps(head, separators=(",", ":")).encode()
        return _MAGIC + struct.pack("<I", len(header)) + header + b"".join(parts)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "ReferenceFeatures":
        if blob[:4] != _MAGIC:
            raise ValueError("not a reference feature blob")
        (n,) = struct.unpack("<I", blob[4:8])
        head = json.loads(blob[8:8 + n])
        pos = 8 + n
        groups: dict[str, dict[str, list[bytes]]] = {"luma": {}, "edge": {}}
        for group in ("luma", "edge"):
            for view, count in head[group]:
                groups[group][view] = [bytes(blob[pos + i * 32:pos + (i + 1) * 32]) for i in range(count)]
                pos += 32 * count
        kp = None
        if "kp" in head:
            k = head["kp"]["n"]
            pts = np.frombuffer(blob, "<f4", 2 * k, pos).reshape(k, 2).astype(np.float32)
            pos += 8 * k
            desc = np.frombuffer(blob, np.uint8, 32 * k, pos).reshape(k, 32).copy()
            pos += 32 * k
            hash0 = bytes(blob[pos:pos + 32])
            pos += 32
            edges = np.frombuffer(blob, np.uint8, 64 * 64, pos).reshape(64, 64).copy()
            pos += 64 * 64
            small = np.frombuffer(blob, np.uint8, 64 * 64 * 3, pos).reshape(64, 64, 3).copy()
            pos += 64 * 64 * 3
            fine, boxes = None, None
            if "fine" in head["kp"]:
                f = int(head["kp"]["fine"])
                fine = np.frombuffer(blob, np.uint8, f * f, pos).reshape(f, f).copy()
                pos += f * f
                boxes = {k: tuple(v) for k, v in head["kp"].get("boxes", {}).items()}
            kp = keypoints.RefKeypoints(points=pts, descriptors=desc, bbox=tuple(head["kp"]["bbox"]),
                                        size=tuple(head["kp"]["size"]), hash0=hash0, edges=edges, small=small,
                                        fine=fine, boxes=boxes,
                                        low_detail=bool(head["kp"].get("low_detail", False)))
        return cls(luma=groups["luma"], edge=groups["edge"], phash=int(head["phash"], 16),
                   dhash=int(head["dhash"], 16), kp=kp)

    @property
    def pdq_hex(self) -> str:
        return self.luma["whole"][0].hex()


def extract_features(rgb: np.ndarray) -> ReferenceFeatures:
    luma, edge = hashing.reference_hashes(rgb)
    t = hashing.trim_border(hashing.trim_border(rgb))
    return ReferenceFeatures(luma=luma, edge=edge, phash=hashing.phash64(t), dhash=hashing.dhash64(t),
                             kp=keypoints.reference_keypoints(rgb))


# --------------------------------------------------------------------- snapshot
@dataclass(frozen=True)
class RefInfo:
    id: int
    bank: str
    bank_kind: str
    entity_id: str
    category: Category | None
    label: str
    pdq_threshold: int
    min_inliers: int
    phash: int
    dhash: int


@dataclass(frozen=True)
class Record:
    """One enabled reference as read from the store (or made up by the benchmark)."""

    info: RefInfo
    features: ReferenceFeatures


@dataclass
class Hit:
    ref_id: int
    distance: int
    query_view: str
    ref_view: str
    variant: int
    inverted: bool
    kind: str  # "luma" or "edge"


_VIEW_CODES = {v: i for i, v in enumerate(hashing.LUMA_VIEWS + hashing.EDGE_VIEWS)}
_VIEW_NAMES = {i: v for v, i in _VIEW_CODES.items()}


class _HashIndex:
    """FAISS binary index over 256-bit hashes; each row remembers (ref, view, variant)."""

    def __init__(self, hashes: np.ndarray, rows: np.ndarray):
        self.rows = rows  # packed int64 per hash: ref_id << 8 | view code << 3 | variant
        self.index = faiss.IndexBinaryFlat(hashing.HASH_BITS)
        if len(hashes):
            self.index.add(hashes)

    @property
    def size(self) -> int:
        return self.index.ntotal

    def range(self, queries: np.ndarray, radius: int) -> list[list[tuple[int, int]]]:
        """Per query: (row, distance) with distance ≤ radius."""
        if self.size == 0 or len(queries) == 0:
            return [[] for _ in range(len(queries))]
        lims, dist, idx = self.index.range_search(queries, radius + 1)
        return [list(zip(idx[lims[i]:lims[i + 1]].tolist(), dist[lims[i]:lims[i + 1]].tolist()))
                for i in range(len(queries))]


class BankIndex:
    """An immutable snapshot of all enabled references at one store revision."""

    def __init__(self, revision: int, records: Iterable[Record], thresholds: Thresholds):
        self.revision = revision
        self.thresholds = thresholds
        self.refs: dict[int, RefInfo] = {}
        self.kp: dict[int, keypoints.RefKeypoints] = {}
        luma_h, luma_r, edge_h, edge_r = [], [], [], []
        for rec in records:
            info, feat = rec.info, rec.features
            self.refs[info.id] = info
            for group, hs, rs in (("luma", luma_h, luma_r), ("edge", edge_h, edge_r)):
                for view, hashes in getattr(feat, group).items():
                    code = _VIEW_CODES[view]
                    for variant, h in enumerate(hashes):
                        hs.append(h)
                        rs.append((info.id, code, variant))
            if feat.kp is not None and info.bank_kind == POSITIVE:
                self.kp[info.id] = feat.kp
        self.luma = _HashIndex(_as_array(luma_h), pack_rows(luma_r))
        self.edge = _HashIndex(_as_array(edge_h), pack_rows(edge_r))
        self.descriptors = keypoints.DescriptorIndex(self.kp)

    @classmethod
    def from_arrays(cls, revision: int, infos: list[RefInfo], luma: np.ndarray, luma_rows: np.ndarray,
                    edge: np.ndarray, edge_rows: np.ndarray, thresholds: Thresholds) -> "BankIndex":
        """Builds straight from packed hash arrays (bulk loads and the benchmark's filler)."""
        self = cls.__new__(cls)
        self.revision, self.thresholds = revision, thresholds
        self.refs = {i.id: i for i in infos}
        self.kp = {}
        self.luma = _HashIndex(np.ascontiguousarray(luma, np.uint8), luma_rows)
        self.edge = _HashIndex(np.ascontiguousarray(edge, np.uint8), edge_rows)
        self.descriptors = keypoints.DescriptorIndex({})
        return self

    def merged(self, other: "BankIndex") -> "BankIndex":
        """This snapshot plus ``other``'s references (the benchmark pads an index with filler)."""
        out = BankIndex.__new__(BankIndex)
        out.revision, out.thresholds = self.revision, self.thresholds
        out.refs = {**other.refs, **self.refs}
        out.kp = {**other.kp, **self.kp}

        def cat(a: _HashIndex, b: _HashIndex) -> _HashIndex:
            ha = faiss.vector_to_array(a.index.xb) if a.size else np.zeros(0, np.uint8)
            hb = faiss.vector_to_array(b.index.xb) if b.size else np.zeros(0, np.uint8)
            return _HashIndex(np.concatenate([ha, hb]).reshape(-1, 32), np.concatenate([a.rows, b.rows]))

        out.luma = cat(self.luma, other.luma)
        out.edge = cat(self.edge, other.edge)
        out.descriptors = self.descriptors if not other.kp else keypoints.DescriptorIndex(out.kp)
        return out

    @property
    def hash_count(self) -> int:
        return self.luma.size + self.edge.size

    def nbytes(self) -> int:
        """Bytes held by the hash indexes (codes + row map), the part that grows with the banks."""
        return sum(ix.size * 32 + ix.rows.nbytes for ix in (self.luma, self.edge))

    def search(self, q: hashing.ViewHashes, luma_radius: int, edge_radius: int) -> list[Hit]:
        """The best luminance hit and the best edge hit of each reference within the radii
        (luminance compared as min(d, 256 - d)), nearest first."""
        best: dict[tuple[int, str], Hit] = {}

        def take(kind, rows, qview, inverted, found):
            for row, d in found:
                ref_id, code, variant = unpack_row(int(rows[row]))
                d = int(d)  # for a complemented query, d(~q, r) = 256 - d(q, r) already
                cur = best.get((ref_id, kind))
                if cur is None or d < cur.distance:
                    best[ref_id, kind] = Hit(ref_id, d, qview, _VIEW_NAMES[code], variant, inverted, kind)

        names = list(q.luma)
        if names:
            # inverted copies are looked for with the whole image and its tightest trim only
            inv = [n for n in ("whole", "trim2" if "trim2" in q.luma else "trim") if n in q.luma]
            plain = np.frombuffer(b"".join(q.luma[n] for n in names), np.uint8).reshape(-1, 32)
            flipped = 255 - np.frombuffer(b"".join(q.luma[n] for n in inv), np.uint8).reshape(-1, 32)
            res = self.luma.range(np.concatenate([plain, flipped]), luma_radius)
            labels = [(n, False) for n in names] + [(n, True) for n in inv]
            for (name, inverted), found in zip(labels, res):
                take("luma", self.luma.rows, name, inverted, found)
        enames = list(q.edge)
        if enames:
            arr = np.frombuffer(b"".join(q.edge[n] for n in enames), np.uint8).reshape(-1, 32)
            for i, found in enumerate(self.edge.range(arr, edge_radius)):
                take("edge", self.edge.rows, enames[i], False, found)
        return sorted(best.values(), key=lambda h: h.distance)


def pack_rows(rows: list[tuple[int, int, int]]) -> np.ndarray:
    """(ref_id, view code, variant) triples → one int64 each."""
    if not rows:
        return np.zeros(0, np.int64)
    arr = np.array(rows, np.int64)
    return (arr[:, 0] << 8) | (arr[:, 1] << 3) | arr[:, 2]


def unpack_row(value: int) -> tuple[int, int, int]:
    return value >> 8, (value >> 3) & 0x1F, value & 0x7


def _as_array(hashes: list[bytes]) -> np.ndarray:
    if not hashes:
        return np.zeros((0, 32), np.uint8)
    return np.frombuffer(b"".join(hashes), np.uint8).reshape(-1, 32).copy()


# ---------------------------------------------------------------------- owner
@dataclass
class ReferenceBanks:
    """Holds the current :class:`BankIndex`; rebuilds and swaps it when the store moves."""

    repo: object  # service.store.image_repo.ImageRepository
    thresholds: Thresholds
    _current: BankIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> BankIndex:
        snap = self._current
        if snap is None:
            self.reload_if_changed()
            snap = self._current
        assert snap is not None
        return snap

    def reload_if_changed(self) -> bool:
        """Rebuilds from the store when its revision differs from the snapshot's; True if swapped."""
        revision = self.repo.revision()
        snap = self._current
        if snap is not None and snap.revision == revision:
            return False
        with self._lock:  # one rebuild at a time; others keep serving the old snapshot
            snap = self._current
            if snap is not None and snap.revision == revision:
                return False
            revision, rows = self.repo.snapshot()
            records = []
            for row in rows:
                try:
                    feats = ReferenceFeatures.from_bytes(row.features)
                except (ValueError, KeyError, struct.error) as exc:
                    log.error("reference %s has unreadable features (%s); skipped", row.id, exc)
                    continue
                records.append(Record(RefInfo(
                    id=row.id, bank=row.bank, bank_kind=row.bank_kind, entity_id=row.entity_id,
                    category=row.category, label=row.label,
                    pdq_threshold=row.pdq_threshold or (self.thresholds.negative if row.bank_kind == NEGATIVE
                                                        else self.thresholds.pdq),
                    min_inliers=row.min_inliers or self.thresholds.min_inliers,
                    phash=feats.phash, dhash=feats.dhash), feats))
            new = BankIndex(revision, records, self.thresholds)
            self._current = new  # the swap: one reference assignment
        log.info("reference index at revision %d: %d references, %d hashes", new.revision, len(new.refs),
                 new.hash_count)
        return True
