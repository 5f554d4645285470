#!/usr/bin/env python3
"""Runs botocore (bundled in Debian's awscli) as the peer of Sekisho's AWS protocol codecs.

stdin: a JSON array of cases, each {"service", "operation", "serialize": params} or {"service", "operation",
"parse": body_text}. stdout: a JSON array, one result per case: the serialized request body (form fields as an
object for query services, the JSON text for json services), or the parsed response (timestamps as ISO 8601).
"""
import datetime, json, sys
sys.path.insert(0, "/usr/lib/python3/dist-packages/awscli")
from botocore import parsers, serialize  # noqa: E402
from botocore.loaders import Loader  # noqa: E402
from botocore.model import ServiceModel  # noqa: E402
from botocore.utils import percent_encode_sequence  # noqa: E402

loader = Loader()
models = {}


def model(service):
    if service not in models:
        models[service] = ServiceModel(loader.load_service_model(service, "service-2"), service_name=service)
    return models[service]


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def run(case):
    m = model(case["service"])
    op = m.operation_model(case["operation"])
    if "serialize" in case:
        request = serialize.create_serializer(m.metadata["protocol"]).serialize_to_request(case["serialize"], op)
        body = request["body"]
        # Query bodies are encoded as botocore's HTTP layer encodes them before sending.
        return percent_encode_sequence(body) if isinstance(body, dict) else body.decode("utf-8")
    parser = parsers.create_parser(m.metadata["protocol"])
    parsed = parser.parse({"body": case["parse"].encode("utf-8"), "headers": {}, "status_code": case.get("status", 200)},
                          op.output_shape)
    return plain(parsed)


print(json.dumps([run(c) for c in json.load(sys.stdin)]))
