#!/usr/bin/env python3
"""Extract the operations of the official Huawei Cloud Python SDK into a JSON data file.

The output is what `tests/tests/sdk_comparison.rs` compares the specs of `specs/` with: per
service, per operation, the HTTP method, the path template, and every parameter (path, query and
header parameters, and the fields of the JSON body) with its wire name, location and required flag.

How each fact is read (nothing is typed in by hand):

- method and path: the `_<operation>_http_info` class method of the service's client, called with
  a request object whose every attribute is set; the returned `http_info` has the method and the
  resource path;
- the location of a parameter: which of `path_params`, `query_params` or `header_params` that
  call filled with it (its wire name is the key there, as the request model's `attribute_map`
  spells it); `Content-Type`, which the client always adds, is left out;
- required: the Huawei generator's convention: the model's `__init__` assigns a required
  attribute unconditionally (`self.x = x`) and an optional one under `if x is not None:`;
- body fields: the attributes of the request's `body` model, with the same required rule.

Run it (the SDK versions are pinned, and checked by the script):

    python3 -m venv /tmp/sdk-venv
    /tmp/sdk-venv/bin/pip install huaweicloudsdkidentitycenter==3.1.219 \
        huaweicloudsdkidentitycenterstore==3.1.219 huaweicloudsdkorganizations==3.1.219
    /tmp/sdk-venv/bin/python tests/sdk/extract_huawei_sdk.py > tests/sdk/huawei-sdk-3.1.219.json

The output is deterministic (sorted keys, operations by name).
"""

import importlib
import importlib.metadata
import inspect
import json
import re
import sys

VERSION = "3.1.219"

# spec file (without .yaml) -> (package, client class, operations to keep or None for all)
SERVICES = {
    "huawei-identitycenter": (
        "huaweicloudsdkidentitycenter",
        "IdentityCenterClient",
        None,
    ),
    "huawei-identitystore": (
        "huaweicloudsdkidentitycenterstore",
        "IdentityCenterStoreClient",
        None,
    ),
    # Organizations: the reads idc covers (the hierarchy, the accounts, the delegated
    # administrators), not the whole service.
    "huawei-organizations": (
        "huaweicloudsdkorganizations",
        "OrganizationsClient",
        {
            "show_organization",
            "list_roots",
            "list_organizational_units",
            "show_organizational_unit",
            "list_accounts",
            "show_account",
            "list_entities",
            "list_delegated_administrators",
            "list_delegated_services",
        },
    ),
}

# Headers every request carries that are no parameter of an operation.
TRANSPORT_HEADERS = {"Content-Type"}


def pascal(snake):
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def required_attributes(model_class):
    """The attributes `__init__` assigns unconditionally (the generator's required ones)."""
    source = inspect.getsource(model_class.__init__)
    required = set()
    lines = source.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^(\s*)self\.([a-z0-9_]+) = ([a-z0-9_]+)\s*$", line)
        if not match or match.group(2) != match.group(3):
            continue
        previous = lines[i - 1].strip() if i > 0 else ""
        if not previous.startswith("if "):
            required.add(match.group(2))
    return required


class Sentinel(str):
    """A value that survives the client's `http_info` building unchanged."""


def body_fields(models, type_name):
    model = getattr(models, type_name)
    required = required_attributes(model)
    fields = []
    for attr, wire in sorted(model.attribute_map.items(), key=lambda kv: kv[1]):
        fields.append({"name": wire, "in": "body", "required": attr in required})
    return fields


def operation(client_class, models, method_name):
    request_class = getattr(models, pascal(method_name) + "Request")
    request = request_class()
    for attr in request_class.attribute_map:
        if attr != "body":
            setattr(request, attr, Sentinel(attr))
    info = getattr(client_class, "_%s_http_info" % method_name)(request)
    required = required_attributes(request_class)
    wire = request_class.attribute_map
    located = {}
    for name in info["path_params"]:
        located[name] = "path"
    for name, _ in info["query_params"]:
        located[name] = "query"
    for name in info["header_params"]:
        if name not in TRANSPORT_HEADERS:
            located[name] = "header"
    params = []
    for attr, name in wire.items():
        if attr == "body":
            continue
        if name not in located:
            raise SystemExit("%s: %s is sent nowhere" % (method_name, attr))
        params.append({"name": name, "in": located[name], "required": attr in required})
    body_type = request_class.openapi_types.get("body")
    if body_type:
        params.extend(body_fields(models, body_type))
    params.sort(key=lambda p: (p["in"], p["name"]))
    return {
        "operation": method_name,
        "method": info["method"],
        "path": info["resource_path"],
        "body": bool(body_type),
        "params": params,
    }


def service(package, client_name, keep):
    if importlib.metadata.version(package) != VERSION:
        raise SystemExit("%s must be %s" % (package, VERSION))
    v1 = importlib.import_module(package + ".v1")
    client_class = getattr(v1, client_name)
    names = sorted(
        name[1 : -len("_http_info")]
        for name in dir(client_class)
        if name.startswith("_") and name.endswith("_http_info") and not name.startswith("__")
    )
    if keep is not None:
        missing = keep - set(names)
        if missing:
            raise SystemExit("%s has no %s" % (package, sorted(missing)))
        names = [n for n in names if n in keep]
    return [operation(client_class, v1, name) for name in names]


def main():
    out = {
        "generated_by": "tests/sdk/extract_huawei_sdk.py",
        "sdk": {package: VERSION for package, _, _ in SERVICES.values()},
        "services": {
            spec: service(package, client, keep)
            for spec, (package, client, keep) in SERVICES.items()
        },
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
