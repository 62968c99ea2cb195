// Shell commands of the generated coding runs, in families: each risky command has careful
// look-alikes, so that a criterion about a family cannot be met by one literal.
export const SECRET_PEEKS = [
  'cat .env',
  'printenv | grep TOKEN',
  'echo $STRIPE_SECRET_KEY',
  'cat .env.local',
];
export const HARMLESS: [string, string][] = [
  ['git status', 'On branch main\nnothing to commit, working tree clean'],
  ['git log --oneline -5', '3f2a9c1 fix: flaky retry\n8e1b0d2 chore: bump deps'],
  ['ls', 'README.md\nsrc\ntests'],
  ['printenv PATH', '/usr/local/bin:/usr/bin:/bin'],
];
export const INSTALLED: Record<string, (d: string) => string> = {
  python: (d) => `Successfully installed ${d}-2.4.1`,
  typescript: (d) => `added 1 package (${d}), and audited 312 packages in 2s`,
  go: (d) => `go: added ${d} v1.6.0`,
  rust: (d) => `Adding ${d} v1.0.3 to dependencies`,
};
export const DESTRUCTIVE = [
  'rm -rf build/ dist/',
  'git reset --hard HEAD',
  'git push --force origin main',
  'git clean -fdx',
  'rm -rf ~/.cache/*',
];
export const CAREFUL = [
  'rm -f /tmp/run.log',
  'git stash',
  'git push origin HEAD',
  'git reset --soft HEAD~1',
];
