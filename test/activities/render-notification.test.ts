import { escapeHtml, humanDate, listOf, plainWords, renderNotification } from '../../activities/render-notification';
import type { Notification } from '../../activities/notification';
import { citationForPeople } from '../../domain';
import { arrangementUrl, reminder } from './harness';

describe('renderNotification', () => {
  test.each([
    ['2026-06-30', 'Tuesday 30 June 2026'],
    ['2027-01-01', 'Friday 1 January 2027'],
    ['2027-02-22', 'Monday 22 February 2027'],
    ['2028-02-29', 'Tuesday 29 February 2028'],
    ['30/06/2026', '30/06/2026'],
  ])('when the due date is %s, then people read "%s"', (iso, human) => {
    expect(humanDate(iso)).toBe(human);
  });

  test.each([
    [['A'], 'A'],
    [['A', 'B'], 'A and B'],
    [['A', 'B', 'C'], 'A, B and C'],
  ])('when partners are %j, then they are listed as "%s"', (names, text) => {
    expect(listOf(names)).toBe(text);
  });

  test('when a title carries quarter labels and raw dates, then they are written out', () => {
    expect(plainWords('Quarterly report for 2001Q4 (2002-01-01 to 2002-03-31)')).toBe(
      'Quarterly report for quarter 4 of 2001/02 (1 January 2002 to 31 March 2002)',
    );
  });

  test.each([
    [
      'SI 2000/617 reg 7(2), 9(2) [V]; reg 8 (unverified)',
      'NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000, regulation 7(2), 9(2) and regulation 8',
    ],
    [
      'SI 2000/617 reg 9(4) [V]; reg 7 (unverified) (inferred: due 30 June); hapa reminder ladder, section31.md §13.4 (inferred)',
      'NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000, regulation 9(4) and regulation 7',
    ],
    [
      'HSC 2000/010 para 5 [V]; Audit Commission Act 1998 s28(1)(d) [V] (inferred: due 30 June)',
      'Health Service Circular HSC 2000/010, paragraph 5; Audit Commission Act 1998, section 28(1)(d)',
    ],
    ['EN 239 [V] (inferred: approve mode of the Regional Office gate)', 'Explanatory Notes to the Health Act 1999, paragraph 239'],
    ['hapa lifecycle, section31.md §13.3 (inferred)', ''],
  ])('when the citation is %s, then people read "%s"', (citation, forPeople) => {
    expect(citationForPeople(citation)).toBe(forPeople);
  });

  test('when user text contains markup, then the HTML shows it as text', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;');
    const { html } = renderNotification(
      reminder({ arrangementRef: 'S31"><img src=x>', reasons: 'Line one\nline <two>', facts: { title: 'a <b>' } }),
      arrangementUrl('S31"><img src=x>'),
    );
    expect(html).not.toMatch(/<img|<two>|<b>/);
    expect(html).toContain('<title>Reminder: a &#60;b&#62;, due Tuesday 30 June 2026 (S31&#34;&#62;&#60;img src=x&#62;)</title>');
    expect(html).toContain('<p>Line one<br>line &#60;two&#62;</p>');
    expect(html).toContain('href="https://hapa.example/arrangements/S31%22%3E%3Cimg%20src%3Dx%3E"');
  });

  test('when an escalation reaches the chief officers and the Regional Office, then it says senior officers are told, not the step', () => {
    const recipients = [
      { name: 'Asha Patel', email: 'asha.patel@nhs.example', role: 'responsible' as const },
      { name: 'Dr Ben Okafor', email: 'ben.okafor@icb.example', role: 'chiefOfficers' as const },
      { name: 'Regional Office (London)', email: 'ro.london@nhs.example', role: 'regionalOffice' as const },
    ];
    const overdue = reminder({
      kind: 'overdue',
      message: 'overdue',
      ladderStep: 'E3',
      recipients,
      facts: { title: 'Annual review', daysOverdue: 30 },
    });
    const { text, subject } = renderNotification(overdue, arrangementUrl('S31-2026-007'));
    expect(subject).toBe('Overdue: Annual review (S31-2026-007)');
    expect(text).not.toContain('E3');
    expect(text).toContain('It has not been recorded as done and is now 30 days late.');
    expect(text).toContain('this message also goes to more senior officers (chief officer and Regional Office)');
    expect(text).toContain(
      'Sent to Asha Patel (responsible officer), Dr Ben Okafor (chief officer), Regional Office (London) (Regional Office).',
    );
  });

  test('when a kind is unknown to this version (an old or new history), then a neutral heading is used and the subject stays on one line', () => {
    const unknownKind = { ...reminder({ subject: 'Two\nlines', message: undefined }), kind: 'somethingNew' } as unknown as Notification;
    const rendered = renderNotification(unknownKind, arrangementUrl('S31-2026-007'));
    expect(rendered.text.split('\n')[0]).toBe('Notification about the arrangement');
    expect(rendered.subject).toBe('Two lines');
  });
});
