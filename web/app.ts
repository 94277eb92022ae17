/**
 * The web pages, in the same Express application as the JSON API: one `webApp(deps)` with one small
 * set-up per concern in a fixed order (static assets, security headers, session, body parsing, Nunjucks,
 * sign-in, current user, CSRF, routes, error page). A request is the web's when it comes from a browser:
 * no bearer token, and a page asked for (HTML preferred to JSON) or a form posted. Everything else goes
 * on to the API, so `/arrangements/{ref}` (the link in every email) opens the page in a browser and
 * the JSON for a client with a token.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { csrfSync } from 'csrf-sync';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Actor } from '../domain';
import type { WebDeps } from './deps';
import { createViews, GOVUK_DIST, renderPage } from './render';
import { arrangementPages } from './routes/arrangement';
import { calendarPages } from './routes/calendar';
import { createPages } from './routes/create';
import { homePages } from './routes/home';
import { portfolioPages } from './routes/portfolio';
import { signInPages } from './routes/sign-in';
import { variationPages } from './routes/variation';

declare module 'express-session' {
  interface SessionData {
    /** Who is signed in. */
    user?: Actor;
    /** Their name in words, for the header. */
    userName?: string;
    /** The page to return to after signing in. */
    returnTo?: string;
    /** An OpenID Connect sign-in under way. */
    pendingSignIn?: { state: string; nonce: string; codeVerifier: string };
    /** What the next page shows once (post/redirect/get): errors and the answers that were sent. */
    flash?: { errors?: { text: string; href?: string }[]; rule?: string; answers?: Record<string, unknown>; success?: string };
    /** A variation being proposed: its arrangement, the form's answers, the patch and the reason. */
    variation?: { ref: string; answers: Record<string, unknown>; patch: Record<string, unknown>; reason: string };
    /** The create journey's answers so far. */
    draft?: Record<string, unknown>;
  }
}

/** Paths of static files, served to anyone. */
const STATIC_PREFIXES = ['/assets/', '/stylesheets/', '/javascripts/'];

/** True when the request is a browser's: static files, a page asked for without a token, or a form. */
export function isBrowserRequest(req: Request): boolean {
  // A calendar feed is the API's, whoever asks: a browser opening the secret link gets the file.
  if (req.path.startsWith('/calendar/')) return false;
  if (STATIC_PREFIXES.some((p) => req.path.startsWith(p))) return true;
  if (req.get('authorization')) return false;
  if (req.method === 'GET' || req.method === 'HEAD') return req.accepts(['json', 'html']) === 'html';
  return req.method === 'POST' && req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
}

function setUpStaticAssets(router: Router): void {
  const options = { immutable: false, maxAge: '1h', index: false } as const;
  router.use('/assets', express.static(path.join(GOVUK_DIST, 'govuk', 'assets'), options));
  router.use('/stylesheets', express.static(path.join(GOVUK_DIST, 'govuk'), { ...options, extensions: false }));
  router.use('/javascripts', express.static(path.join(GOVUK_DIST, 'govuk'), options));
  router.use('/javascripts', express.static(path.join(__dirname, 'public'), options));
}

function setUpSecurityHeaders(router: Router): void {
  router.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
          formAction: ["'self'"],
        },
      },
      // The pages are forms and links only: no other origin may frame them.
      frameguard: { action: 'deny' },
    }),
  );
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
}

function setUpSession(router: Router, deps: WebDeps): void {
  router.use(
    session({
      name: 'hapa.sid',
      store: deps.sessionStore,
      secret: deps.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      // Behind a proxy that ends TLS the request arrives over HTTP: trust its X-Forwarded-Proto, or a Secure cookie is never set.
      proxy: deps.secureCookies,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: 8 * 60 * 60 * 1000 },
    }),
  );
}

/** Everything a page sees of the request: the person signed in, the flash, the CSRF token. */
function setUpLocals(router: Router, generateToken: (req: Request) => string): void {
  router.use((req, res, next) => {
    res.locals.user = req.session.user;
    res.locals.userName = req.session.userName;
    res.locals.currentPath = req.originalUrl;
    res.locals.csrfToken = generateToken(req);
    const flash = req.session.flash;
    if (flash) {
      res.locals.errors = flash.errors;
      res.locals.rule = flash.rule;
      res.locals.answers = flash.answers;
      res.locals.success = flash.success;
      delete req.session.flash;
    }
    next();
  });
}

/** Every page after sign-in passes here: a person not signed in is sent to sign in, and brought back after. */
function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (req.session.user) return next();
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
  req.session.save(() => res.redirect(303, '/sign-in'));
}

/** The web pages as one handler to mount before the API; it passes on every request that is not a browser's. */
export function webApp(deps: WebDeps): RequestHandler {
  const views = createViews();
  const pages = Router();
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
  });
  setUpStaticAssets(pages);
  setUpSecurityHeaders(pages);
  setUpSession(pages, deps);
  pages.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 500 }));
  setUpLocals(pages, generateToken);
  pages.use(csrfSynchronisedProtection);
  pages.use(signInPages(deps, views));
  pages.use(requireSignIn);
  if (deps.api.calendarFeeds) pages.use(calendarPages(deps, deps.api.calendarFeeds, views));
  pages.use(homePages(deps, views));
  pages.use(portfolioPages(deps, views));
  pages.use(createPages(deps, views));
  pages.use(variationPages(deps, views));
  pages.use(arrangementPages(deps, views));
  pages.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number }).status ?? 500;
    if (status >= 500) req.log?.error({ err }, 'web page failed');
    const title =
      status === 403
        ? 'Your session has expired or the form was sent twice'
        : status === 404
          ? 'Page not found'
          : 'Sorry, there is a problem with the service';
    renderPage(views, res, 'problem.njk', { title, status }, status);
  });
  return (req, res, next) => (isBrowserRequest(req) ? pages(req, res, next) : next());
}
