"""ScreeningService: proto ⇄ domain conversion around :class:`service.screening.Screener`."""
from __future__ import annotations

import logging
import time

import grpc

from service.api.gen.impersonation.v1 import common_pb2, screening_pb2, screening_pb2_grpc
from service.auth.principal import current_principal
from service.domain import models as m
from service.domain.errors import DeadlineExceeded, InvalidArgument, ZhenweiError
from service.api.interceptors import RefusedItem, item_status, store_unavailable

log = logging.getLogger("zhenwei.api.screening")


def profile_from_proto(p: screening_pb2.Profile) -> m.Profile:
    if p.subject.kind not in screening_pb2.SubjectKind.values():
        raise InvalidArgument(f"unknown subject kind {p.subject.kind}")
    kind = screening_pb2.SubjectKind.Name(p.subject.kind).removeprefix("SUBJECT_KIND_")
    return m.Profile(account_id=p.account_id, name=p.name, bio=p.bio, avatar=bytes(p.avatar),
                     subject=m.Subject(kind=m.SubjectKind[kind] if kind in m.SubjectKind.__members__
                                       else m.SubjectKind.UNSPECIFIED,
                                       uscc=p.subject.unified_social_credit_code))


def _enum(enum_type, prefix: str, member) -> int:
    return enum_type.Value(f"{prefix}_{member.name}")


def finding_to_proto(f: m.Finding) -> screening_pb2.Finding:
    return screening_pb2.Finding(
        field=_enum(screening_pb2.Field, "FIELD", f.field),
        category=_enum(common_pb2.Category, "CATEGORY", f.category),
        entity_id=f.entity_id, entity_name=f.entity_name, matched_text=f.matched_text,
        start=f.start, end=f.end,
        techniques=[_enum(screening_pb2.Technique, "TECHNIQUE", t) for t in f.techniques],
        substitutions=[screening_pb2.Substitution(
            found=s.found, expected=s.expected, technique=_enum(screening_pb2.Technique, "TECHNIQUE", s.technique),
            position=s.position) for s in f.substitutions],
        score=f.score, explanation=f.explanation, owner_verified=f.owner_verified,
        severity=_enum(screening_pb2.Decision, "DECISION", f.severity),
        entity_severity=_entity_severity(f.entity_severity),
        image=_image_evidence(f.image))


def _image_evidence(e: m.ImageEvidence | None) -> screening_pb2.ImageEvidence | None:
    if e is None:
        return None
    box = None if e.box is None else screening_pb2.ImageBox(x=e.box.x, y=e.box.y, width=e.box.width,
                                                            height=e.box.height)
    return screening_pb2.ImageEvidence(
        stage=_enum(screening_pb2.ImageStage, "IMAGE_STAGE", e.stage), reference_id=e.reference_id, bank=e.bank,
        view=e.view, distance=e.distance, threshold=e.threshold, inliers=e.inliers, box=box,
        recognized_text=e.recognized_text)


def _entity_severity(value: str) -> int:
    return screening_pb2.EntitySeverity.Value(f"ENTITY_SEVERITY_{value.upper()}") if value else 0


def result_to_proto(r: m.ScreenResult) -> screening_pb2.ScreenProfileResponse:
    return screening_pb2.ScreenProfileResponse(
        account_id=r.account_id,
        decision=_enum(screening_pb2.Decision, "DECISION", r.decision),
        findings=[finding_to_proto(f) for f in r.findings],
        credential_required=[_enum(common_pb2.Domain, "DOMAIN", d) for d in r.credential_required],
        lexicon_version=r.lexicon_version,
        review_priority=_entity_severity(r.review_priority),
        claims=[screening_pb2.Claim(
            field=_enum(screening_pb2.Field, "FIELD", c.field), domain=_enum(common_pb2.Domain, "DOMAIN", c.domain),
            matched_text=c.matched_text, start=c.start, end=c.end, credential_verified=c.credential_verified)
            for c in r.claims])


class ScreeningServicer(screening_pb2_grpc.ScreeningServiceServicer):
    def __init__(self, app):
        self.screener = app.screener
        self.review = getattr(app, "review", None)  # None: screening without a review desk

    def ScreenProfile(self, request, context):
        remaining = context.time_remaining()
        deadline = None if remaining is None else time.monotonic() + remaining
        return result_to_proto(self._screen(request, current_principal(), deadline))

    def _screen(self, request, principal, deadline):
        # only credentials verified for the caller's own platform count (reviewers/admins: any)
        profile = profile_from_proto(request.profile)
        result = self.screener.screen(profile, deadline, principal.platform_scope())
        # REVIEW and REJECT open a review case (once per account and profile content)
        if self.review is not None:
            self.review.open_from_screening(profile, result, principal.platform, principal.actor)
        return result

    def ScreenProfiles(self, request_iterator, context):
        """One response per request, in order; a profile that cannot be screened gets an
        ``ItemStatus`` (the interceptor hands over messages it refused as :class:`RefusedItem`)."""
        principal = current_principal()
        remaining = context.time_remaining()
        deadline = None if remaining is None else time.monotonic() + remaining
        for request in request_iterator:
            if isinstance(request, RefusedItem):
                yield screening_pb2.ScreenProfileResponse(
                    status=screening_pb2.ItemStatus(code=request.code, message=request.message))
                continue
            try:
                result = self._screen(request, principal, deadline)
            except ZhenweiError as exc:
                code, message = item_status(exc)
                yield screening_pb2.ScreenProfileResponse(
                    account_id=request.profile.account_id,
                    status=screening_pb2.ItemStatus(code=code, message=message))
                if isinstance(exc, DeadlineExceeded):
                    return  # the stream's deadline has passed: nothing more can be screened
                continue
            except Exception as exc:
                if not store_unavailable(exc):
                    raise
                # the database is unreachable for this item (its review case could not be opened):
                # this item answers UNAVAILABLE (retry it), the stream goes on
                log.warning("ScreenProfiles item: store unavailable (%s)", type(exc).__name__)
                yield screening_pb2.ScreenProfileResponse(
                    account_id=request.profile.account_id,
                    status=screening_pb2.ItemStatus(code=grpc.StatusCode.UNAVAILABLE.value[0],
                                                    message="the store is unavailable; retry this profile"))
                continue
            yield result_to_proto(result)


def register(server, app) -> list[str]:
    screening_pb2_grpc.add_ScreeningServiceServicer_to_server(ScreeningServicer(app), server)
    return [screening_pb2.DESCRIPTOR.services_by_name["ScreeningService"].full_name]
