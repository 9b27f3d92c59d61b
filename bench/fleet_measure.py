"""The measuring half of bench/fleet.sh: applies N DatabaseClusters, times them to Ready, then counts the
operator's AWS calls (its own aurora_aws_calls_total) and the API server's requests (kube-apiserver's
apiserver_request_total, by verb and resource) over three idle resync intervals, and reads heap, RSS and
CPU of the operator process. Prints a table beside the baseline and the goal; writes the CSV."""
import argparse, datetime, json, os, re, subprocess, sys, time, urllib.request

WRITE_VERBS = {"POST", "PUT", "PATCH", "APPLY", "DELETE"}
MIB = 1024 * 1024


def seconds(text):
    m = re.fullmatch(r"(\d+)(ms|s|m)", text)
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(2)]


def kubectl(*args, stdin=None):
    return subprocess.run(["kubectl", *args], input=stdin, capture_output=True, text=True, check=True).stdout


def prometheus(text, name):
    """{frozenset(labels): value} of one metric family in Prometheus text format."""
    out = {}
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            head, value = line.rsplit(" ", 1)
            labels = frozenset(re.findall(r'(\w+)="([^"]*)"', head))
            out[labels] = float(value)
    return out


def operator_metrics(url):
    return urllib.request.urlopen(url, timeout=10).read().decode()


def snapshot(metrics_url):
    op = operator_metrics(metrics_url)
    api = kubectl("get", "--raw", "/metrics")
    return {
        "aws": prometheus(op, "aurora_aws_calls_total"),
        "aws_failed_attempts": prometheus(op, "aurora_aws_call_attempt_failures_total"),
        "reconciles": prometheus(op, "operator_sdk_reconciliations_started_total"),
        "api": prometheus(api, "apiserver_request_total"),
    }


def diff(after, before):
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0) > 0}


def by(d, label):
    out = {}
    for labels, v in d.items():
        key = dict(labels).get(label, "?")
        out[key] = out.get(key, 0) + v
    return out


def ready_times(n, t0):
    items = json.loads(kubectl("get", "dbc", "-n", "fleet", "-o", "json"))["items"]
    ready = 0
    for item in items:
        for c in (item.get("status") or {}).get("conditions") or []:
            if c["type"] == "Ready" and c["status"] == "True":
                ready += 1
    return ready


def proc(pid):
    status = open(f"/proc/{pid}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
    hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) * 1024
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, hwm, cpu


def heap_after_gc(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    # G1 prints one "garbage-first heap ... used"; Serial one line per generation (young, tenured).
    generations = [int(x) for x in re.findall(r"generation\s+total \d+K, used (\d+)K", info)]
    if generations:
        return sum(generations) * 1024
    used = [int(x) for x in re.findall(r"used (\d+)K", info)]
    return used[0] * 1024 if used else 0


def peak_heap(gc_log):
    peak = 0
    for m in re.finditer(r"(\d+)M->(\d+)M\((\d+)M\)", open(gc_log).read()):
        peak = max(peak, int(m.group(1)))
    return peak * MIB


def manifests(n):
    items = [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "fleet-master", "namespace": "fleet"},
              "stringData": {"password": "fleet-Passw0rd-bench"}}]
    for i in range(n):
        items.append({"apiVersion": "aurora.dbops.dev/v1alpha1", "kind": "DatabaseCluster",
                      "metadata": {"name": f"db-{i:04d}", "namespace": "fleet"},
                      "spec": {"clusterIdentifier": f"fleet-db-{i:04d}", "engineVersion": "15.10",
                               "scaling": {"minCapacity": 0.5, "maxCapacity": 4},
                               "masterCredentials": {"username": "postgres",
                                                     "passwordSecretRef": {"name": "fleet-master", "key": "password"}},
                               "deletionPolicy": "Retain"}})
    return json.dumps({"apiVersion": "v1", "kind": "List", "items": items})


