#!/usr/bin/env bash
# Installs the Node.js packages the tests run (package.json / package-lock.json at the repository root):
# the state machine interpreter and dynalite, the callback tests' DynamoDB. Run by Maven before the
# tests; without Node.js 20 or newer the build stops here.
set -euo pipefail
cd "$(dirname "$0")/../../.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "veo-status: Node.js 20 or newer (with npm) is needed to test the state machine; install it and build again." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "veo-status: Node.js $(node --version) is too old to test the state machine; install Node.js 20 or newer." >&2
  exit 1
fi
if [ ! -d node_modules/aws-local-stepfunctions ] || [ ! -d node_modules/asl-validator ] \
    || [ ! -d node_modules/dynalite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
