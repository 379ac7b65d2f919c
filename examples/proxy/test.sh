#!/usr/bin/env bash
# Runs the app-backend examples for real: local mode (scripts/local.sh), then each example proxy
# (app-backend.mjs with Node, nginx/presign-uploads.conf with nginx + njs) in front of it and in
# front of an echoing stand-in, then the checks in test/proxy.test.mjs. Everything binds
# 127.0.0.1 on free ports and is stopped by PID at the end.
# Needs Node 18+, nginx and its njs module (Debian: nginx libnginx-mod-http-js), Java and Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."
examples=examples/proxy

NJS_MODULE=${NJS_MODULE:-/usr/lib/nginx/modules/ngx_http_js_module.so}
command -v nginx >/dev/null || { echo "nginx is missing (Debian: apt-get install nginx libnginx-mod-http-js)"; exit 1; }
[ -f "$NJS_MODULE" ] || { echo "the njs module is missing at $NJS_MODULE (Debian: apt-get install libnginx-mod-http-js)"; exit 1; }

work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as another user when started as root
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}
wait_for() { # url, what, seconds, [pid that must stay alive], [curl flags: -f to wait for a 2xx]
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    if curl -s ${5:-} -o /dev/null "$1"; then return 0; fi
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "$2 did not start: see $work"; tail -n 30 "$work"/*.log; exit 1
}

api_port=$(free_port); s3_port=$(free_port); stub_port=$(free_port)
node_real=$(free_port); node_echo=$(free_port); nginx_real=$(free_port); nginx_echo=$(free_port)

token=local-dev-token # local mode's dev token stands in for the projected one
token_file=$work/token
printf '%s\n' "$token" > "$token_file"
chmod 644 "$token_file"

echo "== local mode on 127.0.0.1:$api_port (S3 on $s3_port)"
scripts/local.sh --port "$api_port" --s3-port "$s3_port" --data "$work/s3" > "$work/local.log" 2>&1 &
local_pid=$!
pids+=($local_pid)
node "$examples/test/stub.mjs" "$stub_port" > "$work/stub.log" 2>&1 &
pids+=($!)

start_node_proxy() { # port, operator url, seconds the operator may take
  PRESIGN_URL=$2 PRESIGN_TOKEN_FILE=$token_file LISTEN_PORT=$1 DEMO_SESSION=signed-in UPSTREAM_TIMEOUT_MS=$(($3 * 1000)) \
    node "$examples/app-backend.mjs" > "$work/node-$1.log" 2>&1 &
  pids+=($!)
}

start_nginx() { # port, operator host:port, seconds the operator may take
  local dir=$work/nginx-$1 conf
  mkdir -p "$dir/tmp" && chmod 1777 "$dir/tmp"
  cp "$examples/nginx/presign-proxy.js" "$dir/"
  conf=$dir/presign-uploads.conf
  # Only the lines the example marks "<-" change: where things are.
  sed -e "s|^js_path .*|js_path \"$dir/\";|" \
      -e "s|server presign-operator.presign-system.svc:80;|server $2;|" \
      -e "s|server 127.0.0.1:3000;|server 127.0.0.1:$stub_port;|" \
      -e "s|listen 127.0.0.1:8082;|listen 127.0.0.1:$1;|" \
      -e "s|set \$presign_token_file /var/run/secrets/presign/token;|set \$presign_token_file $token_file;|" \
      -e "s|proxy_read_timeout 30s;|proxy_read_timeout $3s;|" \
      "$examples/nginx/presign-uploads.conf" > "$conf"
  for changed in "js_path \"$dir/\"" "server $2;" "server 127.0.0.1:$stub_port;" "listen 127.0.0.1:$1;" \
                 "presign_token_file $token_file;" "proxy_read_timeout $3s;"; do
    grep -qF "$changed" "$conf" || { echo "the nginx example no longer has the line for: $changed"; exit 1; }
  done
  cat > "$dir/nginx.conf" <<EOF
load_module $NJS_MODULE;
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  include $conf;
}
EOF
  nginx -t -q -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log"
  nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" > "$work/nginx-$1.log" 2>&1 &
  pids+=($!)
}

wait_for "http://127.0.0.1:$stub_port/session" "the stub" 30
# In front of the stand-in, a short time bound (the test of it waits that long); in front of the
# operator the examples' own 30 s, since the first calls of a cold JVM on a busy machine are slow.
start_node_proxy "$node_echo" "http://127.0.0.1:$stub_port" 3
start_node_proxy "$node_real" "http://127.0.0.1:$api_port" 30
start_nginx "$nginx_echo" "127.0.0.1:$stub_port" 3
start_nginx "$nginx_real" "127.0.0.1:$api_port" 30
for port in "$node_echo" "$node_real" "$nginx_echo" "$nginx_real"; do
  wait_for "http://127.0.0.1:$port/" "the proxy on $port" 30
done
# local.sh compiles first (quick after mvn verify), then starts in seconds.
wait_for "http://127.0.0.1:$api_port/readyz" "local mode" 600 "$local_pid" -f
echo "== proxies: node on $node_real (echo $node_echo), nginx on $nginx_real (echo $nginx_echo)"

PRESIGN_TEST_TOKEN=$token PRESIGN_TEST_TOKEN_FILE=$token_file \
NODE_PROXY_REAL=http://127.0.0.1:$node_real NODE_PROXY_ECHO=http://127.0.0.1:$node_echo \
NGINX_PROXY_REAL=http://127.0.0.1:$nginx_real NGINX_PROXY_ECHO=http://127.0.0.1:$nginx_echo \
  timeout 300 node --test --test-reporter=spec "$examples/test/proxy.test.mjs"
