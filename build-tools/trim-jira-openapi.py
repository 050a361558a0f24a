#!/usr/bin/env python3
"""Trims Atlassian's Jira Cloud platform OpenAPI spec to the operations FakeJira serves, for the testkit's tests.

Usage: build-tools/trim-jira-openapi.py <jira-cloud-platform-openapi.json> \
           zen-integration-testkit/src/test/resources/dev/zen/integration/testkit/jira/jira-openapi.json

Source: https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json (Apache License 2.0, as the spec's
info.license says). Keeps, for each served path, the response schemas of each operation and the closure of the
components.schemas they reference; drops descriptions, examples and everything else. Then applies PATCHES: the
places where the spec contradicts real Jira (or its own examples). Every patch is listed here, and nowhere else.
"""
import json
import re
import sys

SERVED = re.compile(r"^/rest/api/3/(issue(/\{issueIdOrKey\}(/(transitions|changelog|assignee|editmeta|properties"
                    r"|remotelink|comment)(/\{[a-zA-Z]+\})?)?)?|issue/bulk|issue/createmeta/.*|search/jql"
                    r"|search/approximate-count|myself|serverInfo|project|project/search"
                    r"|project/\{projectIdOrKey\}(/statuses)?|priority|status|user|user/search"
                    r"|user/assignable/search|field)$")
# IssueBean.fields is a free-form map in the spec; the tests check each system field against its own schema.
FIELD_SCHEMAS = ["StatusDetails", "Priority", "UserDetails", "IssueTypeDetails", "Resolution", "ProjectDetails",
                 "PageOfComments", "IssueLink", "Votes", "Watchers", "TimeTrackingDetails"]
DROP = {"description", "example", "examples", "xml", "externalDocs", "title"}

# (schema, property, why): properties Jira really sends as null although the spec does not say nullable.
NULLABLE = [
    ("ChangeDetails", "from", "Jira sends null when a field had no value before (a first assignee, a first label)"),
    ("ChangeDetails", "to", "Jira sends null when a field is cleared"),
    ("ChangeDetails", "fromString", "null when the field had no value"),
    ("ChangeDetails", "toString", "null when the field is cleared"),
]


# Jira sends timestamps as 2025-09-20T10:30:00.123+0000 (no colon in the offset), which is not the RFC 3339
# date-time the spec declares: the format is dropped wherever the spec says date-time.
def drop_date_time_format(node):
    if isinstance(node, dict):
        if node.get("format") == "date-time":
            del node["format"]
        for v in node.values():
            drop_date_time_format(v)
    elif isinstance(node, list):
        for v in node:
            drop_date_time_format(v)


# GET /issue/{key}/remotelink without globalId answers an array of links (the spec documents one link, the answer
# with globalId): both shapes are allowed.
def patch_remote_links(paths):
    r = paths["/rest/api/3/issue/{issueIdOrKey}/remotelink"]["get"]["responses"]["200"]["content"]["application/json"]
    r["schema"] = {"oneOf": [r["schema"], {"type": "array", "items": r["schema"]}]}


def strip(node, names=False):
    """Drops documentation keys, but not properties that happen to be called "description" or "title"."""
    if isinstance(node, dict):
        return {k: strip(v, k == "properties" and not names) for k, v in node.items() if names or k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def refs(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/schemas/"):
            out.add(r.rsplit("/", 1)[1])
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def main(src, dst):
    spec = json.load(open(src))
    paths = {}
    for path, item in spec["paths"].items():
        if not SERVED.match(path):
            continue
        ops = {}
        for method, op in item.items():
            if method not in ("get", "put", "post", "delete"):
                continue
            responses = {}
            for status, resp in op.get("responses", {}).items():
                schema = resp.get("content", {}).get("application/json", {}).get("schema")
                responses[status] = {"content": {"application/json": {"schema": strip(schema)}}} if schema else {}
            ops[method] = {"operationId": op.get("operationId"), "responses": responses}
        paths[path] = ops
    names, todo = set(), set(FIELD_SCHEMAS)
    refs(paths, todo)
    schemas = spec["components"]["schemas"]
    while todo:
        name = todo.pop()
        if name in names:
            continue
        names.add(name)
        refs(schemas[name], todo)
    kept = {n: strip(schemas[n]) for n in sorted(names)}
    patches = []
    for schema, prop, why in NULLABLE:
        target = kept.get(schema, {}).get("properties", {}).get(prop)
        if target is None:
            continue
        if "$ref" in target:  # OpenAPI 3.0 ignores siblings of $ref: wrap it
            kept[schema]["properties"][prop] = {"allOf": [target], "nullable": True}
        else:
            target["nullable"] = True
        patches.append(f"{schema}.{prop} nullable: {why}")
    drop_date_time_format(paths)
    drop_date_time_format(kept)
    patches.append("format date-time dropped: Jira's offsets are +0000, not RFC 3339")
    patch_remote_links(paths)
    patches.append("GET remotelink 200: an array of links without globalId, one link with it")
    out = {
        "openapi": spec["openapi"],
        "info": {"title": spec["info"]["title"], "version": spec["info"]["version"],
                 "license": spec["info"].get("license"),
                 "x-source": "Trimmed by build-tools/trim-jira-openapi.py from "
                             "https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json",
                 "x-patches": patches},
        "paths": paths,
        "components": {"schemas": kept},
    }
    with open(dst, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(paths)} paths, {len(kept)} schemas, {len(patches)} patches -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
