#!/usr/bin/env python3
# What each top-level dependency adds to the image's /app/libs (docs/install.md, "Size"):
#   mvn -B -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree -Dverbose -pl operator -DoutputFile=/tmp/tree.txt
#   python3 operator/src/image/dependency-sizes.py /tmp/tree.txt [-v]
# For each top-level compile/runtime dependency: "alone" = jars only it brings (removing it removes them),
# "shared" = jars also reached from another; then the same per family (AWS SDK, JOSDK + Fabric8, ...).
import os, re, sys
from collections import defaultdict
m2 = os.path.expanduser("~/.m2/repository")
pat = re.compile(r"^([|\\+\- ]*)\(?([^:\s()]+):([^:]+):([^:]+):(?:([^:]+):)?([^:]+):(\w+)(.*)$")
lines = open(sys.argv[1]).read().splitlines()[1:]
children = defaultdict(set); final = {}; tops = []; stack = []
for line in lines:
    m = pat.match(line)
    if not m: continue
    prefix, g, a, typ, cl, v, scope, rest = m.groups()
    depth = len(prefix) // 3
    key = f"{g}:{a}"
    stack = stack[:depth - 1] + [key]
    if depth == 1 and scope in ("compile", "runtime"): tops.append(key)
    if depth > 1: children[stack[-2]].add(key)
    if "omitted" not in rest and scope in ("compile", "runtime"):
        final[key] = os.path.getsize(os.path.join(m2, *g.split("."), a, v, f"{a}-{v}{'-' + cl if cl else ''}.{typ}"))
def reach(k, seen):
    if k in seen: return
    seen.add(k)
    for c in children[k]: reach(c, seen)
    return seen
reached = {t: {k for k in reach(t, set()) if k in final} for t in tops}
owners = defaultdict(set)
for t, ks in reached.items():
    for k in ks: owners[k].add(t)
mib = lambda ks: sum(final[k] for k in ks) / 1048576
print(f"{'alone':>9} {'jars':>4} {'+shared':>8}  top-level dependency")
for t in sorted(tops, key=lambda t: -mib(k for k in reached[t] if len(owners[k]) == 1)):
    alone = [k for k in reached[t] if len(owners[k]) == 1]; shared = [k for k in reached[t] if len(owners[k]) > 1]
    print(f"{mib(alone):5.1f} MiB {len(alone):4d} {mib(shared):4.1f} MiB  {t}")
    if "-v" in sys.argv:
        for k in sorted(alone, key=lambda k: -final[k])[:12]: print(f"             {final[k]/1048576:5.2f}  {k}")
print(f"{mib(final):5.1f} MiB {len(final):4d} jars in all")
# Families: top-level dependencies that share most of their jars, counted together.
families = {"AWS SDK v2 (rds, cloudwatch, route53, sts, url-connection-client)": lambda t: t.startswith("software.amazon.awssdk:"),
            "JOSDK + Fabric8 client (operator-framework, micrometer-support, generator-annotations)": lambda t: t.split(":")[0] in ("io.javaoperatorsdk", "io.fabric8"),
            "micrometer-registry-prometheus": lambda t: t.endswith("micrometer-registry-prometheus"),
            "PostgreSQL JDBC": lambda t: t.startswith("org.postgresql"),
            "logback + slf4j": lambda t: t.startswith(("ch.qos", "org.slf4j"))}
print()
counted = set()
for name, test in families.items():
    fam = set().union(*[reached[t] for t in tops if test(t)])
    others = set().union(*[reached[t] for t in tops if not test(t)])
    alone = fam - others
    print(f"{mib(alone):5.1f} MiB {len(alone):4d} jars alone, {mib(fam & others):4.1f} MiB shared  {name}")
    if "-f" in sys.argv:
        for k in sorted(alone, key=lambda k: -final[k])[:8]: print(f"             {final[k]/1048576:5.2f}  {k}")
