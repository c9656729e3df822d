// Installs the NHS design system exactly as package-lock.json pins it, unless that version is
// already in node_modules. Running `npm ci` only when needed keeps repeat builds fast and lets
// them work offline once the package has been installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const npm = process.argv[2] || 'npm';
const packageName = 'nhsuk-frontend';
const here = process.cwd();

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const lock = readJson(join(here, 'package-lock.json'));
const locked = lock.packages?.[`node_modules/${packageName}`]?.version;
if (!locked) {
  console.error(`package-lock.json does not pin ${packageName}; run "npm install" in ${here}.`);
  process.exit(1);
}

const installedManifest = join(here, 'node_modules', packageName, 'package.json');
const installed = existsSync(installedManifest) ? readJson(installedManifest).version : undefined;

if (installed === locked) {
  console.log(`${packageName} ${locked} is already installed.`);
  process.exit(0);
}

console.log(`Installing ${packageName} ${locked} (found ${installed ?? 'none'}) with "${npm} ci".`);
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
  cwd: here,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.error) {
  console.error(`Could not run "${npm}": ${result.error.message}. Install Node.js 20+ with npm.`);
  process.exit(1);
}
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}

const css = join(here, 'node_modules', packageName, 'dist', 'nhsuk', 'nhsuk-frontend.min.css');
if (!existsSync(css)) {
  console.error(`${css} is missing after "npm ci": the package layout has changed.`);
  process.exit(1);
}
