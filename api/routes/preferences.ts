/**
 * A person's own choice of how hapa's messages reach them (issue 15 §2): each at once, or together in
 * a daily or weekly digest. The person is the email address their token carries (the `email` claim,
 * as an identity provider's ID token and access token carry it); nobody reads or sets another's.
 */
import { Router, type Request } from 'express';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { DELIVERIES, type Delivery } from '../../domain';
import { preferenceOf, setPreference } from '../../store/digests';
import type { Db } from '../../store/database';
import { actorOf } from '../auth';
import { ApiError } from '../errors';
import { parseRequestPart } from '../validate';

/** What the route needs: the store and the deployment's default (HAPA_DIGEST_DEFAULT). */
export interface MessagePreferenceDeps {
  db: Db;
  defaultDelivery: Delivery;
}

/** `PUT /me/message-preference`'s body. */
export const messagePreferenceBodySchema = z.strictObject({
  delivery: z.enum(DELIVERIES).describe('immediate: each message at once; daily or weekly: one summary email a day or a week.'),
});

/** The answer of both routes. */
export const messagePreferenceSchema = z.object({
  delivery: z.enum(DELIVERIES),
  /** False when the person never chose: `delivery` is then the deployment's default. */
  chosen: z.boolean(),
  default: z.enum(DELIVERIES),
});

const emailSchema = z.email();

/** The address the (already verified) bearer token names; a 403 naming the claim when it names none. */
function emailOf(req: Request): string {
  actorOf(req);
  // `authenticate` has verified this very token; only its `email` claim is read here.
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
  const claimed = emailSchema.safeParse(decodeJwt(token)['email']);
  if (!claimed.success) {
    throw new ApiError('forbidden', 'Your sign-in does not say your email address, so hapa cannot tell which messages are yours.', [
      { path: 'token.email', message: 'An email address is needed' },
    ]);
  }
  return claimed.data;
}

/** GET and PUT /me/message-preference. */
export function preferenceRoutes(deps: { messagePreferences?: MessagePreferenceDeps }): Router {
  const router = Router();
  const store = (): MessagePreferenceDeps => {
    if (!deps.messagePreferences)
      throw new ApiError('storeUnavailable', 'Message preferences are kept in PostgreSQL, which this API has not been given.');
    return deps.messagePreferences;
  };
  const answer = async (prefs: MessagePreferenceDeps, email: string) => {
    const chosen = await preferenceOf(prefs.db, email);
    return { delivery: chosen ?? prefs.defaultDelivery, chosen: chosen !== undefined, default: prefs.defaultDelivery };
  };
  router.get('/me/message-preference', async (req, res) => {
    const email = emailOf(req);
    res.json(await answer(store(), email));
  });
  router.put('/me/message-preference', async (req, res) => {
    const email = emailOf(req);
    const body = parseRequestPart(messagePreferenceBodySchema, req.body, 'body');
    const prefs = store();
    await setPreference(prefs.db, email, body.delivery);
    res.json(await answer(prefs, email));
  });
  return router;
}
