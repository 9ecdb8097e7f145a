#!/usr/bin/env node
// `npm run cli -- <command>`: builds the CLI when its sources are newer than
// the build (build output goes to stderr, stdout stays the command's), then runs it.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/cli/apps/cli/src/main.js');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entryName of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entryName.name);
    if (entryName.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entryName.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(entry) ||
  Math.max(newestSourceTime(join(root, 'apps')), newestSourceTime(join(root, 'libs'))) >
    statSync(entry).mtimeMs;
if (stale) {
  const build = spawnSync(
    process.execPath,
    [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'cli'],
    {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
