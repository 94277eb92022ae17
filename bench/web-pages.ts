/**
 * The web pages' server time with B2's live population in the read model (issue 14): a Regional Office
 * officer of the population's region (North West) signs in on the local sign-in page, as a browser
 * would (session cookie, CSRF token, form post), then asks for its home page and for arrangement pages
 * of random references, one request at a time. Each figure is the time from sending the request to the
 * last byte of the page on loopback, so it bounds the server's time from above.
 */
import { newSeries, percentile, timedPool, type Series } from './measure';
import { ceiling, errorRows, info, ms, type Row } from './report';
import type { HttpApi } from './http-client';

/** The page time the issue asks for at 10,000 live arrangements, in milliseconds (p95). */
const PAGE_P95_LIMIT_MS = 150;

const HTML = 'text/html,application/xhtml+xml';

/** The session cookie (`name=value`) a response sets, or the one already held. */
function cookieOf(headers: Record<string, string | string[] | undefined>, held = ''): string {
  const set = headers['set-cookie'];
  const first = (Array.isArray(set) ? set[0] : set)?.split(';')[0];
  return first ?? held;
}

/** Signs in on the local page as demo identity `identity`; returns the session cookie. */
export async function signInOnTheWeb(http: HttpApi, identity: string): Promise<string> {
  const page = await http.expect([200], 'GET', '/sign-in', { headers: { accept: HTML } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(String(page.body))?.[1];
  if (!csrf) throw new Error('the sign-in page carries no CSRF token (are the web pages on?)');
  const cookie = cookieOf(page.headers);
  const signedIn = await http.expect([303], 'POST', '/sign-in/local', {
    headers: { accept: HTML, cookie },
    form: { _csrf: csrf, identity },
  });
  return cookieOf(signedIn.headers, cookie);
}

/** Times `samples` requests for `path(i)` as the person holding `cookie`, failing any that is not a 200 page. */
async function timePages(http: HttpApi, cookie: string, samples: number, path: (i: number) => string): Promise<Series> {
  const series = newSeries();
  await timedPool(
    Array.from({ length: samples }, (_, i) => path(i)),
    1,
    async (p) => {
      const res = await http.request('GET', p, { headers: { accept: HTML, cookie } });
      if (res.status !== 200 || !String(res.body).includes('<h1')) throw new Error(`GET ${p}: HTTP ${res.status}`);
    },
    series,
  );
  return series;
}

/** B2's web figures: p95 of the Regional Office home and of the arrangement page among `refs`, as ratios of 150 ms. */
export async function webPageTimes(http: HttpApi, refs: readonly string[], samples: number): Promise<Row[]> {
  const cookie = await signInOnTheWeb(http, 'ro-north-west');
  // The first requests warm the templates' cache and the pool's connections; they are not counted.
  await timePages(http, cookie, 3, () => '/');
  const home = await timePages(http, cookie, samples, () => '/');
  const page = await timePages(
    http,
    cookie,
    samples,
    () => `/arrangements/${encodeURIComponent(refs[Math.floor(Math.random() * refs.length)] ?? '')}`,
  );
  const p = (s: Series, n: number) => ms(percentile(s.samples, n));
  return [
    info('B2', `web: Regional Office home, ${home.samples.length} sequential requests`, `p50 ${p(home, 50)} / p95 ${p(home, 95)}`),
    ceiling('B2', 'web: Regional Office home p95', percentile(home.samples, 95), PAGE_P95_LIMIT_MS, ms, '≤ 150 ms'),
    info('B2', `web: arrangement page, ${page.samples.length} sequential requests`, `p50 ${p(page, 50)} / p95 ${p(page, 95)}`),
    ceiling('B2', 'web: arrangement page p95', percentile(page.samples, 95), PAGE_P95_LIMIT_MS, ms, '≤ 150 ms'),
    ...errorRows('B2', 'web: Regional Office home', home),
    ...errorRows('B2', 'web: arrangement page', page),
  ];
}
