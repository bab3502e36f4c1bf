"""Container health check: asks the gRPC health service whether the server is SERVING.

    python -m service.ops.healthcheck [host:port [service]]   # default: 127.0.0.1:<port of ZHENWEI_LISTEN_ADDR>

``service``: a health service name instead of the overall status, e.g. ``zhenwei.ops.LexiconReload``
(NOT_SERVING while lexicon hot reloads fail and the previous lexicon keeps serving).

Exit status 0 when SERVING, 1 otherwise (not serving, unreachable, or over the timeout). Plaintext
only: with TLS, point the check at a plaintext sidecar or use grpc_health_probe.
"""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        target = argv[0]
    else:
        port = os.environ.get("ZHENWEI_LISTEN_ADDR", "127.0.0.1:50051").rpartition(":")[2]
        target = f"127.0.0.1:{port}"
    service = argv[1] if len(argv) > 1 else ""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    try:
        with grpc.insecure_channel(target) as ch:
            reply = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(service=service), timeout=3)
    except grpc.RpcError as exc:
        print(f"unhealthy: {exc.code().name}", file=sys.stderr)
        return 1
    serving = reply.status == health_pb2.HealthCheckResponse.SERVING
    print("serving" if serving else f"unhealthy: {health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)}")
    return 0 if serving else 1


if __name__ == "__main__":
    sys.exit(main())
