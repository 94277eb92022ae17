/**
 * The verifier remembers tokens that passed (issue 17 §3): a remembered token still ends at its `exp`,
 * and nothing but the exact token that passed is accepted without its signature being checked.
 */
import { createTokenVerifier } from '../../api/auth';
import { mintToken } from '../../api/tokens';

const secret = 'a-test-secret-of-forty-characters-or-so!';
const options = { secret, issuer: 'hapa-test', audience: 'hapa-api' };
const verifier = () => createTokenVerifier({ keys: { kind: 'secret', secret }, issuer: options.issuer, audience: options.audience });
const alice = { sub: 'alice', role: 'partnerOfficer', org: 'pct-riverside' } as const;

afterEach(() => jest.useRealTimers());

test('when a token accepted before reaches its exp, then it is refused as expired', async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'clearTimeout'] });
  jest.setSystemTime(new Date('2030-01-01T09:00:00Z'));
  const auth = verifier();
  const token = await mintToken(alice, { ...options, expiresIn: '10m' });
  await expect(auth.verify(token)).resolves.toEqual({ id: 'alice', role: 'partnerOfficer', organisationId: 'pct-riverside' });
  jest.setSystemTime(new Date('2030-01-01T09:09:59Z'));
  await expect(auth.verify(token)).resolves.toMatchObject({ id: 'alice' });
  jest.setSystemTime(new Date('2030-01-01T09:10:00Z'));
  await expect(auth.verify(token)).rejects.toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('expired') });
});

test('when the signature of an accepted token is changed, then the changed token is refused', async () => {
  const auth = verifier();
  const token = await mintToken(alice, options);
  await auth.verify(token);
  const [header, payload, signature = ''] = token.split('.');
  const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
  await expect(auth.verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject({ code: 'unauthenticated' });
  await expect(auth.verify(token)).resolves.toMatchObject({ id: 'alice' });
});

test('when a token signed with another secret is sent twice, then it is refused twice', async () => {
  const auth = verifier();
  const forged = await mintToken(
    { sub: 'mallory', role: 'administrator' },
    { ...options, secret: 'another-secret-another-secret-another!' },
  );
  await expect(auth.verify(forged)).rejects.toMatchObject({ code: 'unauthenticated' });
  await expect(auth.verify(forged)).rejects.toMatchObject({ code: 'unauthenticated' });
});
