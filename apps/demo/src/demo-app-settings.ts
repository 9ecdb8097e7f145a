/** The demo's HTTP settings, from the environment: read by `configure-app.ts` and `http-platform.ts`. */
export interface DemoAppSettings {
  /** Which proxies may set X-Forwarded-For (Express' `trust proxy`, Fastify's `trustProxy`). */
  trustProxy: boolean | number | string;
  bodyLimit: string;
  /** One log line per request; off when `LOG_LEVEL` is `warn` or `error`, and then not even timed. */
  logRequests: boolean;
}

export function demoAppSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoAppSettings {
  const raw = env.TRUST_PROXY;
  let trustProxy: boolean | number | string = false;
  if (raw === 'true') trustProxy = true;
  else if (raw && /^\d+$/.test(raw)) trustProxy = Number(raw);
  else if (raw && raw !== 'false') trustProxy = raw;
  const bodyLimit = env.BODY_LIMIT || '64kb';
  bodyLimitBytes(bodyLimit); // a malformed limit stops the start, naming BODY_LIMIT
  return { trustProxy, bodyLimit, logRequests: !['warn', 'error'].includes(env.LOG_LEVEL ?? '') };
}

/**
 * `TRUST_PROXY=true` trusts every X-Forwarded-For hop: any client then picks
 * its own address, which defeats the per-address rate limits and scheme 3's
 * `remote_ip` check. The warning says what to set instead.
 */
export function trustProxyWarning(trustProxy: DemoAppSettings['trustProxy']): string | undefined {
  if (trustProxy !== true) return undefined;
  return (
    'TRUST_PROXY=true trusts every X-Forwarded-For hop, so any client can choose its own address ' +
    "(per-address rate limits and scheme 3's remote_ip check then mean nothing). " +
    'Set the number of proxies in front of the app (TRUST_PROXY=1) or their addresses (TRUST_PROXY=loopback,10.0.0.0/8).'
  );
}

/** `64kb`, `1mb` or a number of bytes, as Express' body parsers read `BODY_LIMIT`. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!match)
    throw new Error(
      `BODY_LIMIT must be a size such as 64kb or 1mb, got ${JSON.stringify(limit.slice(0, 50))}`,
    );
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[
    (match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'
  ];
  return Number(match[1]) * unit;
}
