#!/usr/bin/env python3
"""Extracts the AWS service models Sekisho speaks from botocore (Debian's awscli package) into compact files.

The botocore models are the specification of the wire protocols: operations, shapes, constraints and error
codes. Documentation strings and examples are dropped; everything the (de)serializers and validators read is
kept. Output: src/Sekisho.Protocol/Aws/Models/<service>.json, embedded in Sekisho.Protocol.

Usage: python3 tools/aws-models/extract.py [BOTOCORE_DATA_DIR]
"""
import json, os, sys

SERVICES = {  # service -> botocore folder
    "iam": "iam/2010-05-08",
    "sts": "sts/2011-06-15",
    "ssm": "ssm/2014-11-06",
    "sso": "sso/2019-06-10",
    "sso-oidc": "sso-oidc/2019-06-10",
}
DROP = {"documentation", "documentationUrl", "examples", "deprecatedMessage", "endpointdiscovery"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/python3/dist-packages/awscli/botocore/data"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = os.path.join(root, "src", "Sekisho.Protocol", "Aws", "Models")
    os.makedirs(out, exist_ok=True)
    for service, folder in SERVICES.items():
        with open(os.path.join(data, folder, "service-2.json"), encoding="utf-8") as f:
            model = json.load(f)
        compact = {"metadata": strip(model["metadata"]), "operations": strip(model["operations"]),
                   "shapes": strip(model["shapes"])}
        path = os.path.join(out, service + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(compact, f, separators=(",", ":"), sort_keys=True)
            f.write("\n")
        print(f"{path}: {len(compact['operations'])} operations, {len(compact['shapes'])} shapes, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
