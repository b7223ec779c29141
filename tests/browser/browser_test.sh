#!/usr/bin/env bash
# Runs the browser tests (*_test.js) with Node's test runner, playwright-core
# from the @browser_test_npm repository, and the server binary from the
# runfiles.
set -euo pipefail
export NODE_PATH="${TEST_SRCDIR}/browser_test_npm/node_modules"
exec node --test tests/browser/two_windows_test.js \
  tests/browser/revalidation_test.js
