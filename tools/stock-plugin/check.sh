#!/usr/bin/env bash
# Plays the stock AWS Session Manager plugin against Sekisho: `aws ssm start-session --endpoint-url ...` with the
# plugin unchanged, for a non-interactive command, an interactive shell (resize, Ctrl-C, exit code), port
# forwarding (parallel connections, a 50 MB download checked with SHA-256) and ssh/scp through the
# AWS-StartSSHSession ProxyCommand (both directions checked with SHA-256). Not part of CI: the plugin is neither
# a Debian nor an npm package (README.md says how to build it). Needs root (the dev agent), /usr/bin/aws (Debian's
# AWS CLI v2), tmux, curl, python3, openssh-server/-client, script (bsdutils).
#
#   tools/stock-plugin/check.sh [--plugin PATH]      # default: session-manager-plugin on PATH
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
plugin="$(command -v session-manager-plugin || true)"
while [ $# -gt 0 ]; do
  case "$1" in
    --plugin) plugin="$2"; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "check.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$plugin" ] && [ -x "$plugin" ] || { echo "check.sh: no session-manager-plugin (give --plugin PATH)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "check.sh: run as root (sekisho dev registers this machine as a node)" >&2; exit 2; }
for tool in /usr/bin/aws tmux curl python3 script; do
  command -v "$tool" >/dev/null || { echo "check.sh: needs $tool" >&2; exit 2; }
done
. "$root/bench/lib/sshd.sh"

work="$(mktemp -d /tmp/sekisho-stock-plugin.XXXXXX)"
mkdir -p "$work/bin" "$work/www"
ln -s "$plugin" "$work/bin/session-manager-plugin"
export PATH="$work/bin:$PATH"
pids=()
cleanup() {
  tmux -L sekisho-stock kill-server 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sshd_stop
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { printf 'PASS  %s\n' "$1"; }
fail() { printf 'FAIL  %s: %s\n' "$1" "$2"; failures=$((failures + 1)); }

port=$(sshd_free_port)
"$root/sekisho" dev --data "$work/dev" --port "$port" > "$work/dev.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -q "this machine is node" "$work/dev.log" && break; sleep 0.5; done
node=$(grep -o "this machine is node mi-[0-9a-f]*" "$work/dev.log" | awk '{print $NF}')
[ -n "$node" ] || { cat "$work/dev.log" >&2; echo "check.sh: sekisho dev did not come up" >&2; exit 1; }
eval "$(grep '^export \|^unset ' "$work/dev.log")"
endpoint="http://127.0.0.1:$port"
aws_ssm() { /usr/bin/aws --endpoint-url "$endpoint" ssm start-session --target "$node" "$@"; }
echo "sekisho dev on $endpoint, node $node, plugin $plugin ($("$plugin" --version 2>/dev/null || echo '?'))"

# 1. A non-interactive command (the plugin reads its terminal, so give it one).
out=$(script -qec "/usr/bin/aws --endpoint-url $endpoint ssm start-session --target $node --document-name AWS-StartNonInteractiveCommand --parameters command='echo stock-\$((6*7)); exit 3'" /dev/null 2>&1 | tr -d '\r')
if grep -q "^stock-42$" <<<"$out"; then pass "non-interactive command"; else fail "non-interactive command" "$out"; fi

# 2. A shell in tmux: whoami, resize, Ctrl-C interrupts a foreground command, exit code.
tmux -L sekisho-stock new-session -d -s s -x 150 -y 40 "bash --norc"
send() { tmux -L sekisho-stock send-keys -t s "$@"; }
screen() { tmux -L sekisho-stock capture-pane -p -t s; }
wait_screen() { for _ in $(seq 1 100); do screen | grep -q "$1" && return 0; sleep 0.2; done; return 1; }
send "export PATH=$PATH AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AWS_REGION=$AWS_REGION; /usr/bin/aws --endpoint-url $endpoint ssm start-session --target $node; echo PLUGIN-EXIT=\$?" Enter
if wait_screen "Starting session"; then
  send "clear; echo U=\$(whoami)" Enter
  wait_screen "^U=" && pass "shell opened ($(screen | grep -o '^U=.*'))" || fail "shell" "no prompt: $(screen | tail -5)"
  tmux -L sekisho-stock resize-window -t s -x 120 -y 30; sleep 1
  send "echo SIZE=\$(stty size)" Enter
  wait_screen "^SIZE=30 120" && pass "resize reaches the remote terminal" || fail "resize" "$(screen | grep SIZE=)"
  send "sleep 60; echo SLEPT" Enter; sleep 1; send C-c; sleep 0.5
  send "echo AFTER=\$((1+1))" Enter
  if wait_screen "^AFTER=2" && ! screen | grep -q "^SLEPT"; then pass "Ctrl-C interrupts the foreground command"; else fail "Ctrl-C" "$(screen | tail -4)"; fi
  send "exit 0" Enter
  wait_screen "Exiting session" && pass "exit ends the session" || fail "exit" "$(screen | tail -4)"
else
  fail "shell" "$(screen | tail -5)"
fi

# 3. Port forwarding: parallel connections through one session (smux) and a 50 MB download.
web_port=$(sshd_free_port); local_port=$(sshd_free_port)
echo "stock-plugin-page" > "$work/www/index.html"
head -c 50000000 /dev/urandom > "$work/www/big.bin"
(cd "$work/www" && exec python3 -m http.server "$web_port" --bind 127.0.0.1 >/dev/null 2>&1) &
pids+=($!)
script -qec "/usr/bin/aws --endpoint-url $endpoint ssm start-session --target $node --document-name AWS-StartPortForwardingSession --parameters portNumber=$web_port,localPortNumber=$local_port" /dev/null > "$work/port.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "Waiting for connections" "$work/port.log" && break; sleep 0.2; done
grep -q "Waiting for connections" "$work/port.log" || fail "port forwarding" "the plugin did not listen: $(tr -d '\r' < "$work/port.log" | tail -3)"
curls=()
for i in $(seq 1 20); do curl -s -m 60 "http://127.0.0.1:$local_port/index.html" > "$work/par.$i" & curls+=($!); done
wait "${curls[@]}"
good=$(cat "$work"/par.* 2>/dev/null | grep -c "^stock-plugin-page$")
[ "$good" = 20 ] && pass "20 parallel connections through one port session" || fail "parallel connections" "$good of 20 pages"
start=$(date +%s.%N)
got=$(curl -s -m 300 "http://127.0.0.1:$local_port/big.bin" | sha256sum | cut -d' ' -f1)
secs=$(python3 -c "import time; print(round(time.time() - $start, 2))")
want=$(sha256sum "$work/www/big.bin" | cut -d' ' -f1)
[ "$got" = "$want" ] && pass "50 MB download byte-exact in ${secs}s" || fail "50 MB download" "sha256 $got, want $want"

# 4. ssh and scp through the AWS-StartSSHSession ProxyCommand, as root with the test key.
sshd_start "$work" || exit 1
proxy="ProxyCommand=/usr/bin/aws --endpoint-url $endpoint ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p"
ssh_out=$(ssh "${SSH_OPTS[@]}" -o "$proxy" "root@$node" 'echo ssh-$((40+2))' 2>&1)
[ "$ssh_out" = "ssh-42" ] && pass "ssh command" || fail "ssh command" "$ssh_out"
head -c 20000000 /dev/urandom > "$work/up.bin"
scp_opts=()
for o in "${SSH_OPTS[@]}"; do [ "$o" = "-p" ] && scp_opts+=(-P) || scp_opts+=("$o"); done
if scp -q "${scp_opts[@]}" -o "$proxy" "$work/up.bin" "root@$node:$work/remote.bin" \
  && scp -q "${scp_opts[@]}" -o "$proxy" "root@$node:$work/remote.bin" "$work/down.bin" \
  && [ "$(sha256sum < "$work/up.bin")" = "$(sha256sum < "$work/down.bin")" ]; then
  pass "scp 20 MB up and back, byte-exact"
else
  fail "scp" "copies differ or scp failed"
fi

echo "$failures check(s) failed"
[ "$failures" = 0 ]
