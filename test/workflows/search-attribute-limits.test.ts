/**
 * The workflow keeps its search attributes within the server's size limit whatever its input holds:
 * on the dev server (a real Temporal server, which terminates a workflow whose upsert is too large),
 * an arrangement started directly, past the API's bounds, with a 2,100-character partner id and a
 * 3,000-character region keeps running and stays listed; and an Update past the API is held to the
 * same schema as the API's.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { encodedBytes, fitKeyword, fitKeywordList } from '../../workflows/listing';
import { ARRANGEMENT_PARTNERS, ARRANGEMENT_REGION, SEARCH_ATTRIBUTE_VALUE_MAX_BYTES } from '../../workflows/search-attributes';
import { officerOf, PARTNERS, validTerms } from '../domain/fixtures';
import { act, eventually, recordingActivities, refusalOf, startArrangement, stateOf } from '../helpers/arrangements';
import type { Command } from '../../domain';
import { devServerEnv, uniqueRef, withWorker } from '../helpers/temporal';

describe('search attribute values within the server limit', () => {
  test('when values fit, then they are kept as they are', () => {
    expect(fitKeyword('northWest')).toBe('northWest');
    expect(fitKeywordList(['ha-northshire', 'pct-riverside'])).toEqual(['ha-northshire', 'pct-riverside']);
  });

  test('when a Keyword is too long, then its longest fitting prefix is kept, counted in UTF-8 bytes', () => {
    const fitted = fitKeyword('é'.repeat(3000));
    expect(encodedBytes(fitted)).toBeLessThanOrEqual(SEARCH_ATTRIBUTE_VALUE_MAX_BYTES);
    expect(encodedBytes(`${fitted}é`)).toBeGreaterThan(SEARCH_ATTRIBUTE_VALUE_MAX_BYTES);
  });

  test('when a KeywordList is too long, then the values that fit are kept in order and the too-long one is left out', () => {
    const list = ['ha-northshire', 'x'.repeat(2043), 'pct-riverside'];
    expect(fitKeywordList(list)).toEqual(['ha-northshire', 'pct-riverside']);
  });
});

describe('an arrangement whose input is over the limits (dev server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await devServerEnv();
  });
  afterAll(() => env?.teardown());

  test('when it is started past the API with a 2,100-character partner id and a 3,000-character region, then the workflow keeps running and is listed', async () => {
    const longId = 'p'.repeat(2100);
    const terms = validTerms({
      startDate: '2031-04-01',
      endDate: '2034-03-31',
      reviewDate: '2032-09-30',
      partners: [...validTerms().partners, { ...PARTNERS.pct, id: longId }],
      regionalOffice: { ...validTerms().regionalOffice, region: 'r'.repeat(3000) },
    });
    await withWorker(env, recordingActivities(), async ({ taskQueue }) => {
      const handle = await startArrangement(env.client, taskQueue, { ref: uniqueRef('SAL'), terms }, officerOf(PARTNERS.ha.id));
      await eventually(async () => {
        const description = await handle.describe();
        expect(description.searchAttributes).toBeDefined();
        expect(description.typedSearchAttributes.get(ARRANGEMENT_PARTNERS)).toEqual(validTerms().partners.map((p) => p.id));
      }, 20_000);
      const description = await handle.describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.typedSearchAttributes.get(ARRANGEMENT_REGION)?.length).toBeGreaterThan(2000);
      expect((await stateOf(handle)).status).toBe('draft');
      await handle.terminate('test over');
    });
  });

  test('when an Update past the API carries what the schema refuses but no rule does, then the workflow refuses it and nothing changes', async () => {
    const terms = validTerms({ startDate: '2031-04-01', endDate: '2034-03-31', reviewDate: '2032-09-30' });
    await withWorker(env, recordingActivities(), async ({ taskQueue }) => {
      const handle = await startArrangement(env.client, taskQueue, { ref: uniqueRef('SAL'), terms }, officerOf(PARTNERS.ha.id));
      const command = { type: 'submitProposal', reason: 'x'.repeat(5000) } as Command;
      expect(await refusalOf(act(handle, { command, actor: officerOf(PARTNERS.ha.id) }))).toMatchObject({
        type: 'invalidCommand',
        path: ['reason'],
      });
      const state = await stateOf(handle);
      expect(state.status).toBe('draft');
      expect(state.audit).toHaveLength(1);
      await handle.terminate('test over');
    });
  });
});
