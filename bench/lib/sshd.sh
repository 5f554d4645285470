# Shared by bench/*/run.sh (source it): an OpenSSH server on a free loopback port with its own config, host key and
# an authorized client key for root, started in the background. Needs root and Debian's openssh-server/-client.
#
#   sshd_start WORK      starts sshd with its files in WORK; sets SSHD_PORT, SSHD_PID (the listening sshd) and the
#                        array SSH_OPTS (key, port, no host key checks) for 'ssh "${SSH_OPTS[@]}" root@127.0.0.1 ...'
#   sshd_stop            stops it (also done by the caller's cleanup when it kills SSHD_PID)
#   (the config also has a subsystem 'bench-session' served by internal-sftp inside sshd: 'ssh -s ... bench-session'
#   opens a session without starting root's login shell, whose rc files, e.g. a pyenv init, can add hundreds of ms)
#   sshd_descendants     prints the pids of every process below the listening sshd (the per-connection sshd and its
#                        privilege-separated child, sshd-session on OpenSSH 9.8+), for CPU accounting

sshd_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

sshd_wait_port() {
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "port $1 never opened" >&2; return 1
}

sshd_start() {
  local work="$1"
  [ -x /usr/sbin/sshd ] || { echo "needs /usr/sbin/sshd (apt-get install openssh-server)" >&2; return 1; }
  command -v ssh >/dev/null || { echo "needs ssh (apt-get install openssh-client)" >&2; return 1; }
  SSHD_PORT=$(sshd_free_port)
  ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
  cp "$work/client_key.pub" "$work/authorized_keys"
  cat > "$work/sshd_config" <<CFG
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
PidFile $work/sshd.pid
StrictModes no
Subsystem sftp /usr/lib/openssh/sftp-server
Subsystem bench-session internal-sftp
CFG
  mkdir -p /run/sshd
  /usr/sbin/sshd -f "$work/sshd_config" -D -e 2>"$work/sshd.log" &
  SSHD_PID=$!
  sshd_wait_port "$SSHD_PORT" || { cat "$work/sshd.log" >&2; return 1; }
  SSH_OPTS=(-i "$work/client_key" -p "$SSHD_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
            -o LogLevel=ERROR -o BatchMode=yes)
}

sshd_stop() { [ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null; SSHD_PID=; }

sshd_descendants() {
  local queue=("$SSHD_PID") out=() p kids
  while [ "${#queue[@]}" -gt 0 ]; do
    p="${queue[0]}"; queue=("${queue[@]:1}")
    kids=$(pgrep -P "$p" || true)
    for k in $kids; do out+=("$k"); queue+=("$k"); done
  done
  echo "${out[@]}"
}
