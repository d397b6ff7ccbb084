#!/usr/bin/env bash
# Conformance run of the peer tool org-formation (npm aws-organization-formation, MIT) against the
# orgward sandbox: `init` on a seeded organization, then an `update` that adds an OU with an SCP
# attached, moves two accounts into it and creates a new account; the result is checked with the
# AWS CLI. Builds nothing: uses the repo's dist/. Prints PASS/FAIL per step and the calls the sandbox
# answered with an error. Exit 0 only if every step passed.
#
#   scripts/conformance-org-formation.sh            # KEEP_WORK=1 keeps the temp folder (logs, calls.jsonl)
#   OFN_VERSION=1.0.17 (default)
#
# org-formation uses the AWS SDK for JavaScript v3, which honours AWS_ENDPOINT_URL. Its calls go
# through a small logging proxy (written into the temp folder) so that every call, including those
# the sandbox does not route (they are absent from /_sandbox/stats), is recorded with its answer.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OFN_VERSION="${OFN_VERSION:-1.0.17}"
CLI="$REPO/dist/cli/main.js"
[ -f "$CLI" ] || { echo "FAIL: $CLI not found (build the repo first)" >&2; exit 2; }
command -v aws >/dev/null || { echo "FAIL: aws CLI not found" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/orgf-conformance.XXXXXX")"
SANDBOX_PID=""
PROXY_PID=""
cleanup() {
  local rc=$?
  if [ -n "$PROXY_PID" ]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; fi
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  if [ "${KEEP_WORK:-0}" = "1" ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
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

RESULTS=()
FAILED=0
pass() { RESULTS+=("PASS  $1"); echo "PASS  $1"; }
fail() { RESULTS+=("FAIL  $1${2:+ — $2}"); FAILED=$((FAILED + 1)); echo "FAIL  $1${2:+ — $2}"; }
fatal() { fail "$1" "${2:-}"; summary; exit 1; }
summary() {
  echo
  echo "== calls org-formation made that the sandbox answered with an error (in order) =="
  [ -f "$WORK/calls.jsonl" ] && node "$WORK/report.cjs" "$WORK/calls.jsonl" || echo "(no call log)"
  echo
  echo "== summary (org-formation $OFN_VERSION) =="
  printf '%s\n' "${RESULTS[@]}"
  echo "$((${#RESULTS[@]} - FAILED)) passed, $FAILED failed"
}

# ---------------------------------------------------------------- helper programs (temp folder only)
cat >"$WORK/proxy.cjs" <<'EOF'
// Logging reverse proxy: forwards every request unchanged to the sandbox, appends one JSON line per call.
const http = require('http'); const fs = require('fs');
const [target, out, portFile] = [+process.argv[2], process.argv[3], process.argv[4]];
const server = http.createServer((req, res) => {
  const chunks = []; req.on('data', (c) => chunks.push(c)); req.on('end', () => {
    const body = Buffer.concat(chunks);
    const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (r) => {
      const rb = []; r.on('data', (d) => rb.push(d)); r.on('end', () => {
        const answer = Buffer.concat(rb);
        fs.appendFileSync(out, JSON.stringify({ method: req.method, url: req.url, headers: req.headers,
          body: body.toString('utf8').slice(0, 2000), bodyLength: body.length, status: r.statusCode,
          answer: r.statusCode >= 300 ? answer.toString('utf8').slice(0, 2000) : undefined }) + '\n');
        res.writeHead(r.statusCode, r.headers); res.end(answer);
      });
    });
    up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    up.end(body);
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
EOF

cat >"$WORK/report.cjs" <<'EOF'
// Prints the calls answered with HTTP >= 300: service, operation, error code, message.
const fs = require('fs');
// Errors real AWS gives in the same situation, which org-formation expects and handles.
const expected = new Set(['iam GetAccountPasswordPolicy NoSuchEntity', 'support DescribeSeverityLevels SubscriptionRequiredException',
  'organizations EnablePolicyType PolicyTypeAlreadyEnabledException', 's3 CreateBucket BucketAlreadyOwnedByYou']);
const s3op = (m, u) => {
  const x = u.searchParams.get('x-id'); if (x) return x;
  const parts = u.pathname.split('/').filter(Boolean); const sub = [...u.searchParams.keys()][0];
  const names = { publicAccessBlock: 'PublicAccessBlock', encryption: 'BucketEncryption', location: 'BucketLocation',
    ownershipControls: 'BucketOwnershipControls', versioning: 'BucketVersioning', policy: 'BucketPolicy', tagging: 'BucketTagging' };
  if (sub && names[sub]) return ({ PUT: 'Put', GET: 'Get', DELETE: 'Delete' }[m] || m) + names[sub];
  if (parts.length === 1) return ({ PUT: 'CreateBucket', HEAD: 'HeadBucket', DELETE: 'DeleteBucket', GET: u.searchParams.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects' }[m] || m);
  return ({ PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }[m] || m);
};
let n = 0; let unexpected = 0;
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) {
  const c = JSON.parse(line);
  if (c.mark) { console.log(`-- ${c.mark}`); continue; }
  if (c.status < 300) continue;
  const scope = /Credential=[^/]*\/[^/]*\/[^/]*\/([^/]*)\//.exec(c.headers.authorization || '');
  const service = scope ? scope[1] : '?';
  const u = new URL(c.url, 'http://x');
  let op = c.headers['x-amz-target'] ? c.headers['x-amz-target'].split('.').pop()
    : (/(?:^|&)Action=([^&]*)/.exec(c.body) || [])[1] || (service === 's3' ? s3op(c.method, u) : `${c.method} ${u.pathname}`);
  const a = c.answer || ''; let code = '', message = a;
  try { const j = JSON.parse(a); code = (j.__type || j.code || '').split('#').pop(); message = j.message || j.Message || a; }
  catch { code = (/<Code>([^<]*)<\/Code>/.exec(a) || [])[1] || ''; message = (/<Message>([^<]*)<\/Message>/.exec(a) || [])[1] || a; }
  const isExpected = expected.has(`${service} ${op} ${code}`);
  if (!isExpected) unexpected++;
  n++;
  console.log(`${isExpected ? '  ok ' : 'GAP  '} ${service} ${op}  HTTP ${c.status} ${code || '(no code)'}: ${message.replace(/\s+/g, ' ').slice(0, 200)}`);
}
console.log(`${n} error answers, ${unexpected} not what AWS would answer ("ok" = AWS answers the same and org-formation handles it)`);
EOF

# ---------------------------------------------------------------- 1. install org-formation
mkdir -p "$WORK/ofn" "$WORK/run"
if (cd "$WORK/ofn" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "aws-organization-formation@$OFN_VERSION" >"$WORK/npm.log" 2>&1); then
  pass "install aws-organization-formation@$OFN_VERSION"
else
  tail -20 "$WORK/npm.log"; fatal "install aws-organization-formation@$OFN_VERSION"
fi
OFN="$WORK/ofn/node_modules/.bin/org-formation"

# ---------------------------------------------------------------- 2. start the sandbox and the proxy
node "$CLI" sandbox --port 0 >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
PORT=""
for _ in $(seq 1 120); do
  PORT="$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$WORK/sandbox.log" | head -1)"
  [ -n "$PORT" ] && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || break
  sleep 0.5
done
if [ -n "$PORT" ] && curl -fsS "http://127.0.0.1:$PORT/_sandbox/health" >/dev/null; then
  pass "sandbox listening on 127.0.0.1:$PORT"
else
  cat "$WORK/sandbox.log"; fatal "start sandbox"
fi
SANDBOX="http://127.0.0.1:$PORT"

node "$WORK/proxy.cjs" "$PORT" "$WORK/calls.jsonl" "$WORK/proxy.port" &
PROXY_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/proxy.port" ] && break; sleep 0.1; done
[ -s "$WORK/proxy.port" ] || fatal "start logging proxy"
PROXY="http://127.0.0.1:$(cat "$WORK/proxy.port")"

awsx() { aws --endpoint-url "$SANDBOX" --output text "$@"; }

# ---------------------------------------------------------------- 3. seed: management + 3 member accounts
seed() {
  awsx organizations create-organization --feature-set ALL >/dev/null
  local name id state
  for name in dev test prod; do
    id="$(awsx organizations create-account --email "aws+$name@example.com" --account-name "$name" --query CreateAccountStatus.Id)"
    for _ in $(seq 1 30); do
      state="$(awsx organizations describe-create-account-status --create-account-request-id "$id" --query CreateAccountStatus.State)"
      [ "$state" = SUCCEEDED ] && break
      [ "$state" = FAILED ] && return 1
      sleep 0.2
    done
    [ "$state" = SUCCEEDED ] || return 1
  done
  [ "$(awsx organizations list-accounts --query 'length(Accounts)')" = 4 ]
}
if seed >"$WORK/seed.log" 2>&1; then pass "seed organization (management + dev, test, prod)"; else cat "$WORK/seed.log"; fatal "seed organization"; fi
acct() { awsx organizations list-accounts --query "Accounts[?Name=='$1'].Id | [0]"; }
DEV_ID="$(acct dev)"; TEST_ID="$(acct test)"
ROOT_ID="$(awsx organizations list-roots --query 'Roots[0].Id')"
MGMT_ID="$(awsx organizations describe-organization --query Organization.MasterAccountId)"
STATE_BUCKET="organization-formation-$MGMT_ID"

# Runs org-formation with the SDK pointed at the proxy; fails on a non-zero exit or an ERROR line.
ofn() {
  local log="$1"; shift
  local rc=0
  printf '{"mark":"org-formation %s"}\n' "$*" >>"$WORK/calls.jsonl"
  (cd "$WORK/run" && AWS_ENDPOINT_URL="$PROXY" "$OFN" "$@" --print-stack --no-color) >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] || grep -q '^ERROR' "$log"; then
    grep -m 6 '^ERROR\|^[A-Za-z]*Error' "$log" | sed 's/^/      /' || true
    return 1
  fi
}

# ---------------------------------------------------------------- 4. init
if ofn "$WORK/init.log" init organization.yml --region us-east-1; then pass "org-formation init"; else fail "org-formation init" "see above"; fi
YML="$WORK/run/organization.yml"
if [ -f "$YML" ] && grep -q '^  DevAccount:' "$YML" && grep -q '^  TestAccount:' "$YML" && grep -q '^  ProdAccount:' "$YML" \
  && grep -q "AccountId: '$DEV_ID'" "$YML"; then
  pass "init wrote organization.yml with the 3 member accounts"
else
  fatal "init wrote organization.yml with the 3 member accounts"
fi
if awsx s3api get-object --bucket "$STATE_BUCKET" --key state.json "$WORK/state-init.json" >/dev/null 2>"$WORK/s3.err" \
  && grep -q '"DevAccount"' "$WORK/state-init.json"; then
  pass "init stored state.json in s3://$STATE_BUCKET"
else
  fail "init stored state.json in s3://$STATE_BUCKET" "$(tr '\n' ' ' <"$WORK/s3.err" | cut -c1-160)"
fi

# ---------------------------------------------------------------- 5. update: OU + SCP, move dev and test, new account
cat >>"$YML" <<'EOF'

  WorkloadsOU:
    Type: OC::ORG::OrganizationalUnit
    Properties:
      OrganizationalUnitName: workloads
      Accounts:
        - !Ref DevAccount
        - !Ref TestAccount
      ServiceControlPolicies:
        - !Ref DenyLeaveOrganizationSCP

  DenyLeaveOrganizationSCP:
    Type: OC::ORG::ServiceControlPolicy
    Properties:
      PolicyName: DenyLeaveOrganization
      Description: deny leaving the organization
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: DenyLeave
            Effect: Deny
            Action: organizations:LeaveOrganization
            Resource: '*'

  SandboxAccount:
    Type: OC::ORG::Account
    Properties:
      AccountName: sandbox
      RootEmail: aws+sandbox@example.com
EOF
if ofn "$WORK/update.log" update organization.yml; then pass "org-formation update"; else fail "org-formation update" "see above"; fi

# ---------------------------------------------------------------- 6. assertions through the AWS CLI
OU_ID="$(awsx organizations list-organizational-units-for-parent --parent-id "$ROOT_ID" --query "OrganizationalUnits[?Name=='workloads'].Id | [0]" 2>/dev/null || true)"
if [[ "$OU_ID" == ou-* ]]; then pass "OU 'workloads' exists under the root ($OU_ID)"; else fail "OU 'workloads' exists under the root"; fi

SCP_ID="$(awsx organizations list-policies --filter SERVICE_CONTROL_POLICY --query "Policies[?Name=='DenyLeaveOrganization'].Id | [0]" 2>/dev/null || true)"
if [[ "$SCP_ID" == p-* ]] && awsx organizations describe-policy --policy-id "$SCP_ID" --query Policy.Content | grep -q 'organizations:LeaveOrganization'; then
  pass "SCP 'DenyLeaveOrganization' exists with its document ($SCP_ID)"
else
  fail "SCP 'DenyLeaveOrganization' exists with its document"
fi
if [[ "$OU_ID" == ou-* && "$SCP_ID" == p-* ]] \
  && awsx organizations list-policies-for-target --target-id "$OU_ID" --filter SERVICE_CONTROL_POLICY --query 'Policies[].Id' | tr '\t' '\n' | grep -qx "$SCP_ID"; then
  pass "SCP attached to the OU"
else
  fail "SCP attached to the OU"
fi

if [[ "$OU_ID" == ou-* ]]; then
  IN_OU="$(awsx organizations list-accounts-for-parent --parent-id "$OU_ID" --query 'Accounts[].Id' | tr '\t' '\n' | sort | tr '\n' ' ')"
  WANT="$(printf '%s\n' "$DEV_ID" "$TEST_ID" | sort | tr '\n' ' ')"
  if [ "$IN_OU" = "$WANT" ]; then pass "dev and test moved into the OU"; else fail "dev and test moved into the OU" "found: ${IN_OU:-none}"; fi
else
  fail "dev and test moved into the OU" "no OU"
fi

NEW_ID="$(awsx organizations list-accounts --query "Accounts[?Email=='aws+sandbox@example.com'].Id | [0]")"
if [[ "$NEW_ID" =~ ^[0-9]{12}$ ]] && [ "$(awsx organizations list-parents --child-id "$NEW_ID" --query 'Parents[0].Id')" = "$ROOT_ID" ]; then
  pass "new account 'sandbox' created under the root ($NEW_ID)"
else
  fail "new account 'sandbox' created under the root"
fi

if awsx s3api get-object --bucket "$STATE_BUCKET" --key state.json "$WORK/state-update.json" >/dev/null 2>"$WORK/s3.err" \
  && grep -q '"WorkloadsOU"' "$WORK/state-update.json" && grep -q '"SandboxAccount"' "$WORK/state-update.json"; then
  pass "update stored state.json with the OU and the new account"
else
  fail "update stored state.json with the OU and the new account" "$(tr '\n' ' ' <"$WORK/s3.err" | cut -c1-160)"
fi

# ---------------------------------------------------------------- 7. idempotence: the state round-trips
if ofn "$WORK/update2.log" update organization.yml && grep -q 'organization up to date' "$WORK/update2.log"; then
  pass "second update finds the organization up to date"
else
  fail "second update finds the organization up to date"
fi

summary
[ "$FAILED" -eq 0 ]
