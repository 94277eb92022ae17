import { escapeHtml, humanDate, renderNotification } from '../../activities/render-notification';
import type { Notification } from '../../activities/notification';
import { arrangementUrl, reminder } from './harness';

describe('renderNotification', () => {
  test.each([
    ['2026-06-30', 'Tuesday 30 June 2026'],
    ['2027-01-01', 'Friday 1 January 2027'],
    ['2028-02-29', 'Tuesday 29 February 2028'],
    ['30/06/2026', '30/06/2026'],
  ])('when the due date is %s, then people read "%s"', (iso, human) => {
    expect(humanDate(iso)).toBe(human);
  });

  test('when user text contains markup, then the HTML shows it as text', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;');
    const { html } = renderNotification(
      reminder({ arrangementRef: 'S31"><img src=x>', summary: 'Line one\nline <two>', subject: 'a <b>' }),
      arrangementUrl('S31"><img src=x>'),
    );
    expect(html).not.toMatch(/<img|<two>|<b>/);
    expect(html).toContain('<title>a &#60;b&#62;</title>');
    expect(html).toContain('<p>Line one<br>line &#60;two&#62;</p>');
    expect(html).toContain('href="https://hapa.example/arrangements/S31%22%3E%3Cimg%20src%3Dx%3E"');
  });

  test('when an escalation reaches a step of the ladder, then the email names the step', () => {
    const recipients = [
      { name: 'Asha Patel', email: 'asha.patel@nhs.example', role: 'responsible' as const },
      { name: 'Dr Ben Okafor', email: 'ben.okafor@icb.example', role: 'chiefOfficers' as const },
      { name: 'Regional Office (London)', email: 'ro.london@nhs.example', role: 'regionalOffice' as const },
    ];
    const { text } = renderNotification(reminder({ kind: 'overdue', ladderStep: 'E3', recipients }), arrangementUrl('S31-2026-007'));
    expect(text.split('\n')[0]).toBe('Overdue');
    expect(text).toContain('Escalation step: E3');
    expect(text).toContain(
      'Sent to: Asha Patel (responsible officer), Dr Ben Okafor (chief officer), Regional Office (London) (Regional Office)',
    );
  });

  test('when a kind is unknown to this version (an old or new history), then a neutral heading is used and the subject stays on one line', () => {
    const unknownKind = { ...reminder({ subject: 'Two\nlines' }), kind: 'somethingNew' } as unknown as Notification;
    const rendered = renderNotification(unknownKind, arrangementUrl('S31-2026-007'));
    expect(rendered.text.split('\n')[0]).toBe('Notification about the arrangement');
    expect(rendered.subject).toBe('Two lines');
  });
});
