/**
 * The codec endpoint of the Temporal Web UI (its "codec server" protocol): operators read histories
 * whose payloads hapa encrypts, by letting the UI ask here to decode them (and encode, for the UI's
 * own signals and queries). Administrators only; CORS allows the one configured UI origin.
 */
import { Router, type RequestHandler } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { actorOf, authenticate } from '../auth';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { parseRequestPart } from '../validate';

/** Payloads as the UI sends them: proto JSON, bytes in base64. */
const base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Expected base64');
const codecBodySchema = z.strictObject({
  payloads: z.array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() })).max(1000),
});

const fromJson = (p: z.infer<typeof codecBodySchema>['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/** CORS for the configured UI origin only; answers the preflight itself, before any token is asked for. */
function cors(origin: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (origin !== undefined && req.get('origin') === origin) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Headers': 'authorization, content-type, x-namespace',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Max-Age': '600',
      });
    }
    res.vary('Origin');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

/** POST /codec/encode and /codec/decode, when the API has a codec. */
export function codecRoutes(deps: ApiDeps & { codec: PayloadCodec }): Router {
  const router = Router();
  router.use('/codec', cors(deps.codecCorsOrigin), authenticate(deps.auth));
  for (const op of ['encode', 'decode'] as const) {
    router.post(`/codec/${op}`, async (req, res) => {
      const actor = actorOf(req);
      if (actor.role !== 'administrator') {
        throw new ApiError('forbidden', 'Only administrators may read or write workflow payloads through the codec.');
      }
      const { payloads } = parseRequestPart(codecBodySchema, req.body ?? {}, 'body');
      let out: Payload[];
      try {
        out = await deps.codec[op](payloads.map(fromJson));
      } catch {
        // The reason names a key id at most; the payloads themselves are never echoed.
        throw new ApiError('invalidRequest', `The payloads could not be ${op}d with this deployment's keys.`, [
          { path: 'body.payloads', message: 'Not decodable with the configured keys' },
        ]);
      }
      req.log.info({ op, payloads: out.length }, 'codec');
      res.json({ payloads: out.map(toJson) });
    });
  }
  return router;
}
