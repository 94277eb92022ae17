import { DEFAULT_POLICY, mergePolicy, resolvePolicy } from '../../domain';

describe('the policy an arrangement starts with: deployment, then request', () => {
  test('when neither the deployment nor the request overrides anything, then the defaults apply', () => {
    expect(mergePolicy()).toEqual({});
    expect(resolvePolicy(mergePolicy(undefined, undefined))).toEqual(DEFAULT_POLICY);
  });

  test('when only the deployment overrides a field, then the arrangement takes it', () => {
    expect(resolvePolicy(mergePolicy({ consultationWeeks: 8 }, {})).consultationWeeks).toBe(8);
  });

  test('when the request overrides a field the deployment also sets, then the request wins and the other fields stay', () => {
    const merged = mergePolicy({ consultationWeeks: 8, windUpDays: 60 }, { consultationWeeks: 10 });
    expect(merged).toEqual({ consultationWeeks: 10, windUpDays: 60 });
  });

  test('when the request replaces an object field, then it replaces it whole, not key by key', () => {
    const merged = mergePolicy(
      { bankHolidays: { additional: ['2001-01-02'], removed: [] } },
      { bankHolidays: { additional: [], removed: ['2001-12-25'] } },
    );
    expect(merged.bankHolidays).toEqual({ additional: [], removed: ['2001-12-25'] });
  });

  test('when the request leaves a field undefined, then the deployment’s value stands', () => {
    expect(mergePolicy({ allowRetrospectiveStart: true }, { allowRetrospectiveStart: undefined })).toEqual({
      allowRetrospectiveStart: true,
    });
  });
});
