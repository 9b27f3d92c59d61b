#!/usr/bin/env bash
# Starts a real, minimal Kubernetes control plane on loopback only:
#   etcd                      http://127.0.0.1:<random port>, data in $STATE/etcd-data
#   kube-apiserver            https://127.0.0.1:<random port>, RBAC, token auth
#   kube-controller-manager   garbage collector + namespace + serviceaccount controllers
#                             (so ownerReference GC and namespace deletion really happen;
#                             AURORA_E2E_CONTROLLER_MANAGER=0 skips it)
# No kubelet, scheduler or CNI: pods are accepted by the API but never run.
#
# Writes $STATE/kubeconfig (admin, group system:masters), $STATE/env (source it),
# and $STATE/*.pid for stop-control-plane.sh.
#
# Env: AURORA_E2E_CACHE  where install-tools.sh put bin/ (default $HOME/.cache/aurora-operator-e2e)
#      AURORA_E2E_STATE  state dir (default ${TMPDIR:-/tmp}/aurora-operator-e2e)
#      AURORA_E2E_CONTROLLER_MANAGER=0  do not start kube-controller-manager
#      AURORA_E2E_READY_TIMEOUT  seconds to wait for /readyz (default 120)
set -euo pipefail

CACHE="${AURORA_E2E_CACHE:-$HOME/.cache/aurora-operator-e2e}"
BIN="$CACHE/bin"
STATE="${AURORA_E2E_STATE:-${TMPDIR:-/tmp}/aurora-operator-e2e}"
WITH_KCM="${AURORA_E2E_CONTROLLER_MANAGER:-1}"
READY_TIMEOUT="${AURORA_E2E_READY_TIMEOUT:-120}"

for t in etcd kube-apiserver kubectl; do
  [ -x "$BIN/$t" ] || { echo "start-control-plane: $BIN/$t missing; run e2e/bin/install-tools.sh" >&2; exit 1; }
done
if [ "$WITH_KCM" = 1 ] && [ ! -x "$BIN/kube-controller-manager" ]; then
  echo "start-control-plane: $BIN/kube-controller-manager missing; run install-tools.sh or set AURORA_E2E_CONTROLLER_MANAGER=0" >&2
  exit 1
fi

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
for p in etcd kube-apiserver kube-controller-manager; do
  if alive "$STATE/$p.pid"; then
    echo "start-control-plane: $p already running (pid $(cat "$STATE/$p.pid")); run stop-control-plane.sh first" >&2
    exit 1
  fi
done

rm -rf "$STATE"
mkdir -p "$STATE"/{pki,logs,etcd-data}
chmod 700 "$STATE"

# A free TCP port on 127.0.0.1 (the kernel picks it; tiny race until the server binds).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
  local p; while :; do p=$(( 20000 + RANDOM % 40000 )); ss -ltnH "sport = :$p" | grep -q . || { echo "$p"; return; }; done
}
ETCD_CLIENT_PORT=$(free_port); ETCD_PEER_PORT=$(free_port); API_PORT=$(free_port)
while [ "$ETCD_PEER_PORT" = "$ETCD_CLIENT_PORT" ]; do ETCD_PEER_PORT=$(free_port); done
while [ "$API_PORT" = "$ETCD_CLIENT_PORT" ] || [ "$API_PORT" = "$ETCD_PEER_PORT" ]; do API_PORT=$(free_port); done

# --- PKI: a CA, the serving cert for 127.0.0.1/localhost, the service-account key pair.
PKI="$STATE/pki"
(
  cd "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
    -subj "/CN=aurora-e2e-ca" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
    -subj "/CN=kube-apiserver" >/dev/null 2>&1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n' >apiserver.ext
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out apiserver.crt -days 2 -extfile apiserver.ext >/dev/null 2>&1
  openssl genrsa -out sa.key 2048 >/dev/null 2>&1
  openssl rsa -in sa.key -pubout -out sa.pub >/dev/null 2>&1
)

