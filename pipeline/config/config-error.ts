/** One setting that could not be used: its name(s), the value and why.
 * Without `value`, the problem is with the key or the file itself. */
export interface ConfigProblem {
  readonly key: string;
  readonly value?: string;
  readonly reason: string;
}

const describe = (p: ConfigProblem): string =>
  p.value === undefined ? `${p.key}: ${p.reason}` : `${p.key}=${p.value}: ${p.reason}`;

/** Bad configuration: raised before any work starts, naming every bad key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly ConfigProblem[]) {
    const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
    super(`invalid configuration (${count}): ` + problems.map(describe).join('; '));
  }
}
