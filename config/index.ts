/**
 * hapa's whole configuration: one zod schema over the environment, parsed once per process at
 * start-up. Nothing else reads `process.env`; entry points call `loadConfig()` and pass the frozen
 * result into factories.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { arrangementPolicySchema, MESSAGE_KINDS, policyBoundsSchema } from '../domain';
import { parseCodecKeys } from './payload-codec';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const existingFile = (what: string) =>
  optionalText.refine((file) => file === undefined || existsSync(file), { message: `${what}: no such file` });

/** An optional variable holding a JSON value, parsed before `schema` checks it. */
const jsonVariable = (what: string) =>
  optionalText.transform((text, ctx) => {
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be ${what}` });
      return z.NEVER;
    }
  });

/** Every template a Notify deployment needs an id for: each message kind, and notifications from before them. */
export const NOTIFY_TEMPLATE_KINDS = [...MESSAGE_KINDS, 'general'] as const;

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const notifyTemplateIdsSchema = z.strictObject(
  Object.fromEntries(['default', ...NOTIFY_TEMPLATE_KINDS].map((kind) => [kind, z.guid().optional()])) as Record<
    'default' | (typeof NOTIFY_TEMPLATE_KINDS)[number],
    z.ZodOptional<z.ZodGUID>
  >,
);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every variable hapa reads, with its meaning; the README's table mirrors this. */
export const envSchema = z
  .object({
    TEMPORAL_ADDRESS: optionalText
      .refine((v) => v === undefined || /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(v), {
        message: 'must be host:port, for example localhost:7233 or my-ns.a1b2c.tmprl.cloud:7233',
      })
      .describe('Temporal frontend host:port. Unset: `npm start` runs its own dev server; worker/api use localhost:7233.'),
    TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default').describe('Temporal namespace.'),
    TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('arrangements').describe('Task queue the worker polls.'),
    TEMPORAL_TLS_CERT: existingFile('TEMPORAL_TLS_CERT').describe('Client certificate (PEM) for mTLS.'),
    TEMPORAL_TLS_KEY: existingFile('TEMPORAL_TLS_KEY').describe('Client private key (PEM) for mTLS.'),
    TEMPORAL_TLS_CA: existingFile('TEMPORAL_TLS_CA').describe('CA bundle (PEM) for a self-signed server.'),
    TEMPORAL_TLS_SERVER_NAME: optionalText.describe('Overrides the TLS server name.'),
    TEMPORAL_TLS: booleanFlag.describe('Use TLS without client certificates (implied by an API key or cert).'),
    TEMPORAL_API_KEY: optionalText.describe('Temporal Cloud API key.'),
    HAPA_DATA_DIR: z.string().trim().min(1).default('./data').describe('Dev-server database, outbox and sent-log live here.'),
    TEMPORAL_PORT: port(7233).describe('Port of the embedded dev server (`npm start` only).'),
    TEMPORAL_UI_PORT: port(8233).describe('Port of the embedded Temporal Web UI (`npm start` only).'),
    DATABASE_URL: optionalText
      .pipe(
        z
          .url({ protocol: /^postgres(ql)?$/, message: 'must be a PostgreSQL URL, for example postgres://user:pass@host:5432/hapa' })
          .optional(),
      )
      .describe('PostgreSQL 14+ for the register and the sent-log. Unset: `npm start` runs an embedded PostgreSQL; worker/api need it.'),
    POSTGRES_PORT: port(5433).describe('Port of the embedded PostgreSQL (`npm start` only, when DATABASE_URL is unset).'),
    HAPA_WORKER_MAX_CACHED_WORKFLOWS: z.coerce
      .number()
      .int()
      .min(0)
      // Each cached arrangement holds ~0.6 MB (1.3 MB before the domain's schemas and zod were loaded on
      // first use) of the workflow thread's heap, capped at 768 MiB (worker/node-flags.ts); 1,200 ran it
      // out of memory in the benchmark before that change, 250 did not (docs/benchmarks.md).
      .max(250, { message: 'at most 250 with the worker heap cap of 768 MiB (worker/node-flags.ts); raise that first' })
      .default(100)
      .describe('Arrangement workflows a worker keeps in memory (~1-2 MB each); others replay from history when they wake.'),
    HAPA_WORKER_WORKFLOW_THREADS: z.coerce
      .number()
      .int()
      .min(1)
      // Each thread is a V8 heap of its own, under the same cap (worker/node-flags.ts).
      .max(4, { message: 'at most 4: each thread is a heap of its own, under the 768 MiB cap (worker/node-flags.ts)' })
      // Two: with the SDK's one, a thousand reminders due at one instant queued on that thread while the
      // machine's second core was partly idle: 17.7 s for the storm, 13.3 s with two (issue 17, docs/benchmarks.md).
      .default(2)
      .describe("Threads running the worker's workflow code, each on its own core when there is one; the cache is shared among them."),
    HAPA_WORKER_METRICS_PORT: port(9464).describe(
      "Port on 127.0.0.1 of the worker's Prometheus metrics (the Temporal SDK's exporter, at /metrics); 0 turns them off.",
    ),
    API_HOST: z.string().trim().min(1).default('127.0.0.1').describe('Interface the API listens on.'),
    API_PORT: port(3000).describe('Port the API listens on.'),
    PUBLIC_BASE_URL: optionalText
      .pipe(z.url().optional())
      .describe('Base URL used in links in emails; defaults to http://API_HOST:API_PORT.'),
    SMTP_URL: optionalText
      .pipe(z.url({ protocol: /^smtps?$/ }).optional())
      .describe('smtp://user:pass@host:587 or smtps://…; unset writes .eml files to the outbox.'),
    MAIL_TRANSPORT: z
      .enum(['smtp', 'outbox', 'notify'])
      .optional()
      .describe(
        'How email is sent: smtp (SMTP_URL), outbox (.eml files) or notify (GOV.UK Notify). Unset: smtp if SMTP_URL is set, else outbox.',
      ),
    NOTIFY_API_KEY: optionalText
      .refine((v) => v === undefined || new RegExp(`-${uuid}-${uuid}$`, 'i').test(v), {
        message: "must be a GOV.UK Notify API key, '{name}-{service id}-{secret}' as Notify's API integration page shows it",
      })
      .describe('GOV.UK Notify API key (MAIL_TRANSPORT=notify).'),
    NOTIFY_BASE_URL: optionalText
      .pipe(z.url().optional())
      .describe("GOV.UK Notify's API; unset: https://api.notifications.service.gov.uk."),
    NOTIFY_TEMPLATE_IDS: jsonVariable('a JSON object of GOV.UK Notify template ids by message kind, e.g. {"default": "<uuid>"}')
      .pipe(notifyTemplateIdsSchema.optional())
      .describe('JSON: the Notify template id of each message kind (README); "default" stands for every kind not named.'),
    NOTIFY_REPLY_TO_ID: optionalText
      .pipe(z.guid().optional())
      .describe("Id of a reply-to address of the Notify service; unset: the service's default."),
    MAIL_FROM: z.string().trim().min(3).default('hapa <no-reply@hapa.invalid>').describe('From address of every email.'),
    AUTH_JWT_SECRET: optionalText
      .refine((v) => v === undefined || v.length >= 32, { message: 'must be at least 32 characters' })
      .describe('HS256 secret for bearer tokens (local use).'),
    AUTH_JWKS_URL: optionalText.pipe(z.url().optional()).describe('JWKS URL of an identity provider (production).'),
    AUTH_ISSUER: z.string().trim().min(1).default('hapa-local').describe('Expected `iss` of bearer tokens.'),
    AUTH_AUDIENCE: z.string().trim().min(1).default('hapa').describe('Expected `aud` of bearer tokens.'),
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 60 * 60)
      .default(24 * 60 * 60)
      .describe('Longest lifetime (exp − iat) a bearer token may have, in seconds; tokens without exp are refused.'),
    HAPA_POLICY: optionalText
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object of policy overrides' });
          return z.NEVER;
        }
      })
      .pipe(arrangementPolicySchema.strict().optional())
      .describe('JSON overrides of the arrangement policy (reminder ladder, statutory periods) for new arrangements.'),
    HAPA_POLICY_BOUNDS: jsonVariable('a JSON object of policy bounds, e.g. {"consultationWeeks": {"min": 8, "max": 16}}')
      .pipe(policyBoundsSchema.optional())
      .describe(
        'JSON: which policy fields an administrator may override at creation, and within what (true, {min,max} or {maxItems}); none when unset.',
      ),
    HAPA_CODEC_KEYS: optionalText
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        try {
          parseCodecKeys(value);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .describe(
        'Payload encryption keys, `id:base64(32 bytes)` comma-separated; the first encrypts, all decrypt. Unset: a local key in HAPA_DATA_DIR.',
      ),
    HAPA_CODEC_CORS_ORIGIN: optionalText
      .pipe(z.url().optional())
      .describe('Origin of the Temporal Web UI allowed to call the codec endpoint (/codec), e.g. http://localhost:8233.'),
    OIDC_ISSUER: optionalText
      .pipe(z.url().optional())
      .describe("Issuer URL of the organisation's OpenID Connect provider for the web sign-in. Unset: on loopback, a local sign-in page."),
    OIDC_CLIENT_ID: optionalText.describe('Client id hapa is registered with at the OpenID Connect provider.'),
    OIDC_CLIENT_SECRET: optionalText.describe('Client secret hapa is registered with at the OpenID Connect provider.'),
    OIDC_SCOPE: z.string().trim().min(1).default('openid profile email').describe('Scopes asked of the OpenID Connect provider.'),
    OIDC_ROLE_CLAIM: z
      .string()
      .trim()
      .min(1)
      .default('role')
      .describe('ID token claim holding the role: partnerOfficer, regionalOfficeOfficer or administrator.'),
    OIDC_ORGANISATION_CLAIM: z
      .string()
      .trim()
      .min(1)
      .default('org')
      .describe("ID token claim holding a partner officer's organisation id."),
    OIDC_REGION_CLAIM: z.string().trim().min(1).default('region').describe("ID token claim holding a Regional Office officer's region."),
    WEB_SESSION_SECRET: optionalText
      .refine((v) => v === undefined || v.length >= 32, { message: 'must be at least 32 characters' })
      .describe(
        'Secret signing the web session cookie; web processes behind one address share it. Unset: a local secret in HAPA_DATA_DIR.',
      ),
    HAPA_DIGEST_DEFAULT: z
      .enum(['immediate', 'daily', 'weekly'])
      .default('weekly')
      .describe('How people who have not chosen receive messages: each at once, or a daily or weekly digest (issue 15 §2).'),
    HAPA_DIGEST_BURST_LIMIT: z.coerce
      .number()
      .int()
      .min(0)
      .max(100)
      .default(3)
      .describe(
        'Messages a person who chose "immediate" gets within a minute; more in that minute wait for the next daily digest. 0: no limit.',
      ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('Log level.'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_KEY'], message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together' });
    }
    if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is needed when MAIL_TRANSPORT is smtp' });
    }
    if (env.MAIL_TRANSPORT === 'notify') {
      if (!env.NOTIFY_API_KEY)
        ctx.addIssue({ code: 'custom', path: ['NOTIFY_API_KEY'], message: 'is needed when MAIL_TRANSPORT is notify' });
      const ids = env.NOTIFY_TEMPLATE_IDS ?? {};
      const missing = NOTIFY_TEMPLATE_KINDS.filter((kind) => !ids[kind] && !ids.default);
      if (missing.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['NOTIFY_TEMPLATE_IDS'],
          message: `has no GOV.UK Notify template for ${missing.join(', ')} (name each, or give a "default")`,
        });
    }
    for (const variable of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
      if (env.OIDC_ISSUER && !env[variable])
        ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when OIDC_ISSUER is set' });
    }
  });

/** The parsed configuration, frozen. */
export type Config = Readonly<z.infer<typeof envSchema>>;

/** A configuration error people can act on: one line per variable at fault. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws `ConfigError` naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(env)'), message: i.message })));
  }
  const config = parsed.data;
  return Object.freeze({ ...config, HAPA_DATA_DIR: path.resolve(config.HAPA_DATA_DIR) });
}

/**
 * The PostgreSQL URL the worker and the API use. `npm start` sets it for them when it runs the
 * embedded server; run on their own, they need it set. Throws `ConfigError` naming DATABASE_URL.
 */
export function databaseUrl(config: Config): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  throw new ConfigError([
    { variable: 'DATABASE_URL', message: 'is unset: set it to your PostgreSQL (14+), or run everything with `npm start`' },
  ]);
}

/** The base URL people follow from emails to an arrangement. */
export function publicBaseUrl(config: Config): string {
  return config.PUBLIC_BASE_URL ?? `http://${config.API_HOST}:${config.API_PORT}`;
}

/**
 * The one builder of links to an arrangement's page in the web app, `${publicBaseUrl}/arrangements/{ref}`,
 * used by every email and calendar event (the reference URL-encoded).
 */
export function arrangementPageUrl(config: Config): (ref: string) => string {
  const base = publicBaseUrl(config).replace(/\/+$/, '');
  return (ref) => `${base}/arrangements/${encodeURIComponent(ref)}`;
}

/**
 * Whether the local sign-in page (choose a demo identity, no password) may run: only on the embedded
 * default, with no identity provider configured and the API listening on a loopback interface, so it
 * can never be reached from another machine.
 */
export function localSignInAllowed(config: Pick<Config, 'OIDC_ISSUER' | 'API_HOST'>): boolean {
  return !config.OIDC_ISSUER && ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(config.API_HOST);
}
