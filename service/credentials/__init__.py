"""Professional credential verification (资质认证) for regulated publishing domains.

Accounts that publish in finance, education, medical or legal topics present a
professional qualification; this package checks its number format (one module
per credential type, python-stdnum style), looks it up in a registry (the
authority's roster), matches holder and domain, and keeps the result current
(re-checks, expiry, revocation). Nothing here imports grpc or protobuf.
"""
