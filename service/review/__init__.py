"""Manual review (cases, reports, appeals, decisions and their effects); transport-free.

Entry point: :class:`service.review.service.ReviewService` (``App.review``); types in
:mod:`service.review.models`.
"""
