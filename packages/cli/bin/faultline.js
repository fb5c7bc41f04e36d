#!/usr/bin/env node
// The `faultline` command: the compiled CLI (a checked-in wrapper, so the bin exists and is executable
// before the first build).
require('../dist/cli.js');
