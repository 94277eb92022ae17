/**
 * Signing in and out. With an identity provider: `/sign-in` sends the person to it and
 * `/sign-in/callback` checks what comes back. On the embedded default: `/sign-in` lists the demo
 * identities. Either way the session is regenerated on sign-in (no fixation) and saved before the
 * redirect; signing out is a POST.
 */
import { Router, type Request, type Response } from 'express';
import type nunjucks from 'nunjucks';
import type { Actor } from '../../domain';
import type { WebDeps } from '../deps';
import { renderPage } from '../render';

/** Starts a new session for `user` and sends them where they were going. */
function signedIn(req: Request, res: Response, user: Actor, name: string): void {
  const returnTo = req.session.returnTo;
  req.session.regenerate((err) => {
    if (err) throw err;
    req.session.user = user;
    req.session.userName = name;
    // Only a path on this site: never an absolute URL someone slipped in.
    const target = returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
    req.session.save(() => res.redirect(303, target));
  });
}

/** The sign-in and sign-out routes. */
export function signInPages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();
  const method = deps.signIn;

  router.get('/sign-in', async (req, res) => {
    if (method.kind === 'local') {
      const identities = method.identities.map((i) => ({ value: i.id, text: i.name, hint: { text: i.description } }));
      return renderPage(views, res, 'sign-in.njk', { title: 'Sign in', identities });
    }
    const { url, pending } = await method.provider.begin();
    req.session.pendingSignIn = pending;
    req.session.save(() => res.redirect(303, url.href));
  });

  if (method.kind === 'local') {
    router.post('/sign-in/local', (req, res) => {
      const chosen = method.identities.find((i) => i.id === (req.body as Record<string, string>).identity);
      if (!chosen) {
        req.session.flash = { errors: [{ text: 'Choose who you want to sign in as', href: `#identity` }] };
        return req.session.save(() => res.redirect(303, '/sign-in'));
      }
      signedIn(req, res, chosen.actor, chosen.name);
    });
  } else {
    router.get('/sign-in/callback', async (req, res) => {
      const pending = req.session.pendingSignIn;
      if (!pending) return res.redirect(303, '/sign-in');
      delete req.session.pendingSignIn;
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      let actor: Actor;
      try {
        actor = await method.provider.finish(query, pending);
      } catch (err) {
        // A forged or replayed callback, a token that fails its checks, or claims naming no role hapa knows.
        req.log?.warn({ err }, 'sign-in with the identity provider refused');
        return renderPage(views, res, 'problem.njk', { title: 'You could not be signed in', status: 401 }, 401);
      }
      signedIn(req, res, actor, actor.id);
    });
  }

  router.post('/sign-out', (req, res) => {
    req.session.destroy(() => res.clearCookie('hapa.sid').redirect(303, '/sign-in'));
  });
  return router;
}