def main():
    p = argparse.ArgumentParser()
    for a in ["--n", "--resync", "--refresh", "--operator-pid", "--metrics", "--gc-log", "--jvm-flags", "--aws",
              "--results", "--check"]:
        p.add_argument(a, required=True)
    a = p.parse_args()
    n, pid, resync = int(a.n), int(a.operator_pid), seconds(a.resync)

    kubectl("create", "namespace", "fleet")
    at_start = snapshot(a.metrics)
    start_cpu = proc(pid)[2]
    t0 = time.monotonic()
    kubectl("create", "-f", "-", stdin=manifests(n))
    applied = time.monotonic() - t0
    first = None
    deadline = t0 + max(600, n * 2)
    while True:
        ready = ready_times(n, t0)
        now = time.monotonic() - t0
        if ready > 0 and first is None:
            first = now
        if ready >= n or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    all_ready = time.monotonic() - t0 if ready >= n else None
    load_ready = os.getloadavg()
    at_ready = snapshot(a.metrics)
    failed_to_ready = by(diff(at_ready["aws_failed_attempts"], at_start["aws_failed_attempts"]), "reason")
    calls_to_ready = by(diff(at_ready["aws"], at_start["aws"]), "api")
    rss_ready, hwm_ready, cpu_now = proc(pid)
    cpu_to_ready = cpu_now - start_cpu
    print(f"fleet: {ready}/{n} Ready, apply took {applied:.1f} s", flush=True)

    # Let the reconciles that the last status and Secret writes cause run out, then measure idle intervals
    # from the middle of one resync interval to the middle of the next: the operator's steady-state resyncs
    # fall on wall-clock multiples of the interval (ClusterTimings.resyncFromNow), one burst per window.
    time.sleep(min(resync, 10))
    time.sleep((resync / 2 - time.time() % resync) % resync)
    intervals = []
    before = snapshot(a.metrics)
    for i in range(3):
        time.sleep(resync)
        after = snapshot(a.metrics)
        intervals.append({k: diff(after[k], before[k]) for k in after})
        before = after
    cpu_total = proc(pid)[2] - start_cpu
    heap = heap_after_gc(pid)
    rss, hwm, _ = proc(pid)
    peak = peak_heap(a.gc_log)
    load_end = os.getloadavg()

    rows = []
    def row(metric, measured, baseline, goal):
        rows.append((metric, measured, baseline, goal))

    fmt = lambda s: "-" if s is None else f"{s:.1f} s"
    row("N DatabaseClusters", str(n), "", "")
    row("AWS", a.aws, "moto alone (before)", "")
    row("operator JVM flags", a.jvm_flags, "", "")
    row("load average (1/5/15 min) at all Ready / at end", " ".join(f"{x:.1f}" for x in load_ready) + " / "
        + " ".join(f"{x:.1f}" for x in load_end), "", "")
    row("AWS calls to all Ready, by API", ", ".join(f"{k} {int(v)}" for k, v in sorted(calls_to_ready.items())), "", "")
    row("failed AWS attempts to all Ready (retried), by reason",
        ", ".join(f"{k} {int(v)}" for k, v in sorted(failed_to_ready.items())) or "0", "", "visible")
    row("apply -> all Ready", fmt(all_ready), "37 s at 100, 98-120 s at 1,000 (issue 12, before)", "< 60 s at 1,000")
    row("apply -> first Ready", fmt(first), "37 s (before)", "AWS time + < 2 s")
    row("operator CPU seconds to all Ready / whole run", f"{cpu_to_ready:.1f} / {cpu_total:.1f}", "", "")
    row("heap after full GC / peak heap", f"{heap / MIB:.0f} / {peak / MIB:.0f} MiB", "30 / - MiB at 100, 42-58 MiB at 1,000 (before)", "")
    row("RSS at all Ready / peak / at end", f"{rss_ready / MIB:.0f} / {hwm / MIB:.0f} / {rss / MIB:.0f} MiB",
        "404 MiB at 100, 550 MiB at 1,000 (before)", "< 256 MiB at 1,000")
    ack = 2 * n
    pages = -(-n // 100)  # the inventory lists 100 clusters (and 100 instances) per page
    ok = ready >= n
    for i, iv in enumerate(intervals, 1):
        aws = by(iv["aws"], "api")
        aws_total = sum(aws.values())
        failed = sum(iv["aws_failed_attempts"].values())
        api = iv["api"]
        writes = {}
        secret_reads = 0
        for labels, v in api.items():
            d = dict(labels)
            if d.get("verb") in WRITE_VERBS and d.get("resource") != "leases":
                key = d.get("verb") + " " + d.get("resource") + ("/" + d["subresource"] if d.get("subresource") else "")
                writes[key] = writes.get(key, 0) + v
            if d.get("resource") == "secrets" and d.get("verb") == "GET":
                secret_reads += v
        reconciles = sum(v for labels, v in iv["reconciles"].items() if dict(labels).get("kind") == "DatabaseCluster")
        aws_text = ", ".join(f"{k} {int(v)}" for k, v in sorted(aws.items())) or "none"
        row(f"idle interval {i}: reconciles", f"{int(reconciles)}", "", f">= {n} (every cluster resynced)")
        row(f"idle interval {i}: AWS calls", f"{int(aws_total)} ({aws_text}; failed attempts {int(failed)})",
            f"{ack} (ACK: 2 per cluster)", f"one listing: {2 * pages} calls (<= N/50 from N=100), >= 100x below ACK")
        w_text = ", ".join(f"{k} {int(v)}" for k, v in sorted(writes.items())) or "none"
        row(f"idle interval {i}: Kubernetes writes / Secret GETs", f"{int(sum(writes.values()))} ({w_text}) / {int(secret_reads)}",
            f"{n} status applies + {2 * n} Secret GETs (before)", "0 / 0")
        ok = ok and sum(writes.values()) == 0 and secret_reads == 0 and aws.get("DescribeDBClusters", 0) <= pages
        ok = ok and reconciles >= n

    width = max(len(r[0]) for r in rows)
    print(f"\nfleet benchmark, {os.cpu_count()} cores, resync {a.resync}, inventory refresh {a.refresh}, "
          f"JVM flags: {a.jvm_flags}\n")
    print(f"{'metric'.ljust(width)} | measured | baseline | goal")
    for r in rows:
        print(f"{r[0].ljust(width)} | {r[1]} | {r[2]} | {r[3]}")

    os.makedirs(a.results, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    path = os.path.join(a.results, f"fleet-{n}-{stamp}.csv")
    with open(path, "w") as f:
        f.write("date,cores,n,resync,metric,measured,baseline,goal\n")
        for r in rows:
            f.write(",".join([stamp, str(os.cpu_count()), str(n), a.resync] + ['"' + x.replace('"', "'") + '"' for x in r]) + "\n")
    print(f"\nwritten {path}")
    if a.check == "1" and not ok:
        print("fleet: FAILED the check (not all Ready, or an idle interval wrote, read Secrets or listed more than once)")
        sys.exit(1)


if __name__ == "__main__":
    main()
