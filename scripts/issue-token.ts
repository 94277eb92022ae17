/**
 * `npm run token -- --role partnerOfficer --org <partnerId>`: prints a bearer token the local API
 * accepts, signed with AUTH_JWT_SECRET or, when unset, the development secret in HAPA_DATA_DIR
 * (created here if the API has not run yet). Not for production: there an identity provider issues tokens.
 *
 *   --role partnerOfficer|regionalOfficeOfficer|administrator   (required)
 *   --org <partnerId>        partner officers: the organisation they act for
 *   --region <region>        Regional Office officers: their region
 *   --sub <id>               who the token names (default: <role>-<org|region|admin>)
 *   --email <address>        the person's email address (whose message preference /me/message-preference sets)
 *   --expires <duration>     e.g. 8h, 30m (default 8h; at most AUTH_MAX_TOKEN_LIFETIME_SECONDS, 24 h by default)
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PRINCIPAL_ROLES } from '../api/auth';
import { loadOrCreateDevSecret } from '../api/dev-secret';
import { mintToken } from '../api/tokens';
import { loadConfig } from '../config';

const argsSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('partnerOfficer'),
    org: z.string().min(1, '--org is required for a partner officer'),
    sub: z.string().optional(),
    expires: z.string(),
  }),
  z.object({
    role: z.literal('regionalOfficeOfficer'),
    region: z.string().min(1, '--region is required for a Regional Office officer'),
    sub: z.string().optional(),
    expires: z.string(),
  }),
  z.object({ role: z.literal('administrator'), sub: z.string().optional(), expires: z.string() }),
]);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      region: { type: 'string' },
      sub: { type: 'string' },
      email: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
    strict: true,
  });
  const { email: givenEmail, ...rest } = values;
  const parsed = argsSchema.safeParse({ ...rest, org: values.org ?? '', region: values.region ?? '' });
  const email = z.email('--email must be an email address').optional().safeParse(givenEmail);
  if (!parsed.success || !email.success) {
    const roles = PRINCIPAL_ROLES.join('|');
    throw new Error(
      `usage: npm run token -- --role ${roles} [--org <partnerId>] [--region <region>] [--sub <id>] [--email <address>] [--expires 8h]\n${[...(parsed.error?.issues ?? []), ...(email.error?.issues ?? [])].map((i) => `  ${i.path.join('.') || 'args'}: ${i.message}`).join('\n')}`,
    );
  }
  const args = parsed.data;
  const config = loadConfig();
  if (config.AUTH_JWKS_URL && !config.AUTH_JWT_SECRET) {
    throw new Error('AUTH_JWKS_URL is set: the API accepts only tokens from that identity provider, so this script cannot mint one.');
  }
  const secret = config.AUTH_JWT_SECRET ?? loadOrCreateDevSecret(config.HAPA_DATA_DIR);
  const scope = args.role === 'partnerOfficer' ? args.org : args.role === 'regionalOfficeOfficer' ? args.region : 'admin';
  const token = await mintToken(
    {
      sub: args.sub ?? `${args.role}-${scope}`,
      role: args.role,
      ...(args.role === 'partnerOfficer' ? { org: args.org } : {}),
      ...(args.role === 'regionalOfficeOfficer' ? { region: args.region } : {}),
      ...(email.data !== undefined ? { email: email.data } : {}),
    },
    { secret, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, expiresIn: args.expires },
  );
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
