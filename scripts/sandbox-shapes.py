#!/usr/bin/env python3
"""Writes the sandbox's operation input/output types from the botocore service models.

For each service the sandbox serves, writes `src/sandbox/services/<folder>/shapes.generated.ts`: one
TypeScript type per structure (and enum) shape reachable from the input and output of the operations
the service serves, and an `Operations` map from operation name to `{ input; output }`.

Usage (see `npm run sandbox:shapes`):

    python3 scripts/sandbox-shapes.py --operations served.json [--out DIR]

`served.json` is `{ "<sandbox service name>": ["<Operation>", ...] }`, as scripts/sandbox-operations.ts
prints it from the service definitions. `--out` writes the files under DIR (same relative paths) instead
of the repository, for the drift test. The output is formatted with the repository's prettier.

It only reads the botocore models (and the operations list) and writes TypeScript.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys

import botocore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = "scripts/sandbox-shapes.py"

# Sandbox service name (ServiceDefinition.name) -> (botocore service, generated file under src/sandbox/services/).
SERVICES = {
    "accessanalyzer": ("accessanalyzer", "accessanalyzer/shapes.generated.ts"),
    "account": ("account", "account/shapes.generated.ts"),
    "budgets": ("budgets", "budgets/shapes.generated.ts"),
    "ce": ("ce", "ce/shapes.generated.ts"),
    "cloudformation": ("cloudformation", "cloudformation/shapes.generated.ts"),
    "cloudtrail": ("cloudtrail", "cloudtrail/shapes.generated.ts"),
    "config": ("config", "config/shapes.generated.ts"),
    "ec2": ("ec2", "ec2/shapes.generated.ts"),
    "elbv2": ("elbv2", "elbv2/shapes.generated.ts"),
    "events": ("events", "events/shapes.generated.ts"),
    "guardduty": ("guardduty", "guardduty/shapes.generated.ts"),
    "iam": ("iam", "iam/shapes.generated.ts"),
    "identitystore": ("identitystore", "identity-center/identitystore.shapes.generated.ts"),
    "kms": ("kms", "kms/shapes.generated.ts"),
    "lambda": ("lambda", "lambda/shapes.generated.ts"),
    "organizations": ("organizations", "organizations/shapes.generated.ts"),
    "rds": ("rds", "rds/shapes.generated.ts"),
    "s3": ("s3", "s3/shapes.generated.ts"),
    "s3control": ("s3control", "s3control/shapes.generated.ts"),
    "securityhub": ("securityhub", "securityhub/shapes.generated.ts"),
    "sns": ("sns", "sns/shapes.generated.ts"),
    "sqs": ("sqs", "sqs/shapes.generated.ts"),
    "sso-admin": ("sso-admin", "identity-center/sso-admin.shapes.generated.ts"),
    "sts": ("sts", "sts/shapes.generated.ts"),
    "support": ("support", "support/shapes.generated.ts"),
}

# Names a generated type must not take: they would shadow the globals the generated code (or its readers) use.
RESERVED = {
    "Array", "Boolean", "Date", "Error", "Function", "Map", "Number", "Object", "Operations", "Partial",
    "Promise", "Readonly", "Record", "Required", "Set", "String", "Symbol", "Uint8Array",
}
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
NO_MEMBERS = "Record<string, never>"


def load_model(service):
    base = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    versions = sorted(v for v in os.listdir(base) if os.path.exists(os.path.join(base, v, "service-2.json.gz")))
    if not versions:
        sys.exit(f"{SCRIPT}: botocore has no service-2.json.gz for {service}")
    version = versions[-1]
    with gzip.open(os.path.join(base, version, "service-2.json.gz"), "rt", encoding="utf-8") as f:
        return version, json.load(f)


def type_name(name):
    return f"{name}Shape" if name in RESERVED else name


def literal(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Generator:
    def __init__(self, model):
        self.shapes = model["shapes"]
        self.emit = {}  # shape name -> declaration, for the named types (structures and enums)

    def ref(self, name):
        """The TypeScript type of a member targeting shape `name`; queues the named types it needs."""
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            if shape.get("document"):
                return "unknown"
            self.named(name)
            return type_name(name)
        if kind == "string":
            if "enum" in shape:
                self.named(name)
                return type_name(name)
            return "string"
        if kind in ("integer", "long", "double", "float", "bigdecimal", "biginteger"):
            return "number"
        if kind == "boolean":
            return "boolean"
        if kind == "timestamp":
            return "Date | string | number"
        if kind == "blob":
            return "string"
        if kind == "list":
            item = self.ref(shape["member"]["shape"])
            return f"({item})[]" if "|" in item else f"{item}[]"
        if kind == "map":
            return f"Record<string, {self.ref(shape['value']['shape'])}>"
        sys.exit(f"{SCRIPT}: unknown shape type {kind} ({name})")

    def named(self, name):
        if name in self.emit:
            return
        self.emit[name] = None  # placeholder: recursive shapes stop here
        shape = self.shapes[name]
        if shape["type"] == "string":
            values = " | ".join(literal(v) for v in shape["enum"])
            self.emit[name] = f"export type {type_name(name)} = {values};"
            return
        required = set(shape.get("required", []))
        lines = []
        for member, target in shape.get("members", {}).items():
            key = member if IDENTIFIER.match(member) else json.dumps(member)
            optional = "" if member in required else "?"
            lines.append(f"  {key}{optional}: {self.ref(target['shape'])};")
        if not lines:
            self.emit[name] = f"export type {type_name(name)} = {NO_MEMBERS};"
            return
        self.emit[name] = "\n".join([f"export interface {type_name(name)} {{", *lines, "}"])

    def operation(self, model, op):
        spec = model["operations"][op]
        types = []
        for side in ("input", "output"):
            target = spec.get(side)
            types.append(self.ref(target["shape"]) if target else NO_MEMBERS)
        return f"  {op}: {{ input: {types[0]}; output: {types[1]} }};"


def generate(sandbox_name, operations):
    service, path = SERVICES[sandbox_name]
    version, model = load_model(service)
    known = [op for op in operations if op in model["operations"]]
    unknown = [op for op in operations if op not in model["operations"]]
    gen = Generator(model)
    entries = [gen.operation(model, op) for op in sorted(known)]
    header = [
        f"// Generated by {SCRIPT} from botocore {botocore.__version__} ({service} {version}). Do not edit:",
        "// run `npm run sandbox:shapes` to regenerate.",
        f"// The input and output shapes of the {len(known)} {service} operations the sandbox serves.",
    ]
    if unknown:
        header.append(f"// Served but not in the model (no types): {', '.join(sorted(unknown))}.")
    body = [
        *header,
        "",
        "export interface Operations {",
        *entries,
        "}",
        "",
        *(f"{gen.emit[name]}\n" for name in sorted(gen.emit)),
    ]
    return path, "\n".join(body).rstrip("\n") + "\n"


def prettier(paths):
    """Formats the files as prettier formats the repository (its config, wherever they are)."""
    binary = os.path.join(ROOT, "node_modules", "prettier", "bin", "prettier.cjs")
    config = os.path.join(ROOT, ".prettierrc.json")
    result = subprocess.run(
        ["node", binary, "--config", config, "--log-level", "warn", "--write", *paths],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{SCRIPT}: prettier failed:\n{result.stderr}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", required=True, help="JSON: sandbox service name -> operations served")
    parser.add_argument("--out", default=ROOT, help="write under this folder instead of the repository")
    args = parser.parse_args()
    with open(args.operations, encoding="utf-8") as f:
        served = json.load(f)
    missing = sorted(set(served) - set(SERVICES))
    if missing:
        sys.exit(f"{SCRIPT}: add {', '.join(missing)} to SERVICES (sandbox service -> botocore service, file)")
    written = []
    for name in sorted(served):
        path, text = generate(name, served[name])
        target = os.path.join(args.out, "src", "sandbox", "services", path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        written.append(target)
    prettier(written)
    for target in written:
        print(f"{os.path.relpath(target, args.out)}: {os.path.getsize(target)} bytes")


if __name__ == "__main__":
    main()
