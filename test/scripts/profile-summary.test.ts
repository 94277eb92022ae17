import { formatSummary, packageOf, summariseProfiles, type CpuProfile } from '../../scripts/profile-summary';

const root = '/repo';
const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// root → handle (api/app.ts) → verify (jose) → verify again (recursion) ; root → (idle)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5] },
    { id: 2, callFrame: frame('handle', 'file:///repo/api/app.ts', 9), children: [3] },
    { id: 3, callFrame: frame('verify', 'file:///repo/node_modules/jose/dist/verify.js', 41), children: [4] },
    { id: 4, callFrame: frame('verify', 'file:///repo/node_modules/jose/dist/verify.js', 41), children: [] },
    { id: 5, callFrame: frame('(idle)'), children: [] },
  ],
  startTime: 0,
  endTime: 10_000,
  samples: [2, 3, 4, 4, 5],
  timeDeltas: [1000, 2000, 3000, 1000, 3000],
};

describe('profile summary', () => {
  it('gives each function its self time and its inclusive time once, even when it recurses', () => {
    const summary = summariseProfiles([profile], root);
    expect(summary.sampledMs).toBe(10);
    expect(summary.busyMs).toBe(7);
    const verify = summary.functions.find((r) => r.name === 'verify');
    expect(verify).toEqual({ name: 'verify', location: 'node_modules/jose/dist/verify.js:42', selfMs: 6, totalMs: 6 });
    const handle = summary.functions.find((r) => r.name === 'handle');
    expect(handle).toMatchObject({ location: 'api/app.ts:10', selfMs: 1, totalMs: 7 });
  });

  it('rolls time up per package and adds several profiles together', () => {
    const summary = summariseProfiles([profile, profile], root);
    expect(summary.packages.find((r) => r.name === 'jose')).toMatchObject({ selfMs: 12, totalMs: 12 });
    expect(summary.packages.find((r) => r.name === 'api/')).toMatchObject({ selfMs: 2, totalMs: 14 });
  });

  it('names packages by node_modules folder, scoped ones whole, and node and V8 entries apart', () => {
    expect(packageOf('file:///repo/node_modules/@temporalio/client/lib/x.js', 'f', root)).toBe('@temporalio/client');
    expect(packageOf('file:///repo/node_modules/a/node_modules/b/i.js', 'f', root)).toBe('b');
    expect(packageOf('node:internal/streams/writable', 'write', root)).toBe('node:internal');
    expect(packageOf('', '(garbage collector)', root)).toBe('(garbage collector)');
    expect(packageOf('', 'parse', root)).toBe('(native)');
  });

  it('prints percentages of busy time, idle left out of the tables', () => {
    const text = formatSummary(summariseProfiles([profile], root), 5);
    expect(text).toContain('busy (not idle) 7 ms');
    expect(text).toMatch(/6\.0\s+85\.7%\s+6\.0\s+85\.7%\s+verify\s+node_modules\/jose\/dist\/verify\.js:42/);
    expect(text).not.toContain('(idle)');
  });
});
