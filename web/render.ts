/**
 * Nunjucks, configured once: our views and GOV.UK Frontend's templates and macros on the search path,
 * autoescaping on, and the filters that write dates, money, statuses and citations for people.
 * Per-request data travels in `res.locals`, never in the environment's globals.
 */
import path from 'node:path';
import type { Response } from 'express';
import nunjucks from 'nunjucks';
import {
  ACTION_WORDS,
  citationInWords,
  dateAndTime,
  longDate,
  plainText,
  pounds,
  regionName,
  roleInWords,
  STATUS_WORDS,
  words,
} from './format';

/** Where GOV.UK Frontend's built files are (`dist/`: `govuk/template.njk`, components, CSS, JS, assets). */
export const GOVUK_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** The one Nunjucks environment of the web pages. */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(__dirname, 'views'), GOVUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('longDate', longDate);
  env.addFilter('dateAndTime', dateAndTime);
  env.addFilter('pounds', pounds);
  env.addFilter('status', (s: string) => STATUS_WORDS[s as keyof typeof STATUS_WORDS] ?? words(s));
  env.addFilter('action', (t: string) => ACTION_WORDS[t as keyof typeof ACTION_WORDS] ?? words(t));
  env.addFilter('citation', citationInWords);
  env.addFilter('plain', plainText);
  env.addFilter('region', regionName);
  env.addFilter('role', roleInWords);
  env.addFilter('words', words);
  env.addFilter('checklistRows', (items: { label: string; citation: string; marked: boolean }[]) =>
    items.map((i) => ({
      key: { text: i.label },
      value: { text: `${i.marked ? 'Marked as present' : 'Not yet marked'} (${citationInWords(i.citation)})` },
    })),
  );
  env.addFilter('changeRows', (changes: { field: string; old: string; new: string }[]) =>
    changes.map((c) => [{ text: c.field }, { text: c.old }, { text: c.new }]),
  );
  return env;
}

/** Renders `view` with `res.locals` and `context`, and sends it as the page. */
export function renderPage(
  views: nunjucks.Environment,
  res: Response,
  view: string,
  context: Record<string, unknown> = {},
  status = 200,
): void {
  const html = views.render(view, { ...res.locals, ...context });
  res.status(status).type('html').send(html);
}
