"""Compares `kubectl auth can-i --list` of the operator's ServiceAccount with docs/rbac.md's Rules table.

usage: rbac_contract.py RBAC_MD OPERATOR_CAN_I BASELINE_CAN_I [--without-bound-by WORD]

The baseline is the list of a ServiceAccount without bindings (what every authenticated identity may
do); the operator's list minus the baseline is what the chart grants. That must equal the table, minus
the rows whose "Bound by" column contains WORD (e.g. leader-election, off in the default values).
Prints both sides and exits 1 on any difference: a verb granted beyond the table, or one it lacks.
"""
import re
import sys


def table_rules(path, without):
    rules = {}
    in_rules = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("## "):
            in_rules = line.strip() == "## Rules"
            continue
        if not in_rules or not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        group, resources, verbs, bound_by = cells[0], cells[1], cells[2], cells[3]
        if without and without in bound_by:
            continue
        group = re.findall(r"`([^`]*)`", group)[0].strip('"')
        for resource in re.findall(r"`([^`]+)`", resources):
            name, _, sub = resource.partition("/")
            key = name + ("." + group if group else "") + ("/" + sub if sub else "")
            rules.setdefault(key, set()).update(v.strip() for v in verbs.split(","))
    if not rules:
        sys.exit(f"no rules found in the '## Rules' table of {path}")
    return rules


ROW = re.compile(r"^(\S*)\s+\[(.*?)\]\s+\[(.*?)\]\s+\[(.*?)\]\s*$")


def can_i(path):
    rules = {}
    for line in open(path, encoding="utf-8"):
        m = ROW.match(line.rstrip("\n"))
        if not m or line.startswith("Resources"):
            continue
        resource, urls, names, verbs = m.groups()
        key = resource if resource else "url:" + urls
        if names:
            key += " names:" + names
        rules.setdefault(key, set()).update(verbs.split())
    return rules


def main():
    args = sys.argv[1:]
    without = None
    if "--without-bound-by" in args:
        i = args.index("--without-bound-by")
        without = args[i + 1]
        del args[i:i + 2]
    expected = table_rules(args[0], without)
    operator, baseline = can_i(args[1]), can_i(args[2])
    granted = {}
    for key, verbs in operator.items():
        extra = verbs - baseline.get(key, set())
        if extra:
            granted[key] = extra
    problems = []
    for key in sorted(set(expected) | set(granted)):
        want, got = expected.get(key, set()), granted.get(key, set())
        print(f"  {key:48} table: {' '.join(sorted(want)) or '-':36} granted: {' '.join(sorted(got)) or '-'}")
        if got - want:
            problems.append(f"{key}: granted beyond docs/rbac.md: {sorted(got - want)}")
        if want - got:
            problems.append(f"{key}: in docs/rbac.md but not granted: {sorted(want - got)}")
    for p in problems:
        print("MISMATCH " + p)
    if problems:
        sys.exit(1)
    print(f"ok: the ServiceAccount's rules match docs/rbac.md ({len(expected)} resources)")


main()
