#!/usr/bin/env bash
# docs/DEPLOY.md section 3, followed in a clean directory as its reader would: a fresh clone of this
# branch, npm ci and npm run build, the data and config folders, the systemd unit as the document
# writes it (checked with systemd-analyze verify; its ExecStartPre and ExecStart are then run as
# written, without systemd), an upload with the upload key, the nginx site of the document in front
# (TLS with a throw-away certificate), a backup and a restore, and an upgrade. /srv/discless,
# /var/lib/discless and /etc/discless are folders under a temporary directory; nothing outside it
# is touched. Needs git, node, curl, openssl, nginx and systemd-analyze.
#
#   bash scripts/try-self-host.sh [store port, 8886] [TLS port, 8887]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BRANCH=$(git -C "$REPO" rev-parse --abbrev-ref HEAD)
STORE_PORT=${1:-8886}
TLS_PORT=${2:-8887}
T=$(mktemp -d "${TMPDIR:-/tmp}/discless-self-host-XXXXXX")
trap 'kill $(cat $T/workerd.pid 2>/dev/null) $(cat $T/nginx/nginx.pid 2>/dev/null) 2>/dev/null || true' EXIT
echo "Trying docs/DEPLOY.md section 3 in $T"
mkdir -p $T/srv/discless $T/var/lib $T/etc
cd $T/srv/discless
echo "== clone, npm ci, npm run build"
git clone -q -b "$BRANCH" "$REPO" app
cd app && npm ci --no-audit --no-fund >/dev/null 2>&1 && npm run build >/dev/null 2>&1 && echo built
ln -sfn "$(node -p 'require("workerd").default')" $T/srv/discless/workerd
$T/srv/discless/workerd --version
install -d -m 700 $T/var/lib/discless $T/var/lib/discless/blobs $T/var/lib/discless/durable-objects
install -d -m 750 $T/etc/discless
KEY=$(openssl rand -base64 32 | tr "+/" "-_" | tr -d "=")
(umask 027; printf "UPLOAD_KEYS=%s\nALLOWED_ORIGINS=\n" "$KEY" > $T/etc/discless/store.env)
echo "== the unit, with the paths of this trial"
sed -n '/^\[Unit\]/,/^WantedBy/p' docs/DEPLOY.md | sed "s|/srv/discless|$T/srv/discless|g; s|/var/lib/discless|$T/var/lib/discless|g; s|/etc/discless|$T/etc/discless|g; s|127.0.0.1:8787|127.0.0.1:$STORE_PORT|" > $T/discless-store.service
systemd-analyze verify $T/discless-store.service 2>&1 | grep -v "^$" || true
echo "== run ExecStartPre and ExecStart as the unit writes them"
touch $T/var/lib/discless/blobs/.kj-tmp.1.2.x.partial
PRE=$(sed -n 's/^ExecStartPre=//p' $T/discless-store.service)
eval "$PRE"
test ! -e $T/var/lib/discless/blobs/.kj-tmp.1.2.x.partial && echo "ExecStartPre removed a leftover partial file"
START=$(sed -n '/^ExecStart=/,/app\/build$/p' $T/discless-store.service | sed 's/^ExecStart=//; s/\\$//' | tr '\n' ' ')
start() { (set -a; . $T/etc/discless/store.env; set +a; cd $T/srv/discless/app; exec env -i UPLOAD_KEYS="$UPLOAD_KEYS" ALLOWED_ORIGINS="$ALLOWED_ORIGINS" $START) >> $T/workerd.log 2>&1 & echo $! > $T/workerd.pid; for i in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:$STORE_PORT/api/v1/info && return; sleep 0.2; done; echo "did not start"; exit 1; }
stop() { kill -TERM $(cat $T/workerd.pid); for i in $(seq 150); do kill -0 $(cat $T/workerd.pid) 2>/dev/null || return 0; sleep 0.2; done; kill -KILL $(cat $T/workerd.pid); }
start
curl -s http://127.0.0.1:$STORE_PORT/api/v1/info; echo
echo "== a share with the upload key: create, two objects, commit, read back"
ID=$(openssl rand -hex 16); TOKEN=$(openssl rand -base64 32 | tr "+/" "-_" | tr -d "=")
HASH=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
head -c 5000000 /dev/urandom > $T/o0; head -c 1234 /dev/urandom > $T/o1; head -c 300 /dev/urandom > $T/m
curl -s -o /dev/null -w "create without key %{http_code}\n" -X POST -d "{\"id\":\"$ID\",\"ownerTokenHash\":\"$HASH\"}" http://127.0.0.1:$STORE_PORT/api/v1/shares
curl -s -o /dev/null -w "create with key %{http_code}\n" -X POST -H "Authorization: Bearer $KEY" -d "{\"id\":\"$ID\",\"ownerTokenHash\":\"$HASH\"}" http://127.0.0.1:$STORE_PORT/api/v1/shares
for n in 0 1; do curl -s -o /dev/null -w "PUT object $n %{http_code}\n" -H "Expect:" -H "Authorization: Bearer $TOKEN" -T $T/o$n http://127.0.0.1:$STORE_PORT/api/v1/shares/$ID/objects/$n; done
curl -s -o /dev/null -w "PUT manifest %{http_code}\n" -H "Expect:" -H "Authorization: Bearer $TOKEN" -T $T/m http://127.0.0.1:$STORE_PORT/api/v1/shares/$ID/manifest
check() { for n in 0 1; do curl -s http://127.0.0.1:$STORE_PORT/api/v1/shares/$ID/objects/$n | cmp - $T/o$n && echo "object $n identical"; done; curl -s -r 1000-1999 http://127.0.0.1:$STORE_PORT/api/v1/shares/$ID/objects/0 | cmp - <(tail -c +1001 $T/o0 | head -c 1000) && echo "range identical"; }
check
find $T/var/lib/discless -type f | sed "s|$T||" | sort
echo "== nginx in front, TLS, the site of section 2 with the proxy block"
mkdir -p $T/nginx/logs && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout $T/nginx/key.pem -out $T/nginx/cert.pem 2>/dev/null
SERVER=$(awk '/^```nginx/{n++; next} /^```/{p=0} n==2 && /^server \{/{c++; p=(c==1)} p' docs/DEPLOY.md | sed "s|listen 443 ssl http2;|listen 127.0.0.1:$TLS_PORT ssl http2;|; s|/etc/ssl/discless/fullchain.pem|$T/nginx/cert.pem|; s|/etc/ssl/discless/privkey.pem|$T/nginx/key.pem|; s|127.0.0.1:8787|127.0.0.1:$STORE_PORT|")
cat > $T/nginx/nginx.conf <<CONF
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  client_body_temp_path $T/nginx/body; proxy_temp_path $T/nginx/proxy;
$SERVER
}
CONF
nginx -t -p $T/nginx -c $T/nginx/nginx.conf 2>&1 | tail -1
nginx -p $T/nginx -c $T/nginx/nginx.conf
curl -sk -o /dev/null -w "https /v %{http_code} %{content_type}\n" https://127.0.0.1:$TLS_PORT/v
curl -skI https://127.0.0.1:$TLS_PORT/v | grep -i -E "strict-transport|content-security|x-frame"
curl -sk https://127.0.0.1:$TLS_PORT/api/v1/shares/$ID/objects/0 | cmp - $T/o0 && echo "object 0 identical through nginx"
head -c 40000000 /dev/urandom > $T/big; ID2=$(openssl rand -hex 16)
curl -sk -o /dev/null -X POST -H "Authorization: Bearer $KEY" -d "{\"id\":\"$ID2\",\"ownerTokenHash\":\"$HASH\"}" https://127.0.0.1:$TLS_PORT/api/v1/shares
curl -sk -o /dev/null -w "40 MB PUT through nginx %{http_code} in %{time_total} s\n" -H "Expect:" -H "Authorization: Bearer $TOKEN" -T $T/big https://127.0.0.1:$TLS_PORT/api/v1/shares/$ID2/objects/0
kill $(cat $T/nginx/nginx.pid)
echo "== backup: stop, tar, start"
stop
tar -C $T/var/lib -czf $T/backup.tar.gz discless && ls -la $T/backup.tar.gz | awk '{print $5, "bytes"}'
start
echo "== restore: stop, replace, start, read back"
stop
rm -rf $T/var/lib/discless && tar -C $T/var/lib -xzf $T/backup.tar.gz
start
check
echo "== upgrade: git pull, npm ci, npm run build, restart"
(cd $T/srv/discless/app && git pull -q && npm ci --no-audit --no-fund >/dev/null 2>&1 && npm run build >/dev/null 2>&1 && echo rebuilt)
stop; start
check
stop
echo "== workerd's own output"
grep -v "^stack:" $T/workerd.log | head -5 || true
echo "All steps done; $T is left for a look (delete it when done)."
