/**
 * The create request's fingerprint is stored for good (the workflow's memo, the register), and a
 * resend is recognised by comparing it: so a body must keep the fingerprint earlier versions gave it.
 */
import { fingerprintOf } from '../../api/fingerprint';
import { validTerms } from '../domain/fixtures';

const body = () => ({
  ref: 'FP-1',
  terms: validTerms(),
  policy: { notes: 'Ünïcödé "quoted" \u2028 line', list: [3, 1, { b: 2, a: [null, true, 1.5e-7] }] },
});

test('when a body was fingerprinted by an earlier version, then it still gets the same fingerprint, so its resend reads as a resend', () => {
  expect(fingerprintOf(body())).toBe('2b828eda2567e2aceae8878cadb9db2274c1d7d378002c925d2761b36f7c6052');
});

test('when the same body comes with its keys in another order or with undefined fields, then its fingerprint is the same', () => {
  const { ref, terms, policy } = body();
  const reordered = { policy: { list: policy.list, notes: policy.notes, absent: undefined }, terms, ref };
  expect(fingerprintOf(reordered)).toBe(fingerprintOf(body()));
  expect(fingerprintOf({ ...body(), ref: 'FP-2' })).not.toBe(fingerprintOf(body()));
});
