#!/usr/bin/env bash
# Side by side: orgward and the peer tool org-formation (npm aws-organization-formation, MIT) on the same
# sandbox organization (management + 40 member accounts in a few OUs), with the sandbox throttling at the
# rates AWS documents (`orgward sandbox --throttle --rate-profile documented --time-scale 1`).
#
# Measured for each tool, RUNS times (median reported):
#   read    orgward `snapshot --out FILE`            org-formation `init organization.yml --region us-east-1`
#   change  orgward `apply --yes` on org.yaml (from `import`) with one more OU; and the reviewed flow,
#           `plan --out plan.json` + `apply plan.json`
#           org-formation `update organization.yml` with one more OU appended
# Every call goes through a counting proxy (one JSON line per call, with its answer's status and the
# times it was received and answered); "throttled" = answers HTTP 400 with a throttling code
# (ThrottlingException, TooManyRequestsException, Throttling, ...). Prints a Markdown table, then a
# per-operation breakdown of each tool's read. Builds nothing: uses the repo's dist/.
#
#   scripts/side-by-side-org-formation.sh
#   ACCOUNTS=40 RUNS=3 OFN_VERSION=1.0.17 (defaults)
#   KEEP_WORK=1            keep the temp folder (logs, calls/*.jsonl, stats/*.json, results.tsv)
#   OFN_DIR=/path          use an org-formation already installed there (node_modules/.bin/org-formation)
#   TIME_SCALE=1           sandbox time scale; anything but 1 is NOT AWS's rates (orgward's client pacing
#                          does not scale with it): only for a quick check of the script itself
#   PAUSE=3                seconds between measured runs, so the sandbox's buckets refill (burst 10 at 5/s)
#   STRICT=1               exit 1 when a measured run failed (default: the failure shows in the table, exit 0)
#
# Exit 0 when the comparison ran (install, sandbox, seed and every measurement attempted); 1 on a harness
# failure (or STRICT=1 and a failed run); 2 on a missing prerequisite.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OFN_VERSION="${OFN_VERSION:-1.0.17}"
ACCOUNTS="${ACCOUNTS:-40}"
RUNS="${RUNS:-3}"
TIME_SCALE="${TIME_SCALE:-1}"
PAUSE="${PAUSE:-3}"
CLI="$REPO/dist/cli/main.js"
[ -f "$CLI" ] || { echo "FAIL: $CLI not found (npm run build first)" >&2; exit 2; }
command -v aws >/dev/null || { echo "FAIL: aws CLI not found" >&2; exit 2; }
command -v curl >/dev/null || { echo "FAIL: curl not found" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/orgf-side-by-side.XXXXXX")"
case "$WORK" in "$REPO"/*) echo "FAIL: temp folder $WORK is inside the repository" >&2; exit 2 ;; esac
SANDBOX_PID=""
PROXY_PID=""
cleanup() {
  local rc=$?
  if [ -n "$PROXY_PID" ]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; fi
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  if [ "${KEEP_WORK:-0}" = "1" ]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Isolate from the caller's AWS configuration.
for v in $(env | sed -n 's/^\(AWS_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
: >"$AWS_CONFIG_FILE"; : >"$AWS_SHARED_CREDENTIALS_FILE"
export NODE_NO_WARNINGS=1 AWS_PAGER=""

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { say "FAIL: $*"; exit 1; }

mkdir -p "$WORK/calls" "$WORK/stats" "$WORK/logs" "$WORK/orgward" "$WORK/ofn-run"

# ---------------------------------------------------------------- helper programs (temp folder only)
cat >"$WORK/proxy.cjs" <<'EOF'
// Counting reverse proxy: forwards every request unchanged to the sandbox and appends one JSON line per
// call (t0 = request fully received, t1 = answer fully received, both epoch ms).
const http = require('http'); const fs = require('fs');
const [target, out, portFile] = [+process.argv[2], process.argv[3], process.argv[4]];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const chunks = []; req.on('data', (c) => chunks.push(c)); req.on('end', () => {
    const body = Buffer.concat(chunks); const t0 = Date.now();
    const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers, agent }, (r) => {
      const rb = []; r.on('data', (d) => rb.push(d)); r.on('end', () => {
        const answer = Buffer.concat(rb);
        fs.appendFileSync(out, JSON.stringify({ t0, t1: Date.now(), method: req.method, url: req.url,
          target: req.headers['x-amz-target'], auth: req.headers.authorization,
          body: body.toString('utf8').slice(0, 600), status: r.statusCode, errorType: r.headers['x-amzn-errortype'],
          answer: r.statusCode >= 300 ? answer.toString('utf8').slice(0, 600) : undefined }) + '\n');
        res.writeHead(r.statusCode, r.headers); res.end(answer);
      });
    });
    up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    up.end(body);
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
EOF

cat >"$WORK/calls.cjs" <<'EOF'
// Shared by analyze.cjs and table.cjs: one proxy log line -> {service, operation, status, code, throttled}.
const fs = require('fs');
const THROTTLE = /^(ThrottlingException|TooManyRequestsException|Throttling|ThrottledException|RequestLimitExceeded|RequestThrottled|RequestThrottledException|SlowDown|PriorRequestNotComplete)$/;
function describe(c) {
  const scope = /Credential=[^/]*\/[^/]*\/[^/]*\/([^/]*)\//.exec(c.auth || '');
  const service = scope ? scope[1] : '?';
  const u = new URL(c.url, 'http://x');
  const op = c.target ? c.target.split('.').pop()
    : (/(?:^|&)Action=([^&]*)/.exec(c.body || '') || [])[1] || `${c.method} ${u.pathname.replace(/\/[^/]*$/, '/…')}`;
  let code = '';
  if (c.status >= 300) {
    code = (c.errorType || '').split(':')[0].split('#').pop();
    const a = c.answer || '';
    if (!code) { try { const j = JSON.parse(a); code = (j.__type || j.code || '').split('#').pop(); } catch { code = (/<Code>([^<]*)<\/Code>/.exec(a) || [])[1] || ''; } }
  }
  return { service, operation: op, status: c.status, code, throttled: c.status === 400 && THROTTLE.test(code) || c.status === 429 };
}
function read(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((c) => !c.mark)
    .map((c) => ({ ...c, ...describe(c) }));
}
module.exports = { read, describe };
EOF

cat >"$WORK/analyze.cjs" <<'EOF'
// analyze.cjs FILE -> "calls throttled errors" for one measured run.
const { read } = require(process.argv[1].replace(/analyze\.cjs$/, 'calls.cjs'));
const calls = read(process.argv[2]);
const throttled = calls.filter((c) => c.throttled).length;
const errors = calls.filter((c) => c.status >= 300 && !c.throttled).length;
console.log(`${calls.length} ${throttled} ${errors}`);
EOF

cat >"$WORK/table.cjs" <<'EOF'
// table.cjs WORK: the Markdown table (median of the runs) and the per-operation breakdown of the reads.
const fs = require('fs'); const path = require('path');
const work = process.argv[2];
const { read } = require(path.join(work, 'calls.cjs'));
const rows = fs.readFileSync(path.join(work, 'results.tsv'), 'utf8').split('\n').filter(Boolean).map((l) => {
  const [tool, step, run, calls, throttled, errors, seconds, rc] = l.split('\t');
  return { tool, step, run: +run, calls: +calls, throttled: +throttled, errors: +errors, seconds: +seconds, rc: +rc };
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const groups = new Map();
for (const r of rows) { const k = `${r.tool}\t${r.step}`; if (!groups.has(k)) groups.set(k, []); groups.get(k).push(r); }
console.log('| tool | step | calls | throttled | wall s (median) | runs: wall s | other error answers | runs ok |');
console.log('| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |');
for (const [k, rs] of groups) {
  const [tool, step] = k.split('\t');
  console.log(`| ${tool} | ${step} | ${median(rs.map((r) => r.calls))} | ${median(rs.map((r) => r.throttled))} | ` +
    `${median(rs.map((r) => r.seconds)).toFixed(2)} | ${rs.map((r) => r.seconds.toFixed(2)).join(', ')} | ${median(rs.map((r) => r.errors))} | ` +
    `${rs.filter((r) => r.rc === 0).length}/${rs.length} |`);
}
// Per-operation breakdown of the median-time run of each read step: calls, throttled, when the operation's
// calls ran (seconds from the command's start), its summed in-flight time, and the peak concurrency.
for (const [k, rs] of groups) {
  const [tool, step] = k.split('\t');
  if (!/^read/.test(step)) continue;
  const sorted = [...rs].sort((a, b) => a.seconds - b.seconds); const r = sorted[sorted.length >> 1];
  const file = path.join(work, 'calls', `${tool}-${step}-${r.run}.jsonl`.replace(/[^\w.-]+/g, '_'));
  if (!fs.existsSync(file)) continue;
  const startMs = +fs.readFileSync(file.replace(/\.jsonl$/, '.start'), 'utf8');
  const calls = read(file);
  const ops = new Map();
  for (const c of calls) {
    const key = `${c.service}:${c.operation}`;
    const o = ops.get(key) ?? { n: 0, thr: 0, first: Infinity, last: 0, busy: 0, ev: [] };
    o.n++; if (c.throttled) o.thr++; o.first = Math.min(o.first, c.t0); o.last = Math.max(o.last, c.t1); o.busy += c.t1 - c.t0;
    o.ev.push([c.t0, 1], [c.t1, -1]); ops.set(key, o);
  }
  const peak = (ev) => { let cur = 0, max = 0; for (const [, d] of ev.sort((a, b) => a[0] - b[0] || a[1] - b[1])) { cur += d; max = Math.max(max, cur); } return max; };
  console.log(`\n${tool} ${step}, run ${r.run} (${r.seconds.toFixed(2)} s, ${calls.length} calls, peak ${peak(calls.flatMap((c) => [[c.t0, 1], [c.t1, -1]]))} in flight):\n`);
  console.log('| operation | calls | throttled | from s | to s | peak in flight |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [key, o] of [...ops].sort((a, b) => a[1].first - b[1].first)) {
    console.log(`| ${key} | ${o.n} | ${o.thr} | ${((o.first - startMs) / 1000).toFixed(2)} | ${((o.last - startMs) / 1000).toFixed(2)} | ${peak(o.ev)} |`);
  }
}
EOF

# ---------------------------------------------------------------- 1. install org-formation
if [ -n "${OFN_DIR:-}" ]; then
  OFN="$OFN_DIR/node_modules/.bin/org-formation"
  [ -x "$OFN" ] || die "no org-formation in OFN_DIR=$OFN_DIR"
else
  say "installing aws-organization-formation@$OFN_VERSION into $WORK/ofn"
  mkdir -p "$WORK/ofn"
  (cd "$WORK/ofn" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error \
    "aws-organization-formation@$OFN_VERSION" >"$WORK/logs/npm.log" 2>&1) || { tail -20 "$WORK/logs/npm.log" >&2; die "npm install"; }
  OFN="$WORK/ofn/node_modules/.bin/org-formation"
fi
OFN_ACTUAL="$(node -p "require('$(dirname "$(dirname "$(readlink -f "$OFN")")")/package.json').version" 2>/dev/null || echo '?')"

# ---------------------------------------------------------------- 2. sandbox (throttling at AWS's rates) and proxy
node "$CLI" sandbox --port 0 --throttle --rate-profile documented --time-scale "$TIME_SCALE" >"$WORK/logs/sandbox.log" 2>&1 &
SANDBOX_PID=$!
PORT=""
for _ in $(seq 1 120); do
  PORT="$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$WORK/logs/sandbox.log" | head -1)"
  [ -n "$PORT" ] && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || break
  sleep 0.5
done
[ -n "$PORT" ] && curl -fsS "http://127.0.0.1:$PORT/_sandbox/health" >/dev/null || { cat "$WORK/logs/sandbox.log" >&2; die "start sandbox"; }
SANDBOX="http://127.0.0.1:$PORT"
curl -fsS "$SANDBOX/_sandbox/config" >"$WORK/sandbox-config.json"
say "sandbox on $SANDBOX, config $(tr -d '\n ' <"$WORK/sandbox-config.json" | grep -o '"throttling":{[^}]*}')"

CALLS="$WORK/calls.jsonl"
: >"$CALLS"
node "$WORK/proxy.cjs" "$PORT" "$CALLS" "$WORK/proxy.port" &
PROXY_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/proxy.port" ] && break; sleep 0.1; done
[ -s "$WORK/proxy.port" ] || die "start counting proxy"
PROXY="http://127.0.0.1:$(cat "$WORK/proxy.port")"

# The seed and the checks talk to the sandbox directly (not counted). The CLI retries throttled answers.
awsx() { aws --endpoint-url "$SANDBOX" --output text "$@"; }

# The CLI applies --query to each page of a paginated answer in text output: count the ids instead.
count_accounts() { awsx organizations list-accounts --query 'Accounts[].Id' | wc -w | tr -d ' '; }

# ---------------------------------------------------------------- 3. seed: management + $ACCOUNTS members in OUs
say "seeding an organization of management + $ACCOUNTS member accounts"
create_one() { # name -> waits until SUCCEEDED, prints the account id
  local name="$1" id state="" account=""
  id="$(awsx organizations create-account --email "aws+$name@example.com" --account-name "$name" --query CreateAccountStatus.Id)"
  for _ in $(seq 1 60); do
    read -r state account < <(awsx organizations describe-create-account-status --create-account-request-id "$id" \
      --query 'CreateAccountStatus.[State,AccountId]')
    [ "$state" = SUCCEEDED ] && { echo "$account"; return 0; }
    [ "$state" = FAILED ] && return 1
    sleep 0.5
  done
  return 1
}
seed() {
  awsx organizations create-organization --feature-set ALL >/dev/null
  ROOT_ID="$(awsx organizations list-roots --query 'Roots[0].Id')"
  awsx organizations enable-policy-type --root-id "$ROOT_ID" --policy-type SERVICE_CONTROL_POLICY >/dev/null 2>&1 || true
  local workloads prod dev security sandbox
  workloads="$(awsx organizations create-organizational-unit --parent-id "$ROOT_ID" --name workloads --query OrganizationalUnit.Id)"
  prod="$(awsx organizations create-organizational-unit --parent-id "$workloads" --name prod --query OrganizationalUnit.Id)"
  dev="$(awsx organizations create-organizational-unit --parent-id "$workloads" --name dev --query OrganizationalUnit.Id)"
  security="$(awsx organizations create-organizational-unit --parent-id "$ROOT_ID" --name security --query OrganizationalUnit.Id)"
  sandbox="$(awsx organizations create-organizational-unit --parent-id "$ROOT_ID" --name sandbox --query OrganizationalUnit.Id)"
  local scp
  scp="$(awsx organizations create-policy --type SERVICE_CONTROL_POLICY --name DenyLeaveOrganization \
    --description 'deny leaving the organization' --query Policy.PolicySummary.Id \
    --content '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}')"
  awsx organizations attach-policy --policy-id "$scp" --target-id "$workloads" >/dev/null
  # At most 5 creations may be in progress (as in AWS): batches of 5, run side by side, each polled.
  local i batch name
  : >"$WORK/accounts.tsv"
  echo "$(date +%T) OUs and SCP created; creating accounts"
  for ((batch = 1; batch <= ACCOUNTS; batch += 5)); do
    local pids=()
    for ((i = batch; i < batch + 5 && i <= ACCOUNTS; i++)); do
      name="$(printf 'member-%02d' "$i")"
      (create_one "$name" >"$WORK/acct-$name" 2>>"$WORK/logs/seed-errors.log") &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || return 1; done
    for ((i = batch; i < batch + 5 && i <= ACCOUNTS; i++)); do
      name="$(printf 'member-%02d' "$i")"
      printf '%s\t%s\n' "$i" "$(cat "$WORK/acct-$name")" >>"$WORK/accounts.tsv"
    done
  done
  echo "$(date +%T) accounts created; moving them"
  # Place them: prod, dev, security, sandbox, and every fifth stays in the root; 4 moves side by side.
  local targets=("$prod" "$dev" "$security" "$sandbox" "")
  local n=0 id dest
  local pids=()
  while IFS=$'\t' read -r i id; do
    dest="${targets[$(((i - 1) % 5))]}"
    [ -n "$dest" ] || continue
    (awsx organizations move-account --account-id "$id" --source-parent-id "$ROOT_ID" --destination-parent-id "$dest" \
      >/dev/null 2>>"$WORK/logs/seed-errors.log") &
    pids+=($!); n=$((n + 1))
    if [ "${#pids[@]}" -ge 4 ]; then for p in "${pids[@]}"; do wait "$p" || return 1; done; pids=(); fi
  done <"$WORK/accounts.tsv"
  for p in "${pids[@]}"; do wait "$p" || return 1; done
  [ "$(count_accounts)" = "$((ACCOUNTS + 1))" ]
}
SEED_START=$(date +%s)
seed >"$WORK/logs/seed.log" 2>&1 || { cat "$WORK/logs/seed.log" "$WORK/logs/seed-errors.log" >&2 2>/dev/null; die "seed organization"; }
ROOT_ID="$(awsx organizations list-roots --query 'Roots[0].Id')"
say "seeded in $(($(date +%s) - SEED_START)) s: $(count_accounts) accounts, OUs under the root: $(awsx organizations list-organizational-units-for-parent --parent-id "$ROOT_ID" --query 'OrganizationalUnits[].Name' | tr '\t' ' ')"

# ---------------------------------------------------------------- measuring
: >"$WORK/results.tsv"
FAILED_RUNS=0
# measure TOOL STEP RUN DIR -- command...: runs the command in DIR, records calls/throttled/errors/seconds.
measure() {
  local tool="$1" step="$2" run="$3" dir="$4"; shift 5
  local tag; tag="$(printf '%s-%s-%s' "$tool" "$step" "$run" | sed 's/[^A-Za-z0-9._-]\{1,\}/_/g')"
  sleep "$PAUSE"
  printf '{"mark":"%s %s run %s"}\n' "$tool" "$step" "$run" >>"$CALLS"
  local from to t0 t1 rc=0
  from="$(wc -l <"$CALLS")"
  curl -fsS -X DELETE "$SANDBOX/_sandbox/stats" >/dev/null || true
  t0="$(date +%s%3N)"
  (cd "$dir" && "$@") >"$WORK/logs/$tag.log" 2>&1 || rc=$?
  t1="$(date +%s%3N)"
  to="$(wc -l <"$CALLS")"
  sed -n "$((from + 1)),${to}p" "$CALLS" >"$WORK/calls/$tag.jsonl"
  echo "$t0" >"$WORK/calls/$tag.start"
  curl -fsS "$SANDBOX/_sandbox/stats" >"$WORK/stats/$tag.json" || true
  if [ "$rc" -eq 0 ] && grep -q '^ERROR' "$WORK/logs/$tag.log"; then rc=1; fi # org-formation logs errors, exit 0
  local counts; counts="$(node "$WORK/analyze.cjs" "$WORK/calls/$tag.jsonl")"
  local secs; secs="$(node -p "(($t1 - $t0) / 1000).toFixed(3)")"
  local calls throttled errors; read -r calls throttled errors <<<"$counts"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$step" "$run" "$calls" "$throttled" "$errors" "$secs" "$rc" >>"$WORK/results.tsv"
  say "$tool $step run $run: $secs s, calls/throttled/other errors: $counts, exit $rc"
  if [ "$rc" -ne 0 ]; then
    FAILED_RUNS=$((FAILED_RUNS + 1))
    grep -m 5 -i 'error' "$WORK/logs/$tag.log" | cut -c1-240 | sed 's/^/      /' >&2 || true
  fi
  return 0
}
# Adds the row "TOOL STEP" = the sum of the given steps, run by run.
sum_steps() {
  local tool="$1" step="$2"; shift 2
  node -e '
    const fs = require("fs"); const [file, tool, step, ...parts] = process.argv.slice(1);
    const rows = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t"));
    const byRun = new Map();
    for (const r of rows) if (r[0] === tool && parts.includes(r[1])) {
      const s = byRun.get(r[2]) ?? [0, 0, 0, 0, 0]; [3, 4, 5, 6].forEach((c, i) => (s[i] += +r[c])); s[4] = Math.max(s[4], +r[7]); byRun.set(r[2], s);
    }
    for (const [run, s] of byRun) fs.appendFileSync(file, [tool, step, run, s[0], s[1], s[2], s[3].toFixed(3), s[4]].join("\t") + "\n");
  ' "$WORK/results.tsv" "$tool" "$step" "$@"
}
ou_exists() { # name -> 0 if an OU of that name is under the root
  awsx organizations list-organizational-units-for-parent --parent-id "$ROOT_ID" --query 'OrganizationalUnits[].Name' \
    | tr '\t' '\n' | grep -qx "$1"
}
ORGWARD=(node "$CLI" --endpoint-url "$PROXY")
ofn() { AWS_ENDPOINT_URL="$PROXY" "$OFN" "$@" --print-stack --no-color; }

# ---------------------------------------------------------------- (a) full read
for run in $(seq 1 "$RUNS"); do
  measure orgward "read (snapshot)" "$run" "$WORK/orgward" -- "${ORGWARD[@]}" snapshot --out "$WORK/orgward/snapshot-$run.json" --stats
done
node -e 'const s=require(process.argv[1]); if ((s.accounts||[]).length !== +process.argv[2]) { console.error(`snapshot has ${(s.accounts||[]).length} accounts`); process.exit(1); }' \
  "$WORK/orgward/snapshot-1.json" "$((ACCOUNTS + 1))" || say "WARNING: orgward's snapshot does not hold every account"
for run in $(seq 1 "$RUNS"); do
  rm -f "$WORK/ofn-run/organization.yml"
  measure org-formation "read (init)" "$run" "$WORK/ofn-run" -- ofn init organization.yml --region us-east-1
done
YML="$WORK/ofn-run/organization.yml"
[ -f "$YML" ] && [ "$(grep -c 'Type: OC::ORG::Account' "$YML")" -ge "$ACCOUNTS" ] \
  || say "WARNING: org-formation's organization.yml does not hold every account"

# ---------------------------------------------------------------- (b) one-step change: one more OU under the root
# orgward: import once (a setup step, reported on its own row), then per run one OU added to org.yaml.
measure orgward "import (setup)" 1 "$WORK/orgward" -- "${ORGWARD[@]}" import --out "$WORK/orgward/repo" --force
ORG_YAML="$WORK/orgward/repo/org.yaml"
[ -f "$ORG_YAML" ] || die "orgward import wrote no org.yaml"
grep -q '^ous:' "$ORG_YAML" || die "org.yaml has no 'ous:' section to add to"
# The one-step change is `apply --yes` (one read, the plan, the change), as org-formation's `update` is;
# the reviewed flow is `plan --out` then `apply plan.json` (a second read proves the organization unchanged).
for run in $(seq 1 "$RUNS"); do
  sed -i "s/^ous:.*/ous:\n  bench-orgward-$run: {}/" "$ORG_YAML"
  measure orgward "change (apply --yes)" "$run" "$WORK/orgward/repo" -- "${ORGWARD[@]}" apply -c org.yaml --yes
  ou_exists "bench-orgward-$run" || { say "orgward run $run: OU bench-orgward-$run missing"; FAILED_RUNS=$((FAILED_RUNS + 1)); \
    sed -i "$(($(wc -l <"$WORK/results.tsv"))) s/\t[0-9]*\$/\t1/" "$WORK/results.tsv"; }
  sed -i "s/^ous:.*/ous:\n  bench-reviewed-$run: {}/" "$ORG_YAML"
  measure orgward "reviewed: plan --out" "$run" "$WORK/orgward/repo" -- "${ORGWARD[@]}" plan -c org.yaml --out plan.json
  measure orgward "reviewed: apply plan.json" "$run" "$WORK/orgward/repo" -- "${ORGWARD[@]}" apply -c plan.json --yes
  ou_exists "bench-reviewed-$run" || { say "orgward run $run: OU bench-reviewed-$run missing"; FAILED_RUNS=$((FAILED_RUNS + 1)); \
    sed -i "$(($(wc -l <"$WORK/results.tsv"))) s/\t[0-9]*\$/\t1/" "$WORK/results.tsv"; }
done
sum_steps orgward "change, reviewed (plan --out + apply plan.json)" "reviewed: plan --out" "reviewed: apply plan.json"

for run in $(seq 1 "$RUNS"); do
  cat >>"$YML" <<EOF

  BenchOfn${run}OU:
    Type: OC::ORG::OrganizationalUnit
    Properties:
      OrganizationalUnitName: bench-ofn-$run
EOF
  measure org-formation "change (update)" "$run" "$WORK/ofn-run" -- ofn update organization.yml
  ou_exists "bench-ofn-$run" || { say "org-formation run $run: OU bench-ofn-$run missing"; FAILED_RUNS=$((FAILED_RUNS + 1)); \
    sed -i "$(($(wc -l <"$WORK/results.tsv"))) s/\t[0-9]*\$/\t1/" "$WORK/results.tsv"; }
done

# ---------------------------------------------------------------- report
# Row order: reads, then changes.
node -e '
  const fs = require("fs"); const f = process.argv[1];
  const order = ["read (snapshot)", "read (init)", "import (setup)", "change (apply --yes)", "change (update)", "change, reviewed (plan --out + apply plan.json)", "reviewed: plan --out", "reviewed: apply plan.json"];
  const rows = fs.readFileSync(f, "utf8").split("\n").filter(Boolean);
  const k = (l) => { const [t, s] = l.split("\t"); return order.indexOf(s) * 2 + (t === "orgward" ? 0 : 1); };
  fs.writeFileSync(f, rows.sort((a, b) => k(a) - k(b)).join("\n") + "\n");
' "$WORK/results.tsv"
echo
echo "## orgward vs org-formation $OFN_ACTUAL: management + $ACCOUNTS accounts, sandbox throttling at AWS's documented rates (time scale $TIME_SCALE)"
echo
node "$WORK/table.cjs" "$WORK"
echo
echo "calls = requests through the counting proxy (retries included); throttled = answers HTTP 400 with a throttling code;"
echo "other error answers = non-throttling errors (IAM NoSuchEntity, Support SubscriptionRequiredException, ...), as AWS answers them;"
echo "median of $RUNS runs per column; 'import (setup)' runs once. Failed runs: $FAILED_RUNS."
if [ "${STRICT:-0}" = "1" ] && [ "$FAILED_RUNS" -gt 0 ]; then exit 1; fi
exit 0
