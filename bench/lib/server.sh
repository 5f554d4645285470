# Shared by the bench scripts that drive a throwaway 'sekisho server' (source it): plain HTTP on a free loopback port.
#
#   bench_server_start DLL DATA [ARGS...]   'server init' into DATA/d, then 'server run' in the background, ARGS given
#                                           to both (e.g. --store CONNECTION-STRING); waits for /healthz; sets
#                                           BENCH_SERVER_PORT and BENCH_SERVER_PID; the server's output is DATA/server.log
#   bench_create_role DATA NAME PRINCIPAL   as the administrator (DATA/d/admin.credentials), creates role NAME whose trust
#                                           policy allows sts:AssumeRole to PRINCIPAL (a JSON value, e.g. '{"Service":"x"}')

bench_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_server_start() {
  local dll="$1" data="$2"; shift 2
  dotnet "$dll" server init --data "$data/d" --account-id 111122223333 "$@" >&2
  BENCH_SERVER_PORT="$(bench_free_port)"
  dotnet "$dll" server run --data "$data/d" --listen "http://127.0.0.1:$BENCH_SERVER_PORT" "$@" >"$data/server.log" 2>&1 &
  BENCH_SERVER_PID=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$BENCH_SERVER_PORT/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "the server did not answer /healthz:" >&2; cat "$data/server.log" >&2; return 1
}

bench_create_role() {
  local data="$1" name="$2" principal="$3"
  echo "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":$principal,\"Action\":\"sts:AssumeRole\"}]}" > "$data/trust-$name.json"
  AWS_SHARED_CREDENTIALS_FILE="$data/d/admin.credentials" AWS_CONFIG_FILE=/dev/null AWS_MAX_ATTEMPTS=1 AWS_DEFAULT_REGION=us-east-1 \
    aws --endpoint-url "http://127.0.0.1:$BENCH_SERVER_PORT" iam create-role --role-name "$name" \
    --assume-role-policy-document "file://$data/trust-$name.json" >/dev/null
}
