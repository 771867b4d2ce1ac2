import type { DatasetRole } from '../../core/record.js';
import type { DatasetLocation } from './value-codecs.js';

/** The resolved configuration: every value validated, every default filled. */
export interface Settings {
  readonly opencti: { readonly url?: string; readonly token?: string; readonly sslVerify: boolean };
  readonly connector: {
    readonly id?: string;
    readonly name: string;
    readonly scope: string;
    readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
    readonly runAndTerminate: boolean;
    readonly queueProtocol: 'amqp' | 'api';
  };
  readonly datasets: {
    /** Days between two runs. */
    readonly interval: number;
    readonly removeCreator: boolean;
    /** `false` disables a dataset. */
    readonly locations: Readonly<Record<DatasetRole, DatasetLocation | false>>;
    /** The roles whose location the user set (env or file), in dataset
     * order; the others hold the default URL. */
    readonly configuredRoles: readonly DatasetRole[];
    readonly cacheDir: string;
  };
  readonly http: {
    readonly timeoutSeconds: number;
    readonly retries: number;
    readonly maxDownloadBytes: number;
    readonly maxObjectBytes: number;
    readonly tlsVerify: boolean;
  };
  /** Overrides of the broker connection the platform hands out. */
  readonly mq: {
    readonly host?: string;
    readonly port?: number;
    readonly vhost?: string;
    readonly useSsl?: boolean;
    readonly user?: string;
    readonly pass?: string;
  };
  /** Values never to print: the token and the broker password. */
  readonly secrets: readonly string[];
}
