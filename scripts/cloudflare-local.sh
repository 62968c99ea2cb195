#!/usr/bin/env bash
# docs/deploy-cloudflare.md's sequence against local wrangler (workerd, local D1 and queue), as CI
# runs it: migrations, dashboard build, wrangler dev, owner setup, an owner key over the CLI, a
# first trace, the cron handler. State lives in a temporary folder; nothing in the checkout changes.
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false
state=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port"
token=$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')
log="$state/wrangler.log"
# wrangler dev runs in its own process group, so stopping it also stops its workerd children.
cleanup() {
  if [ -n "${dev:-}" ]; then
    kill -- "-$dev" 2>/dev/null || true
    wait "$dev" 2>/dev/null || true
  fi
  rm -rf "$state"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "apply the migrations to a local D1"
npx wrangler d1 migrations apply iofold --local --persist-to "$state" >"$state/migrate.log" 2>&1 \
  || { cat "$state/migrate.log"; exit 1; }

step "build the dashboard"
node web/ensure-build.mjs

step "start the Worker (npm run dev:worker -- --port $port)"
setsid npm run dev:worker -- --port "$port" --persist-to "$state" \
  --var "IOFOLD_SETUP_TOKEN:$token" --var "IOFOLD_SECRET_KEY:$(openssl rand -base64 32)" \
  >"$log" 2>&1 &
dev=$!
for _ in $(seq 1 120); do
  curl -fsS "$url/health" >/dev/null 2>&1 && break
  kill -0 "$dev" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
curl -fsS "$url/health"; echo

step "set up the owner (the /setup page does the same in a browser)"
setup=$(curl -fsS "$url/v1/auth/setup" -H 'content-type: application/json' \
  -d "{\"token\":\"$token\",\"email\":\"owner@example.com\",\"password\":\"a long password 1\",\"workspace\":\"Acme\"}")
owner_key=$(node -e 'console.log(JSON.parse(process.argv[1]).secretKey)' "$setup")
curl -fsS "$url/v1/auth/setup"; echo

step "an ingest key over the CLI with the owner's key"
key=$(node bin/iofold.mjs keys create --name ingest --quiet --url "$url" --key "$owner_key")

step "send a first trace (OTLP/JSON)"
now=$(node -e 'console.log(String(Date.now()*1e6))')
curl -fsS "$url/v1/traces" -H "authorization: Bearer $key" -H 'content-type: application/json' -d '{
  "resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout-bot"}}]},
  "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
  "name":"chat","kind":1,"startTimeUnixNano":"'"$now"'","endTimeUnixNano":"'"$now"'",
  "attributes":[{"key":"gen_ai.prompt","value":{"stringValue":"hello"}}]}]}]}]}'; echo
node bin/iofold.mjs traces list --url "$url" --key "$key" --json \
  | node -e 'const p=JSON.parse(require("fs").readFileSync(0,"utf8")); if(p.data.length!==1){console.error("expected 1 trace, got",p.data.length);process.exit(1)} console.log("traces:",p.data.length)'

step "a sign-in link for the owner (iofold login --url) opens a dashboard session"
link=$(node bin/iofold.mjs login --url "$url" --key "$owner_key")
cookie=$(curl -sS -o /dev/null -D - "$link" | tr -d '\r' | sed -n 's/^set-cookie: \(iofold_session=[^;]*\).*/\1/Ip')
[ -n "$cookie" ] || { echo "the sign-in link set no session cookie"; exit 1; }
curl -fsS "$url/v1/auth/session" -H "cookie: $cookie" \
  | node -e 'const s=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log("signed in as", s.user.email, "in", s.workspace.slug)'
curl -fsS "$url/" | grep -q '<div id="root"' || { echo "the dashboard is not served"; exit 1; }

step "run the cron handler (wrangler dev --test-scheduled)"
curl -fsS "$url/__scheduled?cron=*/10+*+*+*+*"; echo

step "done: the Worker served setup, keys, ingest and cron locally"
