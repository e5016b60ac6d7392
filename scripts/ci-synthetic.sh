#!/usr/bin/env bash
# CI: the README's first command (`npm run dev`) on this fresh clone, then the synthetic journey
# against it. The store and its emulator get ports of their own; both stop when this script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

port=$((20000 + RANDOM % 10000))
emulator_port=$((port + 1))
log=$(mktemp)
PORT=$port STRIPE_EMULATOR_PORT=$emulator_port setsid npm run dev >"$log" 2>&1 &
dev=$!
trap 'kill -TERM -- -"$dev" 2>/dev/null || true; wait "$dev" 2>/dev/null || true; rm -f "$log"' EXIT

# Ready when the demo stock is in the counters: dev.mjs prints "Store on" after that. A fresh clone
# seeds the whole demo catalog first (D1, R2 images, one PUT per SKU): minutes on a busy machine.
started=$SECONDS
for _ in $(seq 1 960); do
  grep -q "▸ Store on" "$log" && break
  if grep -q "✗" "$log"; then
    echo "npm run dev failed while starting:" >&2
    grep -v "^\[wrangler:info\]" "$log" | tail -30 >&2
    exit 1
  fi
  if ! kill -0 "$dev" 2>/dev/null; then
    echo "npm run dev stopped before the store was up:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
if ! grep -q "▸ Store on" "$log"; then
  echo "npm run dev did not come up within 8 minutes:" >&2
  tail -50 "$log" >&2
  exit 1
fi
echo "npm run dev up in $((SECONDS - started)) s"
npm run -s synthetic -- --base-url "http://127.0.0.1:$port"
