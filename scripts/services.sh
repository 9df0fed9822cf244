#!/usr/bin/env bash
# Makes sure RabbitMQ, Redis and PostgreSQL answer on 127.0.0.1 at their standard ports, as the
# tests expect: starts them when they are installed but stopped, and installs them from Debian's
# packages when they are absent. Idempotent; safe to run again. Needs root for installing.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name port seconds
  local name=$1 port=$2 deadline=$((SECONDS + $3))
  until answers "$port"; do
    if (( SECONDS >= deadline )); then
      echo "services.sh: $name does not answer on 127.0.0.1:$port after $3 s" >&2
      return 1
    fi
    sleep 1
  done
  echo "services.sh: $name answers on 127.0.0.1:$port"
}

apt_updated=""
install() { # debian packages...
  if ! command -v apt-get >/dev/null; then
    echo "services.sh: $* missing and no apt-get here; install them, or point the tests elsewhere with ENVSAGA_TEST_*_URI" >&2
    exit 1
  fi
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL, trust auth on 127.0.0.1 (a test machine only)
if ! answers 5432; then
  command -v pg_ctlcluster >/dev/null || install postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ -z "$(ls -A "/var/lib/postgresql/$version/main" 2>/dev/null)" ]; then
    pg_createcluster "$version" main >/dev/null
  fi
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q "envsaga-tests" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # envsaga-tests\nhost all all ::1/128 trust # envsaga-tests' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
wait_for PostgreSQL 5432 60

# Redis, a cache: nothing on disk. The binary is needed even when a Redis answers already: the
# tests' simulated Redis operator runs redis-server processes of its own.
command -v redis-server >/dev/null || install redis-server
if ! answers 6379; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis 6379 30

# RabbitMQ, guest/guest (guest may connect from localhost only, which is all the tests need)
if ! answers 5672; then
  command -v rabbitmq-server >/dev/null || install rabbitmq-server
  rabbitmq-server -detached
fi
wait_for RabbitMQ 5672 120

# the management API: tests create broker users through it (the intake authorises by user_id)
if ! answers 15672; then
  rabbitmq-plugins enable --quiet rabbitmq_management >/dev/null
fi
wait_for "RabbitMQ management" 15672 60

# a real headless browser for the page's tests (orchestrator's WebPageIT)
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  install chromium chromium-driver
fi
echo "services.sh: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing')"
