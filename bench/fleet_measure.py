"""The measuring half of bench/fleet.sh: applies N DatabaseClusters, times them to Ready, then counts the
operator's AWS calls (its own aurora_aws_calls_total) and the API server's requests (kube-apiserver's
apiserver_request_total, by verb and resource) over three idle resync intervals, and reads heap, RSS and
CPU of the operator process. Prints a table beside the baseline and the goal; writes the CSV."""
import argparse, datetime, json, os, re, statistics, subprocess, sys, threading, time, urllib.request

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


class ReadyWatch:
    """When each DatabaseCluster first showed Ready=True, by this machine's wall clock, from a kubectl watch
    (one line per change, no polling of 1,000 objects; the polls' own CPU competed with the operator)."""

    def __init__(self):
        template = '{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}'
        self.proc = subprocess.Popen(["kubectl", "get", "dbc", "-n", "fleet", "--watch", "-o", "jsonpath=" + template],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.ready_at = {}
        self.seen_at = {}  # when the watch first showed the object: the API server had stored it
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            parts = line.split()
            if parts and parts[0] not in self.seen_at:
                self.seen_at[parts[0]] = time.time()
            if len(parts) == 2 and parts[1] == "True" and parts[0] not in self.ready_at:
                self.ready_at[parts[0]] = time.time()

    def stop(self):
        self.proc.kill()


def aws_creates(timeline_file):
    """{cluster id: AwsCreates} from StrictRds's timeline file: one line per transition, KIND ID STATUS START_MS
    UNTIL_MS, written as it begins (start = when the create arrived, until = when the stand-in shows it
    available)."""
    out = {}
    if not timeline_file or not os.path.exists(timeline_file):
        return out
    for line in open(timeline_file):
        kind, ident, status, start, until = line.split()
        if status != "creating" or kind not in ("CLUSTER", "INSTANCE"):
            continue
        cluster = ident if kind == "CLUSTER" else ident.rsplit("-", 1)[0]  # the bench's instances are <cluster>-1
        c = out.setdefault(cluster, AwsCreates())
        c.add(kind, int(start) / 1000, int(until) / 1000)
    return out


class AwsCreates:
    """One cluster's creates in the stand-in: first start and last end of the cluster's and its instance's."""

    def __init__(self):
        self.spans = {}

    def add(self, kind, start, until):
        s, u = self.spans.get(kind, (start, until))
        self.spans[kind] = (min(s, start), max(u, until))

    def done(self):
        """When the stand-in showed the cluster and its instance available."""
        return max(u for _, u in self.spans.values()) if len(self.spans) == 2 else None

    def aws_seconds(self):
        """How long AWS itself worked: the cluster's create plus the instance's (one after the other)."""
        return sum(u - s for s, u in self.spans.values())


def throttle_floor(n, throttle):
    """Seconds before RDS's token bucket admits the 2N creates (CreateDBCluster + CreateDBInstance per cluster),
    counting nothing else: (2N - burst) / rate. None when unthrottled."""
    if throttle == "off":
        return None
    burst, rate = throttle.split("/")
    return max(0, 2 * n - int(burst)) / float(rate)


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
    p.add_argument("--timeline", help="StrictRds's timeline file (when the stand-in finished each create)")
    p.add_argument("--throttle", default="off", help="burst/per-second of the stand-in's throttle, or off")
    a = p.parse_args()
    n, pid, resync = int(a.n), int(a.operator_pid), seconds(a.resync)

    kubectl("create", "namespace", "fleet")
    at_start = snapshot(a.metrics)
    start_cpu = proc(pid)[2]
    watch = ReadyWatch()
    time.sleep(1)  # the watch is listening before the first create
    t0 = time.monotonic()
    wall0 = time.time()
    kubectl("create", "-f", "-", stdin=manifests(n))
    applied = time.monotonic() - t0
    deadline = t0 + max(600, n * 2)
    ready, counted_at = 0, 0
    while True:
        if time.monotonic() - counted_at > 10:  # the watch is the clock; a full count now and then checks it
            ready, counted_at = ready_times(n, t0), time.monotonic()
        ready = max(ready, len(watch.ready_at))
        if ready >= n or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    ready = ready_times(n, t0)
    watch.stop()
    ready_at = dict(watch.ready_at)
    first = min(ready_at.values()) - wall0 if ready_at else None
    all_ready = (max(ready_at.values()) - wall0 if len(ready_at) >= n else time.monotonic() - t0) if ready >= n else None
    # The AWS side: when the stand-in finished each cluster's creates (cluster, then its instance).
    creates = aws_creates(a.timeline)
    aws_done = {c: x.done() for c, x in creates.items() if x.done() is not None}
    last_aws = max(aws_done.values()) - wall0 if aws_done else None
    lags = sorted(ready_at[name] - aws_done["fleet-" + name] for name in ready_at if "fleet-" + name in aws_done)
    first_name = min(ready_at, key=ready_at.get) if ready_at else None
    first_creates = creates.get("fleet-" + first_name) if first_name else None
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
    floor = throttle_floor(n, a.throttle)
    row("AWS floor: RDS's throttle alone admits the 2N creates after", fmt(floor),
        f"(2N - burst) / rate, throttle {a.throttle}", "")
    row("AWS side: apply -> the stand-in finished the last create (its timeline)", fmt(last_aws), "", "")
    row("all Ready after the AWS side answered (all Ready - last create finished)",
        fmt(all_ready - last_aws) if all_ready is not None and last_aws is not None else "-", "", "< 60 s at 1,000")
    if first_creates and first_creates.done():
        c_start, c_end = first_creates.spans["CLUSTER"]
        i_start, i_end = first_creates.spans["INSTANCE"]
        ready_first = ready_at[first_name]
        stored = watch.seen_at.get(first_name, wall0)
        row("first Ready: AWS's own create time (cluster + instance) / the operator's share of the rest",
            f"{fmt(first_creates.aws_seconds())} / {fmt(ready_first - wall0 - first_creates.aws_seconds())} "
            f"(apply -> stored {stored - wall0:.1f} s, stored -> CreateDBCluster {c_start - stored:.1f} s, "
            f"cluster available -> CreateDBInstance "
            f"{i_start - c_end:.1f} s, instance available -> Ready {ready_first - i_end:.1f} s)",
            "", "AWS time + < 2 s")
    row("per cluster, Ready - its own creates finished: median / p90 / max",
        " / ".join(fmt(x) for x in (statistics.median(lags), lags[int(0.9 * (len(lags) - 1))], lags[-1])) if lags else "-",
        "", "< 2 s (one cluster)")
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
