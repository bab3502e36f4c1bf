"""One error hierarchy for the domain core.

The API layer's interceptor maps each class to one gRPC status code; nothing
below ``service.api`` knows about status codes.
"""
from __future__ import annotations


class ZhenweiError(Exception):
    """Base class of every error the core raises on purpose."""


class InvalidArgument(ZhenweiError):
    """The request is malformed or over a limit; nothing was changed."""


class NotFound(ZhenweiError):
    """The named object does not exist."""


class AlreadyExists(ZhenweiError):
    """An object with that identity exists already; nothing was changed."""


class FailedPrecondition(ZhenweiError):
    """The system is not in a state that allows the operation."""


class PermissionDenied(ZhenweiError):
    """The caller may not do this."""


class Unauthenticated(ZhenweiError):
    """The caller did not say who it is."""


class Unavailable(ZhenweiError):
    """A dependency (registry, database) cannot be reached right now; retry later."""


class DeadlineExceeded(ZhenweiError):
    """The caller's deadline passed before the work finished; nothing was decided."""