ADMIN_TOKEN="$(openssl rand -hex 24)"
KCM_TOKEN="$(openssl rand -hex 24)"
# token,user,uid,"group1,group2"
cat >"$PKI/tokens.csv" <<EOF
$ADMIN_TOKEN,aurora-e2e-admin,aurora-e2e-admin,"system:masters"
$KCM_TOKEN,system:kube-controller-manager,system:kube-controller-manager,"system:masters"
EOF
chmod 600 "$PKI"/*.key "$PKI/tokens.csv"

write_kubeconfig() { # file user token
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: aurora-e2e
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: $2
  user:
    token: $3
contexts:
- name: aurora-e2e
  context:
    cluster: aurora-e2e
    user: $2
    namespace: default
current-context: aurora-e2e
EOF
  chmod 600 "$1"
}
KUBECONFIG_FILE="$STATE/kubeconfig"
write_kubeconfig "$KUBECONFIG_FILE" aurora-e2e-admin "$ADMIN_TOKEN"
write_kubeconfig "$STATE/kcm.kubeconfig" system:kube-controller-manager "$KCM_TOKEN"

start_bg() { # name args...
  local name=$1; shift
  nohup "$@" >"$STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}
t0=$(date +%s)

# --- etcd
start_bg etcd "$BIN/etcd" \
  --name aurora-e2e \
  --data-dir "$STATE/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "aurora-e2e=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync \
  --log-level warn

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health" 2>/dev/null | grep -q '"health":"true"' && break
  alive "$STATE/etcd.pid" || { echo "start-control-plane: etcd died:" >&2; tail -20 "$STATE/logs/etcd.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health" >/dev/null ||
  { echo "start-control-plane: etcd not healthy" >&2; tail -20 "$STATE/logs/etcd.log" >&2; exit 1; }
echo "start-control-plane: etcd up on 127.0.0.1:$ETCD_CLIENT_PORT after $(( $(date +%s) - t0 ))s"

# --- kube-apiserver
start_bg kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --bind-address 127.0.0.1 \
  --advertise-address 127.0.0.1 \
  --secure-port "$API_PORT" \
  --tls-cert-file "$PKI/apiserver.crt" \
  --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" \
  --token-auth-file "$PKI/tokens.csv" \
  --authorization-mode RBAC \
  --service-cluster-ip-range 10.0.0.0/24 \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$PKI/sa.pub" \
  --service-account-signing-key-file "$PKI/sa.key" \
  --endpoint-reconciler-type none \
  --profiling=false \
  --v 1

ready=""
for _ in $(seq 1 $(( READY_TIMEOUT * 5 ))); do
  if curl -fsS --cacert "$PKI/ca.crt" -H "Authorization: Bearer $ADMIN_TOKEN" \
       "https://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1; then ready=1; break; fi
  alive "$STATE/kube-apiserver.pid" || break
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "start-control-plane: kube-apiserver not ready after ${READY_TIMEOUT}s:" >&2
  tail -40 "$STATE/logs/kube-apiserver.log" >&2
  exit 1
fi
echo "start-control-plane: kube-apiserver ready on https://127.0.0.1:$API_PORT after $(( $(date +%s) - t0 ))s"

# --- kube-controller-manager (GC of ownerReferences, namespace deletion, default service accounts)
if [ "$WITH_KCM" = 1 ]; then
  start_bg kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$STATE/kcm.kubeconfig" \
    --authentication-kubeconfig "$STATE/kcm.kubeconfig" \
    --authorization-kubeconfig "$STATE/kcm.kubeconfig" \
    --bind-address 127.0.0.1 \
    --secure-port 0 \
    --leader-elect=false \
    --use-service-account-credentials=false \
    --controllers garbage-collector-controller,namespace-controller,serviceaccount-controller \
    --profiling=false \
    --v 1
  for _ in $(seq 1 50); do
    alive "$STATE/kube-controller-manager.pid" || {
      echo "start-control-plane: kube-controller-manager died:" >&2
      tail -30 "$STATE/logs/kube-controller-manager.log" >&2; exit 1; }
    # the serviceaccount controller creates "default" in every namespace once it runs
    "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" -n default get serviceaccount default >/dev/null 2>&1 && break
    sleep 0.2
  done
  echo "start-control-plane: kube-controller-manager started after $(( $(date +%s) - t0 ))s"
fi

cat >"$STATE/env" <<EOF
export KUBECONFIG=$KUBECONFIG_FILE
export PATH=$BIN:\$PATH
export AURORA_E2E_STATE=$STATE
export AURORA_E2E_API_SERVER=https://127.0.0.1:$API_PORT
EOF

echo "start-control-plane: control plane up (state: $STATE)"
echo "  KUBECONFIG=$KUBECONFIG_FILE"
echo "  source $STATE/env    # sets KUBECONFIG and PATH"
echo "  stop with: $(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/stop-control-plane.sh"
