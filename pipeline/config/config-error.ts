/** One setting that could not be used: its name(s), the value and why. */
export interface ConfigProblem {
  readonly key: string;
  readonly value: string;
  readonly reason: string;
}

/** Bad configuration: raised before any work starts, naming every bad key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} ${problems.length === 1 ? 'key' : 'keys'}): ` +
        problems.map((p) => `${p.key}=${p.value}: ${p.reason}`).join('; '),
    );
  }
}
